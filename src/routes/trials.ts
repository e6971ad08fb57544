import { createRoute, z } from '@hono/zod-openapi'
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import {
  assertTransition,
  trialStatusSchema,
  type TrialStatus,
} from '../../trials/protocol/lifecycle'
import { protocolDraftSchema } from '../../trials/protocol/schema'
import { buildAmendment } from '../../trials/protocol/amendment'
import { ProtocolInvalidError } from '../../trials/protocol/errors'
import type { Protocol } from '../../trials/protocol/schema'
import type { ProtocolProblem } from '../../trials/protocol/problems'
import { permissions } from '../../trials/protocol/lifecycle'
import { CURRENT_ALGORITHM } from '../../trials/randomisation'
import {
  registrationBody,
  sealDiff,
  unsealAmendment,
  type RegistrationBody,
} from '../../trials/registration-record'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial, trialScope } from '../auth/scope'
import { councils, enrolments, interventions, protocolVersions, trials, users } from '../db/schema'
import type { Executor } from '../db/client'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { conflict, notFound, unprocessable } from '../problem'
import { audit } from '../services/audit'
import { protocolProblem, registerTrial, trialOut } from '../services/trials'
import type { AppEnv } from '../env'
import type { Context } from 'hono'

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
        'The current protocol (draft, or the registered version; block sizes sealed by their commitment until the seed is revealed)'
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
      .describe('The randomisation seed, revealed once the trial has closed'),
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
  })
  .openapi('Trial')

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

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const ok = (description: string, schema: z.ZodType = trialOutSchema) => ({
  description,
  content: { 'application/json': { schema } },
})
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
    responses: { 200: ok(done), ...problemResponses(401, 403, 404, 409) },
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
      200: ok('Trials', z.object({ trials: z.array(trialOutSchema) })),
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
    responses: { 201: ok('Draft created'), ...problemResponses(400, 401, 403, 415, 422) },
  }),
  get: createRoute({
    method: 'get',
    path: '/trials/{id}',
    tags: ['Registry'],
    summary: 'One trial with its current protocol',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { 200: ok('The trial'), ...problemResponses(401, 404, 422) },
  }),
  editDraft: createRoute({
    method: 'put',
    path: '/trials/{id}/protocol',
    tags: ['Registry'],
    summary: 'Replace the protocol of a draft (registered protocols change only by amendment)',
    security: bearerSecurity,
    middleware: officers,
    request: { params: idParam, body: jsonBody(z.strictObject({ protocol: protocolDraftSchema })) },
    responses: { 200: ok('Draft saved'), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
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
    responses: { 200: ok('Registered'), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
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
    responses: { 200: ok('Withdrawn'), ...problemResponses(400, 401, 403, 404, 409, 415, 422) },
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
      body: jsonBody(
        z.strictObject({
          protocol: z.record(z.string(), z.unknown()).describe('The complete amended protocol'),
          reason: z.string().min(10).max(5000).describe('Why the protocol is amended'),
        })
      ),
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
      200: ok('Versions', z.object({ versions: z.array(versionSchema) })),
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
          protocol: z.record(z.string(), z.unknown()),
        })
      ),
      ...problemResponses(404, 422),
    },
  }),
}

type Ctx = Context<AppEnv>

/** Statuses in which a registered protocol may be amended. */
const AMENDABLE = new Set(['registered', 'recruiting', 'closed'])
/** Paths that can never change once households are allocated (or, for the intervention, at all). */
const LOCKED_PREFIXES = ['/randomisation', '/arms', '/unit_of_randomisation', '/intervention']

const versionOut = (
  v: typeof protocolVersions.$inferSelect & { authorName: string },
  revealed: boolean
) => ({
  version: v.version,
  protocol_hash: v.protocolHash,
  registration_hash: v.registrationHash,
  outcomes_seen: v.outcomesSeen,
  reason: v.reason,
  author: v.authorName,
  created_at: v.createdAt.toISOString(),
  diff: sealDiff((v.diff as Array<Record<string, unknown>> | null) ?? null, revealed),
  deviation: v.deviation,
  deviation_reasons: (v.deviationReasons as Array<Record<string, unknown>> | null) ?? null,
})

async function councilOf(db: Executor, councilId: string) {
  const [council] = await db.select().from(councils).where(eq(councils.id, councilId))
  return council!
}

/** Applies one lifecycle transition under a row lock, with its timestamps and audit event. */
async function transition(
  c: Ctx,
  id: string,
  to: TrialStatus,
  detail: Record<string, unknown> = {}
) {
  const p = c.var.principal
  const now = c.var.deps.clock()
  return c.var.db.transaction(async (tx) => {
    const trial = await loadTrial(tx, p, id, 'manage', { forUpdate: true })
    assertTransition(trial.status, to)
    const stamps: Partial<typeof trials.$inferInsert> = {}
    if (to === 'recruiting') stamps.recruitingAt = now
    if (to === 'closed') stamps.closedAt = now
    const [row] = await tx
      .update(trials)
      .set({ status: to, updatedAt: now, ...stamps })
      .where(eq(trials.id, id))
      .returning()
    await audit(tx, {
      at: now,
      actorId: p.userId,
      councilId: trial.councilId,
      action: `trial.${to}`,
      entityType: 'trial',
      entityId: id,
      requestId: c.var.requestId,
      detail: { from: trial.status, ...detail },
    })
    return row!
  })
}

export const trialRoutes = createRouter()
  .openapi(routes.list, async (c) => {
    const q = c.req.valid('query')
    const conditions: SQL[] = []
    const scope = trialScope(c.var.principal)
    if (scope) conditions.push(scope)
    if (q.council_id) conditions.push(eq(trials.councilId, q.council_id))
    if (q.intervention_id) conditions.push(eq(trials.interventionId, q.intervention_id))
    if (q.status) conditions.push(eq(trials.status, q.status))
    const rows = await c.var.db
      .select()
      .from(trials)
      .where(conditions.length ? and(...conditions) : undefined)
      .orderBy(desc(trials.createdAt))
    return c.json({ trials: rows.map(trialOut) }, 200)
  })
  .openapi(routes.create, async (c) => {
    const p = c.var.principal
    const body = c.req.valid('json')
    const now = c.var.deps.clock()
    const row = await c.var.db.transaction(async (tx) => {
      const [intervention] = await tx
        .select()
        .from(interventions)
        .where(eq(interventions.id, body.intervention_id))
      if (!intervention)
        throw unprocessable('unknown intervention', [
          { pointer: '/intervention_id', detail: 'no intervention has this id', code: 'unknown' },
        ])
      const council = await councilOf(tx, p.councilId!)
      const draft = body.protocol as Record<string, unknown>
      if (typeof draft.title !== 'string' || !draft.title)
        throw unprocessable('a draft needs a title', [
          { pointer: '/protocol/title', detail: 'required', code: 'invalid_type' },
        ])
      const protocol = {
        ...draft,
        intervention: { id: intervention.id, name: intervention.name },
        councils: draft.councils ?? [{ code: council.code, name: council.name }],
      }
      const [row] = await tx
        .insert(trials)
        .values({
          councilId: council.id,
          interventionId: intervention.id,
          title: draft.title,
          protocol,
          createdBy: p.userId,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: council.id,
        action: 'trial.create',
        entityType: 'trial',
        entityId: row!.id,
        requestId: c.var.requestId,
      })
      return row!
    })
    return c.json(trialOut(row), 201)
  })
  .openapi(routes.get, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    return c.json(trialOut(trial), 200)
  })
  .openapi(routes.editDraft, async (c) => {
    const p = c.var.principal
    const { id } = c.req.valid('param')
    const { protocol: draft } = c.req.valid('json') as { protocol: Record<string, unknown> }
    const now = c.var.deps.clock()
    const row = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'manage', { forUpdate: true })
      if (trial.status !== 'draft')
        throw conflict(
          'protocol-locked',
          `the protocol was registered and is locked; change it with an amendment (POST /trials/${id}/amendments)`,
          { trial_status: trial.status }
        )
      if (typeof draft.title !== 'string' || !draft.title)
        throw unprocessable('a draft needs a title', [
          { pointer: '/protocol/title', detail: 'required', code: 'invalid_type' },
        ])
      const current = trial.protocol as Record<string, unknown>
      const protocol = {
        ...draft,
        intervention: current.intervention,
        councils: draft.councils ?? current.councils,
      }
      const [row] = await tx
        .update(trials)
        .set({ protocol, title: draft.title, updatedAt: now })
        .where(eq(trials.id, id))
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: trial.councilId,
        action: 'trial.edit-draft',
        entityType: 'trial',
        entityId: id,
        requestId: c.var.requestId,
      })
      return row!
    })
    return c.json(trialOut(row), 200)
  })
  .openapi(routes.register, async (c) => {
    const p = c.var.principal
    const { id } = c.req.valid('param')
    const now = c.var.deps.clock()
    const row = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'manage', { forUpdate: true })
      return registerTrial(
        tx,
        trial,
        { userId: p.userId, requestId: c.var.requestId },
        now,
        c.var.deps.config.engine,
        c.var.deps.drawSeed?.()
      )
    })
    return c.json(trialOut(row), 200)
  })
  .openapi(routes.recruit, async (c) =>
    c.json(trialOut(await transition(c, c.req.valid('param').id, 'recruiting')), 200)
  )
  .openapi(routes.close, async (c) =>
    c.json(trialOut(await transition(c, c.req.valid('param').id, 'closed')), 200)
  )
  .openapi(routes.withdraw, async (c) =>
    c.json(
      trialOut(
        await transition(c, c.req.valid('param').id, 'withdrawn', {
          reason: c.req.valid('json').reason,
        })
      ),
      200
    )
  )
  .openapi(routes.amend, async (c) => {
    const p = c.var.principal
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const now = c.var.deps.clock()
    const version = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'manage', { forUpdate: true })
      if (!AMENDABLE.has(trial.status))
        throw conflict(
          'not-amendable',
          `a ${trial.status} trial cannot be amended; drafts are edited directly and analysed trials are final`,
          { trial_status: trial.status }
        )
      const [{ n }] = (await tx
        .select({ n: sql<number>`count(*)::int` })
        .from(enrolments)
        .where(eq(enrolments.trialId, id))) as [{ n: number }]
      let record
      try {
        record = buildAmendment({
          previous: trial.protocol as Protocol,
          next: unsealAmendment(
            body.protocol as Record<string, unknown>,
            trial.protocol as Protocol,
            trial.registration as RegistrationBody | null
          ),
          reason: body.reason,
          author: p.userId,
          at: now.toISOString(),
          recruitmentStarted: trial.status !== 'registered' || n > 0,
        })
      } catch (err) {
        if (err instanceof ProtocolInvalidError)
          throw protocolProblem(err.message, (err.details?.problems ?? []) as ProtocolProblem[])
        throw err
      }
      const locked = record.changes.filter((ch) =>
        LOCKED_PREFIXES.some((prefix) => ch.path === prefix || ch.path.startsWith(prefix + '/'))
      )
      if (locked.length && (n > 0 || locked.some((ch) => ch.path.startsWith('/intervention')))) {
        throw conflict(
          'amendment-not-allowed',
          n > 0
            ? `${n} household(s) were allocated under the registered randomisation; it, the arms and the unit of randomisation cannot change (register a new trial instead)`
            : 'the intervention of a registered trial cannot change',
          { paths: locked.map((ch) => ch.path) }
        )
      }
      const next = trial.protocolVersion + 1
      const previousRegistration = trial.registration as RegistrationBody | null
      const registration = registrationBody({
        trialId: id,
        version: next,
        protocol: record.protocol,
        algorithm: previousRegistration?.algorithm ?? CURRENT_ALGORITHM,
        engine: c.var.deps.config.engine,
        seed: trial.seed!,
        seedSupplied: previousRegistration?.seed_supplied ?? false,
        // A trial registered before sealing keeps publishing its whole protocol.
        seal: previousRegistration?.backfilled !== true,
      })
      const outcomesSeen = trial.outcomesSeenAt !== null
      await tx
        .update(trials)
        .set({
          protocol: record.protocol,
          title: record.protocol.title,
          protocolVersion: next,
          protocolHash: registration.body.protocol_hash,
          registration: registration.body,
          registrationHash: registration.hash,
          updatedAt: now,
        })
        .where(eq(trials.id, id))
      const [row] = await tx
        .insert(protocolVersions)
        .values({
          trialId: id,
          version: next,
          protocol: record.protocol,
          protocolHash: registration.body.protocol_hash,
          registrationHash: registration.hash,
          outcomesSeen,
          reason: body.reason,
          authorId: p.userId,
          diff: record.changes,
          deviation: record.deviation,
          deviationReasons: record.deviations,
          createdAt: now,
        })
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: trial.councilId,
        action: 'trial.amend',
        entityType: 'trial',
        entityId: id,
        requestId: c.var.requestId,
        detail: {
          version: next,
          previous_hash: trial.protocolHash,
          protocol_hash: registration.body.protocol_hash,
          registration_hash: registration.hash,
          deviation: record.deviation,
          outcomes_seen: outcomesSeen,
        },
      })
      return { ...row!, authorName: p.name, revealed: permissions(trial.status).seedRevealed }
    })
    return c.json(versionOut(version, version.revealed), 201)
  })
  .openapi(routes.versions, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    const rows = await c.var.db
      .select({ version: protocolVersions, authorName: users.name })
      .from(protocolVersions)
      .innerJoin(users, eq(users.id, protocolVersions.authorId))
      .where(eq(protocolVersions.trialId, trial.id))
      .orderBy(asc(protocolVersions.version))
    return c.json(
      {
        versions: rows.map((r) =>
          versionOut(
            { ...r.version, authorName: r.authorName },
            permissions(trial.status).seedRevealed
          )
        ),
      },
      200
    )
  })
  .openapi(routes.registration, async (c) => {
    const { id } = c.req.valid('param')
    const [r] = await c.var.db
      .select({ trial: trials, council: councils.name, intervention: interventions.name })
      .from(trials)
      .innerJoin(councils, eq(councils.id, trials.councilId))
      .innerJoin(interventions, eq(interventions.id, trials.interventionId))
      .where(eq(trials.id, id))
    if (!r || r.trial.status === 'draft' || !r.trial.registeredAt)
      throw notFound(`registered trial ${id}`)
    const t = trialOut(r.trial)
    return c.json(
      {
        trial_id: t.id,
        title: t.title,
        council: r.council,
        intervention: r.intervention,
        status: t.status,
        protocol_version: t.protocol_version,
        protocol_hash: t.protocol_hash!,
        seed_commitment: t.seed_commitment!,
        seed: t.seed,
        sealed: t.sealed,
        registration_hash: t.registration_hash,
        registered_at: t.registered_at!,
        protocol: t.protocol,
      },
      200
    )
  })
