import { createRoute, z } from '@hono/zod-openapi'
import { and, eq, type SQL } from 'drizzle-orm'
import {
  interventionCategorySchema,
  interventionSchema,
  type Intervention,
} from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { councils, interventions } from '../db/schema'
import type { Executor } from '../db/client'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { forbidden, notFound, ProblemError, zodProblems } from '../problem'
import { requestContext } from '../services/context'
import { createIntervention, reviseIntervention } from '../services/interventions'

/** The body an officer sends: the intervention without its owning council, which is the officer's own. */
const { owning_council: _owner, ...bodyShape } = interventionSchema.shape
const interventionBodySchema = z.strictObject(bodyShape).openapi('InterventionInput')

const interventionOutSchema = z
  .object({
    id: z.uuid(),
    council_id: z.uuid(),
    name: z.string(),
    category: interventionCategorySchema,
    details: z
      .record(z.string(), z.unknown())
      .describe('The registered intervention (interventionSchema)'),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('Intervention')
/** An intervention as the API answers it. */
export type InterventionOut = z.infer<typeof interventionOutSchema>
const interventionListSchema = z.object({ interventions: z.array(interventionOutSchema) })
/** GET /interventions. */
export type InterventionList = z.infer<typeof interventionListSchema>

type Row = typeof interventions.$inferSelect
const out = (r: Row) => ({
  id: r.id,
  council_id: r.councilId,
  name: r.name,
  category: r.category as z.infer<typeof interventionCategorySchema>,
  details: r.details,
  created_at: r.createdAt.toISOString(),
  updated_at: r.updatedAt.toISOString(),
})

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const authed = [authenticate]
const officers = [authenticate, allow('officer')]

const list = createRoute({
  method: 'get',
  path: '/interventions',
  tags: ['Registry'],
  summary: 'List interventions (shared across councils)',
  security: bearerSecurity,
  middleware: authed,
  request: {
    query: z.object({
      category: interventionCategorySchema.optional(),
      council_id: z.uuid().optional(),
    }),
  },
  responses: {
    200: {
      description: 'Interventions',
      content: {
        'application/json': { schema: interventionListSchema },
      },
    },
    ...problemResponses(401, 422),
  },
})

const get = createRoute({
  method: 'get',
  path: '/interventions/{id}',
  tags: ['Registry'],
  summary: 'One intervention',
  security: bearerSecurity,
  middleware: authed,
  request: { params: idParam },
  responses: {
    200: {
      description: 'The intervention',
      content: { 'application/json': { schema: interventionOutSchema } },
    },
    ...problemResponses(401, 404, 422),
  },
})

const create = createRoute({
  method: 'post',
  path: '/interventions',
  tags: ['Registry'],
  summary: "Register an intervention, owned by the officer's council",
  security: bearerSecurity,
  middleware: officers,
  request: { body: jsonBody(interventionBodySchema) },
  responses: {
    201: {
      description: 'Registered',
      content: { 'application/json': { schema: interventionOutSchema } },
    },
    ...problemResponses(400, 401, 403, 415, 422),
  },
})

const replace = createRoute({
  method: 'put',
  path: '/interventions/{id}',
  tags: ['Registry'],
  summary:
    "Revise an intervention's description (officers of the owning council); the audit trail keeps the previous version",
  security: bearerSecurity,
  middleware: officers,
  request: { params: idParam, body: jsonBody(interventionBodySchema) },
  responses: {
    200: {
      description: 'Revised',
      content: { 'application/json': { schema: interventionOutSchema } },
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
})

export const interventionRoutes = createRouter()
  .openapi(list, async (c) => {
    const q = c.req.valid('query')
    const conditions: SQL[] = []
    if (q.category) conditions.push(eq(interventions.category, q.category))
    if (q.council_id) conditions.push(eq(interventions.councilId, q.council_id))
    const rows = await c.var.db
      .select()
      .from(interventions)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(interventions.name)
    return c.json({ interventions: rows.map(out) }, 200)
  })
  .openapi(get, async (c) => {
    const { id } = c.req.valid('param')
    const [row] = await c.var.db.select().from(interventions).where(eq(interventions.id, id))
    if (!row) throw notFound(`intervention ${id}`)
    return c.json(out(row), 200)
  })
  .openapi(create, async (c) => {
    return c.json(out(await createIntervention(requestContext(c), c.req.valid('json'))), 201)
  })
  .openapi(replace, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(out(await reviseIntervention(requestContext(c), id, c.req.valid('json'))), 200)
  })
