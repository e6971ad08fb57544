import { createRoute, z } from '@hono/zod-openapi'
import { councilSchema } from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { councils, roles, type users } from '../db/schema'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import {
  addCouncil,
  addUser,
  grantToEvaluator,
  issueUserToken,
  revokeUserToken,
} from '../services/admin'
import { requestContext } from '../services/context'

const uuid = z.uuid()
const councilOutSchema = z
  .object({
    id: uuid,
    slug: z.string(),
    code: z.string(),
    name: z.string(),
    created_at: z.string(),
  })
  .openapi('Council')
const userSchema = z
  .object({
    id: uuid,
    name: z.string(),
    role: z.enum(roles),
    council_id: uuid.nullable(),
    created_at: z.string(),
  })
  .openapi('User')

const councilOut = (c: typeof councils.$inferSelect) => ({
  id: c.id,
  slug: c.slug,
  code: c.code,
  name: c.name,
  created_at: c.createdAt.toISOString(),
})
const userOut = (u: typeof users.$inferSelect) => ({
  id: u.id,
  name: u.name,
  role: u.role,
  council_id: u.councilId,
  created_at: u.createdAt.toISOString(),
})

const adminOnly = [authenticate, allow('admin')]
const authed = [authenticate]

const listCouncils = createRoute({
  method: 'get',
  path: '/councils',
  tags: ['Accounts'],
  summary: 'List councils in the network',
  security: bearerSecurity,
  middleware: authed,
  responses: {
    200: {
      description: 'Councils',
      content: {
        'application/json': { schema: z.object({ councils: z.array(councilOutSchema) }) },
      },
    },
    ...problemResponses(401),
  },
})

const postCouncil = createRoute({
  method: 'post',
  path: '/admin/councils',
  tags: ['Accounts'],
  summary: 'Create a council (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z.strictObject({
        slug: z
          .string()
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens')
          .max(64),
        code: councilSchema.shape.code,
        name: councilSchema.shape.name,
      })
    ),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: councilOutSchema } } },
    ...problemResponses(400, 401, 403, 409, 415, 422),
  },
})

const postUser = createRoute({
  method: 'post',
  path: '/admin/users',
  tags: ['Accounts'],
  summary: 'Create a staff account (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().min(1).max(200),
          role: z.enum(roles),
          council_id: uuid.optional(),
        })
        .refine((u) => u.role !== 'officer' || u.council_id, {
          message: 'officers belong to a council',
          path: ['council_id'],
        })
        .refine((u) => u.role === 'officer' || !u.council_id, {
          message: 'only officers belong to a council; grant evaluators access instead',
          path: ['council_id'],
        })
    ),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: userSchema } } },
    ...problemResponses(400, 401, 403, 415, 422),
  },
})

const postToken = createRoute({
  method: 'post',
  path: '/admin/users/{id}/tokens',
  tags: ['Accounts'],
  summary: 'Issue an API token for a user (admin). The token is shown once.',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    params: z.object({ id: uuid }),
    body: jsonBody(
      z.strictObject({ label: z.string().min(1).max(100), expires_at: z.iso.datetime().optional() })
    ),
  },
  responses: {
    201: {
      description: 'Issued',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            token: z.string(),
            user_id: uuid,
            label: z.string(),
            expires_at: z.string().nullable(),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
})

const deleteToken = createRoute({
  method: 'delete',
  path: '/admin/tokens/{id}',
  tags: ['Accounts'],
  summary: 'Revoke an API token (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[A-Za-z0-9_-]{12}$/, 'a token id: the 12 characters after tw_')
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 422) },
})

const postGrant = createRoute({
  method: 'post',
  path: '/admin/evaluator-grants',
  tags: ['Accounts'],
  summary: "Grant an evaluator access to one trial or to a council's trials (admin)",
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z
        .strictObject({ user_id: uuid, council_id: uuid.optional(), trial_id: uuid.optional() })
        .refine((g) => !!g.council_id !== !!g.trial_id, {
          message: 'give exactly one of council_id and trial_id',
          path: ['council_id'],
        })
    ),
  },
  responses: {
    201: {
      description: 'Granted',
      content: { 'application/json': { schema: z.object({ id: uuid }) } },
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
})

const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Accounts'],
  summary: 'Who the token belongs to',
  security: bearerSecurity,
  middleware: authed,
  responses: {
    200: {
      description: 'The caller',
      content: {
        'application/json': {
          schema: z.object({
            user_id: uuid,
            name: z.string(),
            role: z.enum(roles),
            council_id: uuid.nullable(),
            granted_council_ids: z.array(uuid),
            granted_trial_ids: z.array(uuid),
          }),
        },
      },
    },
    ...problemResponses(401),
  },
})

export const adminRoutes = createRouter()
  .openapi(listCouncils, async (c) => {
    const rows = await c.var.db.select().from(councils).orderBy(councils.name)
    return c.json({ councils: rows.map(councilOut) }, 200)
  })
  .openapi(postCouncil, async (c) => {
    const council = await addCouncil(requestContext(c), c.req.valid('json'))
    return c.json(councilOut(council), 201)
  })
  .openapi(postUser, async (c) => {
    const user = await addUser(requestContext(c), c.req.valid('json'))
    return c.json(userOut(user), 201)
  })
  .openapi(postToken, async (c) => {
    const { id } = c.req.valid('param')
    const issued = await issueUserToken(requestContext(c), id, c.req.valid('json'))
    return c.json(
      {
        id: issued.id,
        token: issued.token,
        user_id: id,
        label: issued.label,
        expires_at: issued.expiresAt?.toISOString() ?? null,
      },
      201
    )
  })
  .openapi(deleteToken, async (c) => {
    await revokeUserToken(requestContext(c), c.req.valid('param').id)
    return c.body(null, 204)
  })
  .openapi(postGrant, async (c) => {
    const grant = await grantToEvaluator(requestContext(c), c.req.valid('json'))
    return c.json({ id: grant.id }, 201)
  })
  .openapi(getMe, (c) => {
    const p = c.var.principal
    return c.json(
      {
        user_id: p.userId,
        name: p.name,
        role: p.role,
        council_id: p.councilId,
        granted_council_ids: p.grantedCouncilIds,
        granted_trial_ids: p.grantedTrialIds,
      },
      200
    )
  })
