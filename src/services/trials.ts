import { randomBytes } from 'node:crypto'
import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm'
import {
  decideAmend,
  decideClose,
  decideCompleteDataCollection,
  decideCreateDraft,
  decideEditDraft,
  decideRecruit,
  decideRegister,
  decideWithdraw,
  registeredProtocol,
  type AuditEvent,
  type ProtocolVersionValues,
  type TrialPatch,
} from '../../trials/commands'
import {
  isPublic,
  nextStates,
  visibleSeed,
  type LifecycleStatus,
  type ProtocolDraft,
} from '../../trials/protocol'
import { protocolView, sealDiff, sealedParameters } from '../../trials/registration-record'
import { trialScope } from '../auth/scope'
import type { Executor } from '../db/client'
import { councils, enrolments, interventions, protocolVersions, trials, users } from '../db/schema'
import { notFound, unprocessable } from '../problem'
import { recordAudit, type ActorContext } from './audit'
import { withTrial, type RequestContext } from './context'
import { followUpInputs } from './progress'

export type TrialRow = typeof trials.$inferSelect

/** A trial as the API shows it. The seed appears once the domain says it is revealed. */
export function trialOut(t: TrialRow) {
  return {
    id: t.id,
    council_id: t.councilId,
    intervention_id: t.interventionId,
    title: t.title,
    status: t.status,
    allowed_transitions: [...nextStates(t.status)],
    // Once registered, the public view its registration record hashes (block sizes sealed by commitment).
    protocol: protocolView(t.protocol, t.registration),
    protocol_version: t.protocolVersion,
    protocol_hash: t.protocolHash,
    registration_hash: t.registrationHash,
    seed_commitment: t.seedCommitment,
    seed: visibleSeed(t),
    /** Parameters sealed in the registered protocol (block sizes), published with the seed. */
    sealed:
      visibleSeed(t) !== null && t.registration !== null
        ? sealedParameters(registeredProtocol(t), t.registration, t.seed!)
        : null,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    registered_at: t.registeredAt?.toISOString() ?? null,
    recruiting_at: t.recruitingAt?.toISOString() ?? null,
    closed_at: t.closedAt?.toISOString() ?? null,
    data_complete_at: t.dataCompleteAt?.toISOString() ?? null,
    outcomes_first_seen: outcomesFirstSeen(t),
  }
}

/** When and how outcome data or results of a trial were first seen (the stamp), or null. */
export function outcomesFirstSeen(t: Pick<TrialRow, 'outcomesSeenAt' | 'outcomesSeenBy'>) {
  return t.outcomesSeenAt !== null
    ? {
        at: t.outcomesSeenAt.toISOString(),
        how: t.outcomesSeenBy as
          'download' | 'planned-analysis' | 'exploratory-analysis' | 'results',
      }
    : null
}

/** A fresh randomisation seed: 256 bits from the platform CSPRNG, as 64 lowercase hex digits. */
export function drawSeed(): string {
  return randomBytes(32).toString('hex')
}

/** Writes a decided patch to a trial and returns the new row. */
export async function patchTrial(tx: Executor, id: string, patch: TrialPatch) {
  const [row] = await tx.update(trials).set(patch).where(eq(trials.id, id)).returning()
  return row!
}

async function applyDecision(
  tx: Executor,
  actor: ActorContext,
  id: string,
  decision: { patch: TrialPatch; audit: AuditEvent[] }
) {
  const row = await patchTrial(tx, id, decision.patch)
  await recordAudit(tx, actor, decision.audit)
  return row
}

async function insertVersion(
  tx: Executor,
  trialId: string,
  authorId: string | null,
  v: ProtocolVersionValues,
  at: Date
) {
  const [row] = await tx
    .insert(protocolVersions)
    .values({ trialId, authorId: authorId!, createdAt: at, ...v })
    .returning()
  return row!
}

/** The trials the caller can see, newest first, filtered by council, intervention or status. */
export async function listTrials(
  rc: RequestContext,
  q: { council_id?: string; intervention_id?: string; status?: LifecycleStatus }
) {
  const conditions: SQL[] = []
  const scope = trialScope(rc.principal)
  if (scope) conditions.push(scope)
  if (q.council_id) conditions.push(eq(trials.councilId, q.council_id))
  if (q.intervention_id) conditions.push(eq(trials.interventionId, q.intervention_id))
  if (q.status) conditions.push(eq(trials.status, q.status))
  const rows = await rc.db
    .select()
    .from(trials)
    .where(conditions.length ? and(...conditions) : undefined)
    .orderBy(desc(trials.createdAt))
  return rows.map(trialOut)
}

/** Creates a draft trial of the officer's council for a registered intervention. */
export async function createDraft(
  rc: RequestContext,
  body: { intervention_id: string; protocol: ProtocolDraft }
) {
  return rc.db.transaction(async (tx) => {
    const [intervention] = await tx
      .select()
      .from(interventions)
      .where(eq(interventions.id, body.intervention_id))
    if (!intervention)
      throw unprocessable('unknown intervention', [
        { pointer: '/intervention_id', detail: 'no intervention has this id', code: 'unknown' },
      ])
    const [council] = await tx
      .select()
      .from(councils)
      .where(eq(councils.id, rc.principal.councilId!))
    const decision = decideCreateDraft({ draft: body.protocol, intervention, council: council! })
    const at = rc.actor.at
    const [row] = await tx
      .insert(trials)
      .values({ ...decision.values, createdBy: rc.principal.userId, createdAt: at, updatedAt: at })
      .returning()
    await recordAudit(tx, rc.actor, decision.audit(row!.id))
    return trialOut(row!)
  })
}

export async function editDraft(rc: RequestContext, id: string, draft: ProtocolDraft) {
  return withTrial(rc, id, 'manage', async (tx, trial) =>
    trialOut(await applyDecision(tx, rc.actor, id, decideEditDraft(trial, { draft }, rc.actor.at)))
  )
}

/**
 * Registers a draft whose row lock the caller holds: the domain validates, locks and commits
 * (`decideRegister`); version 1 is stored with it. The seed is drawn here unless supplied.
 */
export async function registerLocked(
  tx: Executor,
  actor: ActorContext,
  trial: TrialRow,
  engine: string,
  seed: string = drawSeed()
) {
  const [council] = await tx.select().from(councils).where(eq(councils.id, trial.councilId))
  const decision = decideRegister(trial, { seed, engine, council: council! }, actor.at)
  const row = await applyDecision(tx, actor, trial.id, decision)
  await insertVersion(tx, trial.id, actor.userId, decision.version, actor.at)
  return row
}

/** Registers a draft; the server draws the seed (no one may supply one). */
export async function register(rc: RequestContext, id: string) {
  return withTrial(rc, id, 'manage', async (tx, trial) =>
    trialOut(await registerLocked(tx, rc.actor, trial, rc.config.engine, rc.drawSeed?.()))
  )
}

export const recruit = (rc: RequestContext, id: string) =>
  withTrial(rc, id, 'manage', async (tx, trial) =>
    trialOut(await applyDecision(tx, rc.actor, id, decideRecruit(trial, rc.actor.at)))
  )

export const close = (rc: RequestContext, id: string) =>
  withTrial(rc, id, 'manage', async (tx, trial) =>
    trialOut(await applyDecision(tx, rc.actor, id, decideClose(trial, rc.actor.at)))
  )

export const withdraw = (rc: RequestContext, id: string, reason: string) =>
  withTrial(rc, id, 'manage', async (tx, trial) =>
    trialOut(await applyDecision(tx, rc.actor, id, decideWithdraw(trial, { reason }, rc.actor.at)))
  )

/** Declares data collection complete (officers and evaluators of the trial). */
export async function completeDataCollectionLocked(
  tx: Executor,
  actor: ActorContext,
  trial: TrialRow,
  reason?: string
) {
  const { units, recorded } = await followUpInputs(tx, trial.id)
  const decision = decideCompleteDataCollection(
    trial,
    { units, observations: recorded, reason },
    actor.at
  )
  return applyDecision(tx, actor, trial.id, decision)
}

export const completeDataCollection = (rc: RequestContext, id: string, reason?: string) =>
  withTrial(rc, id, 'record', async (tx, trial) =>
    trialOut(await completeDataCollectionLocked(tx, rc.actor, trial, reason))
  )

/**
 * A stored protocol version as the API shows it; while the seed is secret, changes to the sealed block
 * sizes show only their path.
 */
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
  diff: sealDiff(v.diff ?? null, revealed),
  deviation: v.deviation,
  deviation_reasons: v.deviationReasons ?? null,
})

/** Amends a registered protocol: a new version with its diff and deviations. */
export async function amend(
  rc: RequestContext,
  id: string,
  body: { protocol: Record<string, unknown>; reason: string }
) {
  return withTrial(rc, id, 'manage', async (tx, trial) => {
    const [{ n }] = (await tx
      .select({ n: sql<number>`count(*)::int` })
      .from(enrolments)
      .where(eq(enrolments.trialId, id))) as [{ n: number }]
    const request = { ...body, author: rc.principal.userId }
    const decision = decideAmend(
      trial,
      { request, enrolled: n, engine: rc.config.engine },
      rc.actor.at
    )
    const updated = await applyDecision(tx, rc.actor, id, decision)
    const row = await insertVersion(tx, id, rc.principal.userId, decision.version, rc.actor.at)
    return versionOut({ ...row, authorName: rc.principal.name }, visibleSeed(updated) !== null)
  })
}

/** Every registered version of a trial the caller can read, oldest first. */
export async function listVersions(db: Executor, trialId: string, revealed: boolean) {
  const rows = await db
    .select({ version: protocolVersions, authorName: users.name })
    .from(protocolVersions)
    .innerJoin(users, eq(users.id, protocolVersions.authorId))
    .where(eq(protocolVersions.trialId, trialId))
    .orderBy(asc(protocolVersions.version))
  return rows.map((r) => versionOut({ ...r.version, authorName: r.authorName }, revealed))
}

/** The public registration record: only trials that were ever registered have one. */
export async function registrationRecord(db: Executor, id: string) {
  const [r] = await db
    .select({ trial: trials, council: councils.name, intervention: interventions.name })
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))
    .where(eq(trials.id, id))
  if (!r || !isPublic(r.trial)) throw notFound(`registered trial ${id}`)
  const t = trialOut(r.trial)
  return {
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
    outcomes_first_seen: t.outcomes_first_seen,
    protocol: t.protocol,
  }
}
