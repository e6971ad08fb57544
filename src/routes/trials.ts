import { createRoute, z } from '@hono/zod-openapi'
import {
  amendmentRequestSchema,
  protocolDraftSchema,
  visibleSeed,
  trialStatusSchema,
} from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { requestContext } from '../services/context'
import {
  amend,
  close,
  completeDataCollection,
  createDraft,
  editDraft,
  listTrials,
  listVersions,
  recruit,
  register,
  registrationRecord,
  trialOut,
  withdraw,
} from '../services/trials'

const outcomesFirstSeenSchema = z
  .object({
    at: z.string().describe('ISO 8601 UTC'),
    how: z
      .enum(['download', 'planned-analysis', 'exploratory-analysis', 'results'])
      .describe('An outcome data download, an analysis run, or stored results opened'),
  })
  .nullable()
  .describe(
    'When outcome data or results of the trial were first seen, and how; null while no one has. Amendments made after it are flagged `outcomes_seen`'
  )

const trialOutSchema = z
  .object({
    id: z.uuid(),
    council_id: z.uuid(),
    intervention_id: z.uuid(),
    title: z.string(),
    status: trialStatusSchema,
    allowed_transitions: z.array(trialStatusSchema),
    protocol: z
      .record(z.string(), z.unknown())
      .describe(
        'The current protocol (draft, or the registered version; block sizes sealed by their commitment, published with the seed)'
      ),
    protocol_version: z.int().describe('0 for a draft; 1 at registration; +1 per amendment'),
    protocol_hash: z
      .string()
      .nullable()
      .describe('SHA-256 of the RFC 8785 canonical JSON of the registered (public) protocol'),
    registration_hash: z
      .string()
      .nullable()
      .describe(
        'SHA-256 of the canonical registration record: protocol, algorithm, engine identity and seed commitment'
      ),
    seed_commitment: z
      .string()
      .nullable()
      .describe('SHA-256 of the randomisation seed, published at registration'),
    seed: z
      .string()
      .nullable()
      .describe(
        'The randomisation seed, revealed once the trial has closed or was withdrawn after registration'
      ),
    sealed: z
      .object({ block_sizes: z.array(z.int()) })
      .nullable()
      .describe(
        'The sealed block sizes, published with the seed (their commitment is in the protocol)'
      ),
    created_at: z.string(),
    updated_at: z.string(),
    registered_at: z.string().nullable(),
    recruiting_at: z.string().nullable(),
    closed_at: z.string().nullable(),
    data_complete_at: z
      .string()
      .nullable()
      .describe('When data collection was declared complete: the final analysis runs from then'),
    outcomes_first_seen: outcomesFirstSeenSchema,
  })
  .openapi('Trial')
/** A trial as the API answers it (GET /trials/{id} and every lifecycle step). */
export type Trial = z.infer<typeof trialOutSchema>
const trialListSchema = z.object({ trials: z.array(trialOutSchema) })
/** GET /trials. */
export type TrialList = z.infer<typeof trialListSchema>

const versionSchema = z
  .object({
    version: z.int(),
    protocol_hash: z.string(),
    reason: z.string().nullable(),
    author: z.string(),
    created_at: z.string(),
    diff: z
      .array(z.record(z.string(), z.unknown()))
      .nullable()
      .describe('Field-level changes from the previous version (JSON Pointer paths)'),
    deviation: z
      .boolean()
      .describe(
        'True when the amendment changed the primary outcome, hypotheses or analysis plan after recruitment started'
      ),
    deviation_reasons: z.array(z.record(z.string(), z.unknown())).nullable(),
    registration_hash: z.string().nullable(),
    outcomes_seen: z
      .boolean()
      .nullable()
      .describe(
        'Whether outcome data or results had been seen when this version was made (null: made before this was recorded)'
      ),
  })
  .openapi('ProtocolVersion')
const versionListSchema = z.object({ versions: z.array(versionSchema) })
/** GET /trials/{id}/versions. */
export type VersionList = z.infer<typeof versionListSchema>

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
/** A JSON answer described by `schema`, so that each handler's body is checked against it. */
const ok = <S extends z.ZodType>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
})
/** A lifecycle step's answer: the trial as it now stands. */
const trialOk = (description: string) => ok(description, trialOutSchema)
const authed = [authenticate]
const officers = [authenticate, allow('officer')]

const createBody = z
  .strictObject({
    intervention_id: z.uuid().describe('The registered intervention this trial evaluates'),
    protocol: protocolDraftSchema.describe(
      'The draft protocol; `intervention` is filled in from intervention_id, `councils` defaults to your council'
    ),
  })
  .openapi('TrialDraftInput')

/** A bodiless lifecycle step for officers, e.g. POST /trials/{id}/close. */
const transitionRoute = <P extends string>(step: P, summary: string, done: string) =>
  createRoute({
    method: 'post',
    path: `/trials/{id}/${step}` as `/trials/{id}/${P}`,
    tags: ['Registry'],
    summary,
    security: bearerSecurity,
    middleware: officers,
    request: { params: idParam },
    responses: { 200: trialOk(done), ...problemResponses(401, 403, 404, 409) },
  })

const routes = {
  list: createRoute({
    method: 'get',
    path: '/trials',
    tags: ['Registry'],
    summary: 'List the trials you can see, filtered by council, intervention or status',
    security: bearerSecurity,
    middleware: authed,
    request: {
      query: z.object({
        council_id: z.uuid().optional(),
        intervention_id: z.uuid().optional(),
        status: trialStatusSchema.optional(),
      }),
    },
    responses: {
      200: ok('Trials', trialListSchema),
      ...problemResponses(401, 422),
    },
  }),
  create: createRoute({
    method: 'post',
    path: '/trials',
    tags: ['Registry'],
    summary: 'Create a draft trial for your council (officers)',
    security: bearerSecurity,
    middleware: officers,
    request: { body: jsonBody(createBody) },
    responses: { 201: trialOk('Draft created'), ...problemResponses(400, 401, 403, 415, 422) },
  }),
  get: createRoute({
    method: 'get',
    path: '/trials/{id}',
    tags: ['Registry'],
    summary: 'One trial with its current protocol',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { 200: trialOk('The trial'), ...problemResponses(401, 404, 422) },
  }),
  editDraft: createRoute({
    method: 'put',
    path: '/trials/{id}/protocol',
    tags: ['Registry'],
    summary: 'Replace the protocol of a draft (registered protocols change only by amendment)',
    security: bearerSecurity,
    middleware: officers,
    request: { params: idParam, body: jsonBody(z.strictObject({ protocol: protocolDraftSchema })) },
    responses: {
      200: trialOk('Draft saved'),
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  register: createRoute({
    method: 'post',
    path: '/trials/{id}/register',
    tags: ['Registry'],
    summary:
      'Register the protocol: validate it fully, lock it by hash and commit to a randomisation seed',
    description:
      'Every problem that stops the protocol being executed is listed in `errors` (JSON Pointers into the protocol). The server draws the seed (256 bits from a CSPRNG; no one may choose it); it stays secret while recruiting and only SHA-256(seed) is published, inside the hashed registration record with the protocol (block sizes sealed), the randomisation algorithm and the engine identity.',
    security: bearerSecurity,
    middleware: officers,
    request: {
      params: idParam,
      body: {
        required: false,
        content: { 'application/json': { schema: z.strictObject({}) } },
      },
    },
    responses: {
      200: trialOk('Registered'),
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  recruit: transitionRoute(
    'recruit',
    'Start recruiting: households can now be randomised',
    'Recruiting'
  ),
  close: transitionRoute(
    'close',
    'Close recruitment and reveal the seed, so anyone can re-derive every allocation',
    'Closed'
  ),
  withdraw: createRoute({
    method: 'post',
    path: '/trials/{id}/withdraw',
    tags: ['Registry'],
    summary: 'Withdraw the trial, with a reason (the record stays public)',
    security: bearerSecurity,
    middleware: officers,
    request: {
      params: idParam,
      body: jsonBody(
        z.strictObject({
          reason: z.string().min(10).max(2000).describe('Why the trial is withdrawn'),
        })
      ),
    },
    responses: {
      200: trialOk('Withdrawn'),
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  completeDataCollection: createRoute({
    method: 'post',
    path: '/trials/{id}/complete-data-collection',
    tags: ['Registry'],
    summary:
      'Declare data collection complete, so that the final registered analysis can run (officers and evaluators)',
    description:
      "Without a reason this is allowed once every enrolled household's registered follow-up windows have passed; before then a reason of at least 10 characters is required (e.g. the data source closed). Outcome recording continues while the trial is closed; analyses run before this step are interim.",
    security: bearerSecurity,
    middleware: [authenticate, allow('officer', 'evaluator')],
    request: {
      params: idParam,
      body: {
        required: false,
        content: {
          'application/json': {
            schema: z.strictObject({
              reason: z
                .string()
                .max(2000)
                .optional()
                .describe('Why collection is complete before every follow-up window has passed'),
            }),
          },
        },
      },
    },
    responses: {
      200: trialOk('Data collection complete'),
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  amend: createRoute({
    method: 'post',
    path: '/trials/{id}/amendments',
    tags: ['Registry'],
    summary:
      'Amend a registered protocol: a new version with reason, author, timestamp and a field-level diff',
    description:
      'The amended protocol is validated as at registration. Changes to the primary outcome, hypotheses or analysis plan after recruitment started are recorded as deviations and shown with every result. Once households are allocated, the randomisation, arms and unit of randomisation cannot change (allocations must stay re-derivable).',
    security: bearerSecurity,
    middleware: officers,
    request: {
      params: idParam,
      body: jsonBody(amendmentRequestSchema.omit({ author: true })),
    },
    responses: {
      201: ok('The new version', versionSchema),
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  versions: createRoute({
    method: 'get',
    path: '/trials/{id}/versions',
    tags: ['Registry'],
    summary: 'Every registered protocol version with its diff, reason, author and deviation flags',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: ok('Versions', versionListSchema),
      ...problemResponses(401, 404),
    },
  }),
  registration: createRoute({
    method: 'get',
    path: '/trials/{id}/registration',
    tags: ['Registry'],
    summary: 'The public registration record with the registered protocol (no token needed)',
    request: { params: idParam },
    responses: {
      200: ok(
        'Registration record',
        z.object({
          trial_id: z.uuid(),
          title: z.string(),
          council: z.string(),
          intervention: z.string(),
          status: trialStatusSchema,
          protocol_version: z.int(),
          protocol_hash: z.string(),
          seed_commitment: z.string(),
          seed: z.string().nullable(),
          sealed: z.object({ block_sizes: z.array(z.int()) }).nullable(),
          registration_hash: z.string().nullable(),
          registered_at: z.string(),
          outcomes_first_seen: outcomesFirstSeenSchema,
          protocol: z.record(z.string(), z.unknown()),
        })
      ),
      ...problemResponses(404, 422),
    },
  }),
}

const rc = requestContext
const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id

export const trialRoutes = createRouter()
  .openapi(routes.list, async (c) =>
    c.json({ trials: await listTrials(rc(c), c.req.valid('query')) }, 200)
  )
  .openapi(routes.create, async (c) => c.json(await createDraft(rc(c), c.req.valid('json')), 201))
  .openapi(routes.get, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    return c.json(trialOut(trial), 200)
  })
  .openapi(routes.editDraft, async (c) =>
    c.json(await editDraft(rc(c), id(c), c.req.valid('json').protocol), 200)
  )
  .openapi(routes.register, async (c) => c.json(await register(rc(c), id(c)), 200))
  .openapi(routes.recruit, async (c) => c.json(await recruit(rc(c), id(c)), 200))
  .openapi(routes.close, async (c) => c.json(await close(rc(c), id(c)), 200))
  .openapi(routes.withdraw, async (c) =>
    c.json(await withdraw(rc(c), id(c), c.req.valid('json').reason), 200)
  )
  .openapi(routes.completeDataCollection, async (c) =>
    c.json(await completeDataCollection(rc(c), id(c), c.req.valid('json')?.reason), 200)
  )
  .openapi(routes.amend, async (c) => c.json(await amend(rc(c), id(c), c.req.valid('json')), 201))
  .openapi(routes.versions, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    return c.json(
      { versions: await listVersions(c.var.db, trial.id, visibleSeed(trial) !== null) },
      200
    )
  })
  .openapi(routes.registration, async (c) => c.json(await registrationRecord(c.var.db, id(c)), 200))
