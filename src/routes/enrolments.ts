import { createRoute, z } from '@hono/zod-openapi'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { actorContext } from '../services/audit'
import { requestContext } from '../services/context'
import { recordDataView } from '../services/data-view'
import { allocationExport, enrol, enrolmentPage, householdEnrolment } from '../services/enrolment'
import { householdInPath } from '../services/pseudonym'
import { visibleSeed } from '../../trials/protocol'
import { allocationExportSchema } from '../../trials/randomisation'
import { rateLimit } from '../middleware/rate-limit'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const householdParams = idParam.extend({
  household: z.string().openapi({
    param: { name: 'household', in: 'path' },
    description:
      "The pseudonymous household id (hh_...), or the council's own case reference, pseudonymised on arrival (never stored or echoed)",
    example: 'HOC-00017',
  }),
})

const householdSchema = z
  .strictObject({
    household_ref: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .describe(
        "The council's own case reference. It is pseudonymised on arrival with a council-keyed HMAC and never stored or logged."
      ),
    baseline: z
      .record(z.string(), z.union([z.string(), z.number(), z.null()]))
      .default({})
      .describe(
        'Baseline covariates by protocol name; strata, cluster and minimisation fields are required'
      ),
  })
  .openapi('HouseholdEnrolment')

const enrolmentSchema = z
  .object({
    household: z.string().describe('The pseudonymous household id'),
    sequence: z.int().describe('Order of presentation within the trial, from 1'),
    arm: z.string(),
    stratum: z
      .string()
      .nullable()
      .describe('Stratum key; withheld (null) until the seed is revealed at close'),
    block: z
      .int()
      .nullable()
      .describe('Block number within the stratum; withheld (null) until the seed is revealed'),
    algorithm: z
      .string()
      .describe('Randomisation algorithm and version, e.g. trialworks-randomisation/1'),
    protocol_version: z.int(),
    enrolled_at: z.string(),
    replayed: z
      .boolean()
      .describe(
        'True when the household was already enrolled: its original allocation is returned'
      ),
    warnings: z
      .array(
        z.object({
          code: z.literal('baseline-differs'),
          fields: z.array(z.string()).describe('The baseline fields that differ from the record'),
          detail: z.string(),
        })
      )
      .optional()
      .describe(
        'A household presented again with baseline values that differ from those recorded: it keeps its original arm'
      ),
  })
  .openapi('Enrolment')
/** One enrolment (POST /trials/{id}/enrolments). */
export type Enrolment = z.infer<typeof enrolmentSchema>
const enrolmentPageSchema = z.object({
  enrolments: z.array(enrolmentSchema),
  next_after: z
    .int()
    .nullable()
    .describe('Pass as `after` for the next page; null on the last page'),
})
/** GET /trials/{id}/enrolments: one page. */
export type EnrolmentPage = z.infer<typeof enrolmentPageSchema>

/** The export as `npm run verify` reads it, with when it was made. */
const allocationExportOut = allocationExportSchema.extend({ exported_at: z.string() })

const officers = [authenticate, allow('officer')]
const enrollers = [...officers, rateLimit('enrolment')]
const authed = [authenticate]

const routes = {
  enrol: createRoute({
    method: 'post',
    path: '/trials/{id}/enrolments',
    tags: ['Randomisation'],
    summary:
      'Randomise one household as it presents; its arm is returned only after the enrolment is committed',
    security: bearerSecurity,
    middleware: enrollers,
    request: { params: idParam, body: jsonBody(householdSchema) },
    responses: {
      201: {
        description: 'Randomised',
        content: { 'application/json': { schema: enrolmentSchema } },
      },
      200: {
        description: 'Already enrolled: the original allocation',
        content: { 'application/json': { schema: enrolmentSchema } },
      },
      ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
    },
  }),
  batch: createRoute({
    method: 'post',
    path: '/trials/{id}/enrolments/batch',
    tags: ['Randomisation'],
    summary: 'Randomise many households in the order given, all or nothing',
    security: bearerSecurity,
    middleware: enrollers,
    request: {
      params: idParam,
      body: jsonBody(z.strictObject({ households: z.array(householdSchema).min(1).max(100_000) })),
    },
    responses: {
      201: {
        description: 'Randomised',
        content: {
          'application/json': {
            schema: z.object({
              enrolments: z.array(
                enrolmentSchema.extend({
                  index: z.int().describe('The row of `households` this result is for, from 0'),
                })
              ),
            }),
          },
        },
      },
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/trials/{id}/enrolments',
    tags: ['Randomisation'],
    summary: 'Enrolled households in order of presentation, a page at a time',
    security: bearerSecurity,
    middleware: authed,
    request: {
      params: idParam,
      query: z.object({
        after: z.coerce
          .number()
          .int()
          .min(0)
          .default(0)
          .describe('Return enrolments with a sequence number above this one'),
        limit: z.coerce.number().int().min(1).max(10_000).default(1_000).describe('Page size'),
      }),
    },
    responses: {
      200: {
        description: 'Enrolments',
        content: {
          'application/json': {
            schema: enrolmentPageSchema,
          },
        },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
  household: createRoute({
    method: 'get',
    path: '/trials/{id}/households/{household}/enrolment',
    tags: ['Randomisation'],
    summary: "One household's enrolment: its sequence number and arm",
    security: bearerSecurity,
    middleware: authed,
    request: { params: householdParams },
    responses: {
      200: {
        description: 'The enrolment',
        content: { 'application/json': { schema: enrolmentSchema } },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
  export: createRoute({
    method: 'get',
    path: '/trials/{id}/allocation-export',
    tags: ['Randomisation'],
    summary:
      'After close: seed, protocol and every unit in order, to re-derive each allocation (`npm run verify`)',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: {
        description: 'Allocation export',
        content: { 'application/json': { schema: allocationExportOut } },
      },
      ...problemResponses(401, 404, 409),
    },
  }),
}

const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id

export const enrolmentRoutes = createRouter()
  .openapi(routes.enrol, async (c) => {
    const [result] = await enrol(requestContext(c), id(c), [c.req.valid('json')], () => '')
    return c.json(result!, result!.replayed ? 200 : 201)
  })
  .openapi(routes.batch, async (c) => {
    const { households } = c.req.valid('json')
    const results = await enrol(requestContext(c), id(c), households, (i) => `/households/${i}`)
    // One result per submitted row, in order: `index` echoes the row so arms can be matched to the list.
    return c.json({ enrolments: results.map((e, index) => ({ index, ...e })) }, 201)
  })
  .openapi(routes.list, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    return c.json(
      await enrolmentPage(c.var.db, trial.id, c.req.valid('query'), visibleSeed(trial) !== null),
      200
    )
  })
  .openapi(routes.household, async (c) => {
    const { household } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    const key = householdInPath(c.var.deps.config.pseudonymKey, trial.councilId, household)
    return c.json(await householdEnrolment(c.var.db, trial, key), 200)
  })
  .openapi(routes.export, async (c) => {
    const exported = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id(c), 'read')
      const document = await allocationExport(tx, trial, c.var.deps.clock())
      await recordDataView(tx, actorContext(c), trial, {
        kind: 'download',
        what: 'allocation-export',
        data: ['baseline'],
        rows: document.units.length,
        outcomesRecorded: 0,
      })
      return document
    })
    return c.json(exported, 200)
  })
