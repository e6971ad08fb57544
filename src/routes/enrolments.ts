import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, eq, gt } from 'drizzle-orm'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { enrolments } from '../db/schema'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { rateLimit } from '../middleware/rate-limit'
import { conflict } from '../problem'
import { enrolHouseholds, enrolmentOut } from '../services/enrolment'
import { permissions } from '../../trials/protocol/lifecycle'

/** Runs an enrolling transaction; its allocator is kept for the next enrolment only once it has committed. */
async function committed<T>(
  run: () => Promise<{ enrolments: T; remember: () => void }>
): Promise<T> {
  const { enrolments, remember } = await run()
  remember()
  return enrolments
}

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })

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
      .describe(
        'Block number within the stratum; withheld (null) until the seed is revealed at close'
      ),
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
  })
  .openapi('Enrolment')

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
          'application/json': { schema: z.object({ enrolments: z.array(enrolmentSchema) }) },
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
            schema: z.object({
              enrolments: z.array(enrolmentSchema),
              next_after: z
                .int()
                .nullable()
                .describe('Pass as `after` for the next page; null on the last page'),
            }),
          },
        },
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
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(401, 404, 409),
    },
  }),
}

export const enrolmentRoutes = createRouter()
  .openapi(routes.enrol, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const [result] = await committed(() =>
      c.var.db.transaction(async (tx) => {
        const trial = await loadTrial(tx, c.var.principal, id, 'enrol', { forUpdate: true })
        return enrolHouseholds(
          tx,
          trial,
          { userId: c.var.principal.userId, requestId: c.var.requestId },
          c.var.deps.clock(),
          c.var.deps.config.pseudonymKey,
          [body],
          () => ''
        )
      })
    )
    return c.json(result!, result!.replayed ? 200 : 201)
  })
  .openapi(routes.batch, async (c) => {
    const { id } = c.req.valid('param')
    const { households } = c.req.valid('json')
    const results = await committed(() =>
      c.var.db.transaction(async (tx) => {
        const trial = await loadTrial(tx, c.var.principal, id, 'enrol', { forUpdate: true })
        return enrolHouseholds(
          tx,
          trial,
          { userId: c.var.principal.userId, requestId: c.var.requestId },
          c.var.deps.clock(),
          c.var.deps.config.pseudonymKey,
          households,
          (i) => `/households/${i}`
        )
      })
    )
    return c.json({ enrolments: results }, 201)
  })
  .openapi(routes.list, async (c) => {
    const { id } = c.req.valid('param')
    const { after, limit } = c.req.valid('query')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    const rows = await c.var.db
      .select()
      .from(enrolments)
      .where(and(eq(enrolments.trialId, trial.id), gt(enrolments.sequence, after)))
      .orderBy(asc(enrolments.sequence))
      .limit(limit + 1)
    const page = rows.slice(0, limit)
    return c.json(
      {
        enrolments: page.map((r) => enrolmentOut(r, false, permissions(trial.status).seedRevealed)),
        next_after: rows.length > limit ? page.at(-1)!.sequence : null,
      },
      200
    )
  })
  .openapi(routes.export, async (c) => {
    const { id } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    if (!['closed', 'analysed', 'rated'].includes(trial.status)) {
      throw conflict(
        'not-closed',
        'the allocation export (with the seed) is published once the trial has closed',
        {
          status: trial.status,
        }
      )
    }
    const rows = await c.var.db
      .select()
      .from(enrolments)
      .where(eq(enrolments.trialId, trial.id))
      .orderBy(asc(enrolments.sequence))
    const protocol = trial.protocol as { randomisation: unknown }
    return c.json(
      {
        trial_id: trial.id,
        protocol_hash: trial.protocolHash,
        protocol,
        algorithm: rows[0]?.algorithm ?? null,
        randomisation: protocol.randomisation,
        seed: trial.seed,
        seed_commitment: trial.seedCommitment,
        exported_at: c.var.deps.clock().toISOString(),
        units: rows.map((r) => ({
          id: r.household,
          fields: r.unit,
          arm: r.arm,
          ...(r.stratum !== null ? { stratum: r.stratum } : {}),
          ...(r.block !== null ? { block: r.block } : {}),
        })),
      },
      200
    )
  })
