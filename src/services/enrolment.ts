import { and, asc, eq, gt, inArray } from 'drizzle-orm'
import {
  decideEnrol,
  enrolmentAudit,
  NotClosedError,
  registeredProtocol,
} from '../../trials/commands'
import { visibleSeed } from '../../trials/protocol'
import type { BaselineValue } from '../../trials/enrolment'
import { isUuid, loadTrial, lockAndLoadTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import { pipelinedTransaction, type CommitWith } from '../db/pipelined-transaction'
import { enrolments, observations, type trials } from '../db/schema'
import { ProblemError, notFound } from '../problem'
import { KeptAllocators, trialAllocator } from './allocator-state'
import {
  allocationExportDocument,
  type Allocator,
  type RandomisationConfig,
} from '../../trials/randomisation'
import type { ActorContext } from './audit'
import { readEnrolmentContext } from './enrolment-read'
import type { RequestContext } from './context'
import { writeEnrolments, type NewEnrolment } from './enrolment-write'
import { pseudonymise, type HouseholdInPath } from './pseudonym'
import { stratumLabel } from '../../trials/dataset'
import { presentedAgain, type PresentedAgainWarning } from '../../trials/enrolment'

export interface HouseholdInput {
  household_ref: string
  baseline: Record<string, BaselineValue>
}

type TrialRow = typeof trials.$inferSelect

/**
 * A trial whose row lock has been requested but not yet granted: its id and council are known from the
 * request (an enrolling officer's council is the trial's, or the lock answers 404), so the reads that follow
 * the lock can be sent behind it on the same connection instead of one round trip later.
 */
export interface PendingTrial {
  id: string
  councilId: string
  row: Promise<TrialRow>
}
type EnrolmentRow = typeof enrolments.$inferSelect

/**
 * An enrolment as the API shows it. While the seed is secret (`revealed` false) the stratum and block
 * number are withheld: with them and the block sizes, an officer could tell when a block ends and predict the
 * next arm. The arm and sequence number are all an enrolling officer learns.
 */
export const enrolmentOut = (e: EnrolmentRow, replayed: boolean, revealed = false) => ({
  household: e.household,
  sequence: e.sequence,
  arm: e.arm,
  stratum: revealed ? stratumLabel(e.stratum) : null,
  block: revealed ? e.block : null,
  algorithm: e.algorithm,
  protocol_version: e.protocolVersion,
  enrolled_at: e.enrolledAt.toISOString(),
  replayed,
})

/**
 * Where {@link enrolRequests} leaves its allocator as its transaction will commit it (`after`), for the caller to
 * keep in `allocators` once the commit has succeeded, and never before.
 */
export interface Keeping {
  allocators: KeptAllocators
  after?: {
    trialId: string
    version: string
    enrolled: number
    allocator: Allocator
    config: RandomisationConfig
    seed: string
  }
}

/** One request's households, with who presents them and how its problems are pointed at. */
export interface EnrolmentRequest {
  actor: ActorContext
  households: HouseholdInput[]
  pointerPrefix: (index: number) => string
}

/**
 * Randomises households in order of presentation, inside the caller's transaction, which must
 * hold the trial row lock (`SELECT ... FOR UPDATE`): that lock serialises every enrolment of a
 * trial, so concurrent officers never share or skip a slot of a block. The allocator resumes from
 * the trial's saved state (checked against the enrolments, and rebuilt by replaying them in order
 * when it is missing or stale), so the k-th allocation depends only on the seed, the protocol and
 * units 1..k, exactly as a batch of the same units would be allocated, and an enrolment costs the
 * same few statements whatever the number before it: lock, read state and existing households,
 * one write of enrolments, baseline observations and state, the audit event.
 * A household already enrolled gets its original allocation back, never a new one.
 */
export async function enrolHouseholds(
  tx: Executor,
  lockedOrPending: TrialRow | PendingTrial,
  actor: ActorContext,
  pseudonymKey: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  const [answer] = await enrolRequests(tx, lockedOrPending, pseudonymKey, [
    { actor, households, pointerPrefix },
  ])
  return answer!
}

/**
 * {@link enrolHouseholds} for several requests at once, in the order given, in one transaction: one lock,
 * one read, one write, and one audit event per request that enrolled someone. Every household of every
 * request is checked first; one problem refuses them all (the caller then retries the requests one by one,
 * so each gets its own answer). Returns each request's enrolments.
 */
export async function enrolRequests(
  tx: Executor,
  lockedOrPending: TrialRow | PendingTrial,
  pseudonymKey: string,
  requests: readonly EnrolmentRequest[],
  commitWith?: CommitWith,
  keeping?: Keeping
) {
  if (keeping) keeping.after = undefined
  const pending: PendingTrial =
    'row' in lockedOrPending
      ? lockedOrPending
      : {
          id: lockedOrPending.id,
          councilId: lockedOrPending.councilId,
          row: Promise.resolve(lockedOrPending),
        }
  const households = requests.flatMap((r) => r.households)
  const owner = requests.flatMap((r, k) => r.households.map((_, i) => ({ request: k, index: i })))
  const pointerPrefix = (i: number) => requests[owner[i]!.request]!.pointerPrefix(owner[i]!.index)
  const pseudonyms = households.map((h) =>
    pseudonymise(pseudonymKey, pending.councilId, h.household_ref)
  )
  // Pipelined on the transaction's connection: the lock first, then the read, which PostgreSQL runs only once
  // the lock is granted, with a snapshot taken then.
  const [trial, { existing, saved, auditHead, ledgerTail }] = await Promise.all([
    pending.row,
    readEnrolmentContext(
      tx,
      pending.id,
      [...new Set(pseudonyms)],
      keeping?.allocators.position(pending.id.toLowerCase())
    ),
  ])
  if (trial.id !== pending.id || trial.councilId !== pending.councilId)
    throw new Error('the locked trial is not the one the request named')
  decideEnrol(trial, {
    households: households.map((h, i) => ({ pseudonym: pseudonyms[i]!, baseline: h.baseline })),
    pointer: pointerPrefix,
  })

  const loaded = await trialAllocator(tx, trial, saved, keeping?.allocators)
  const byHousehold = new Map(existing.map((e) => [e.household, e]))
  const warnings = existing.length
    ? await presentationWarnings(tx, trial, existing, households, pseudonyms)
    : new Map<number, PresentedAgainWarning>()
  const withWarning = <T extends object>(out: T, i: number) => {
    const warning = warnings.get(i)
    return warning ? { ...out, warnings: [warning] } : out
  }
  const { allocator } = loaded
  const fresh: NewEnrolment[] = []
  const order: Array<EnrolmentRow | NewEnrolment> = []
  for (let i = 0; i < households.length; i++) {
    const household = pseudonyms[i]!
    const enrolled = byHousehold.get(household)
    if (enrolled) {
      order.push(enrolled)
      continue
    }
    const unit = { ...households[i]!.baseline }
    let allocation
    try {
      allocation = allocator.allocate({ ...unit, id: household })
    } catch (err) {
      const e = err as { code?: string; message: string; details?: Record<string, unknown> }
      if (
        e.code === 'unknown-stratum-value' ||
        e.code === 'missing-unit-field' ||
        e.code === 'cluster-stratum-conflict' ||
        e.code === 'sample-size-exceeded'
      ) {
        throw new ProblemError(
          422,
          e.code,
          `row ${owner[i]!.index + 1}: ${e.message}; nothing was enrolled`,
          {
            errors: [{ pointer: `${pointerPrefix(i)}/baseline`, detail: e.message, code: e.code }],
            ...(e.details ?? {}),
          }
        )
      }
      throw err
    }
    const { actor } = requests[owner[i]!.request]!
    const row: NewEnrolment = {
      sequence: loaded.enrolled + fresh.length + 1,
      household,
      unit,
      baseline: households[i]!.baseline,
      arm: allocation.arm,
      stratum: allocation.stratum ?? null,
      block: allocation.block ?? null,
      enrolled_by: actor.userId!,
      enrolled_at: actor.at.toISOString(),
    }
    fresh.push(row)
    order.push(row)
  }
  let stored: EnrolmentRow[] = []
  let stateVersion = saved.version
  if (fresh.length > 0) {
    const audit = requests.flatMap((r, k) => {
      const sequences = order.flatMap((e, i) =>
        owner[i]!.request === k && !('id' in e) ? [e.sequence] : []
      )
      return enrolmentAudit(trial, sequences).map((event) => ({
        at: r.actor.at,
        actorId: r.actor.userId,
        councilId: event.councilId ?? r.actor.councilId,
        action: event.action,
        entityType: event.entityType,
        entityId: event.entityId,
        requestId: r.actor.requestId,
        actorRole: r.actor.role ?? null,
        ...(event.detail ? { detail: event.detail } : {}),
      }))
    })
    ;({ rows: stored, stateVersion } = await writeEnrolments(tx, trial, {
      rows: fresh,
      state: allocator.snapshot(),
      storedEnrolments: loaded.storedEnrolments,
      algorithm: allocator.algorithm,
      at: requests[requests.length - 1]!.actor.at,
      heads: { audit: auditHead, ledger: ledgerTail },
      audit,
      ...(commitWith ? { commitWith } : {}),
    }))
  }
  if (keeping && stateVersion !== null)
    keeping.after = {
      trialId: trial.id,
      version: stateVersion,
      enrolled: loaded.enrolled + fresh.length,
      allocator,
      config: registeredProtocol(trial).randomisation,
      seed: trial.seed!,
    }
  const bySequence = new Map(stored.map((e) => [e.sequence, e]))
  const out = order.map((e, i) =>
    'id' in e
      ? withWarning(enrolmentOut(e, true), i)
      : enrolmentOut(bySequence.get(e.sequence)!, false)
  )
  return requests.map((_, k) => ({
    enrolments: out.filter((_, i) => owner[i]!.request === k),
    rebuilt: loaded.rebuilt,
    caughtUp: loaded.caughtUp,
  }))
}

/**
 * For each household presented again (by its row), what differs between the baseline it arrives
 * with and the values recorded for it: the allocation's fields and the covariates as currently
 * recorded (corrections included). It keeps its arm either way.
 */
async function presentationWarnings(
  tx: Executor,
  trial: TrialRow,
  existing: readonly EnrolmentRow[],
  households: readonly HouseholdInput[],
  pseudonyms: readonly string[]
): Promise<Map<number, PresentedAgainWarning>> {
  const recorded = new Map<string, Record<string, unknown>>(
    existing.map((e) => [e.id, { ...e.unit }])
  )
  const rows = await tx
    .select({
      enrolmentId: observations.enrolmentId,
      variable: observations.variable,
      valueNumber: observations.valueNumber,
      valueText: observations.valueText,
    })
    .from(observations)
    .where(
      and(
        eq(observations.trialId, trial.id),
        eq(observations.kind, 'baseline'),
        inArray(
          observations.enrolmentId,
          existing.map((e) => e.id)
        )
      )
    )
  for (const r of rows) recorded.get(r.enrolmentId)![r.variable] = r.valueNumber ?? r.valueText
  const byHousehold = new Map(existing.map((e) => [e.household, e]))
  const protocol = registeredProtocol(trial)
  const warnings = new Map<number, PresentedAgainWarning>()
  pseudonyms.forEach((pseudonym, i) => {
    const e = byHousehold.get(pseudonym)
    if (!e) return
    const warning = presentedAgain(protocol, recorded.get(e.id)!, households[i]!.baseline)
    if (warning) warnings.set(i, warning)
  })
  return warnings
}

/**
 * Randomises households in one transaction holding the trial's row lock. An officer's reads are pipelined
 * behind the lock (see {@link PendingTrial}); other roles wait for it and are refused by it. Concurrent
 * requests of one officer into one trial share transactions (see {@link joinGroup}).
 */
export async function enrol(
  rc: RequestContext,
  id: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  const request: EnrolmentRequest = { actor: rc.actor, households, pointerPrefix }
  if (rc.principal.role !== 'officer' || !rc.principal.councilId)
    return (await enrolTogether(rc, id, [request]))[0]!.enrolments
  return joinGroup(rc, id, request)
}

/**
 * Requests enrolled in one transaction, in order, under the trial row lock; BEGIN travels with the lock and the
 * reads behind it (see {@link pipelinedTransaction}).
 */
async function enrolTogether(
  rc: RequestContext,
  id: string,
  requests: readonly EnrolmentRequest[]
) {
  let allocators = keptAllocators.get(rc.db)
  if (!allocators) keptAllocators.set(rc.db, (allocators = new KeptAllocators()))
  const keeping: Keeping = { allocators }
  const answers = await pipelinedTransaction(rc.db, async (tx, commitWith) => {
    const officer = rc.principal.role === 'officer' && rc.principal.councilId
    if (!officer || !isUuid(id)) {
      const trial = await loadTrial(tx, rc.principal, id, 'enrol', { forUpdate: true })
      return enrolRequests(tx, trial, rc.config.pseudonymKey, requests, commitWith, keeping)
    }
    // The lock (with the trial row) goes first on the connection; the reads follow it without waiting.
    const row = lockAndLoadTrial(tx, rc.db, rc.principal, id, 'enrol')
    return enrolRequests(
      tx,
      { id, councilId: rc.principal.councilId!, row },
      rc.config.pseudonymKey,
      requests,
      commitWith,
      keeping
    )
  })
  // Committed: the allocator is now what the state row holds.
  if (keeping.after) allocators.keep(keeping.after.trialId, keeping.after)
  return answers
}

/** The allocators kept per database (each app, or each Worker request, has its own). */
const keptAllocators = new WeakMap<object, KeptAllocators>()

type Enrolled = Awaited<ReturnType<typeof enrolRequests>>[number]['enrolments']
interface Waiting {
  rc: RequestContext
  request: EnrolmentRequest
  resolve: (enrolled: Enrolled) => void
  reject: (err: unknown) => void
}
/** The requests waiting for one officer's enrolments into one trial, and whether a transaction is in flight. */
interface Group {
  running: boolean
  waiting: Waiting[]
}
/** Groups by database (each app, or each Worker request, has its own), then by trial and officer. */
const groups = new WeakMap<object, Map<string, Group>>()
/** At most this many households go in one shared transaction. */
const GROUP_HOUSEHOLDS = 500

/**
 * Group commit. While a transaction enrolling one officer's households into one trial is in flight in this
 * process, further requests of that officer into that trial wait here instead of on the row lock; when it
 * ends, every waiting request goes in the next transaction together, in order of arrival, exactly as if each
 * had waited for the lock in turn (the same allocations, sequence numbers and audit events, one per request).
 * One lock, read and write then serve many requests, so throughput grows with concurrency instead of
 * queueing. If a shared transaction fails, its requests are retried in halves (see {@link settle}), so a bad
 * request fails by itself and the others are unaffected.
 */
function joinGroup(rc: RequestContext, id: string, request: EnrolmentRequest): Promise<Enrolled> {
  let byKey = groups.get(rc.db)
  if (!byKey) groups.set(rc.db, (byKey = new Map()))
  const key = `${id} ${rc.principal.userId}`
  let group = byKey.get(key)
  if (!group) byKey.set(key, (group = { running: false, waiting: [] }))
  const answer = new Promise<Enrolled>((resolve, reject) =>
    group.waiting.push({ rc, request, resolve, reject })
  )
  if (!group.running) void drain(byKey, key, group, id)
  return answer
}

/**
 * Enrols the requests together; if that fails, halves them and settles each half in turn (arrival order is
 * kept), so a bad request costs its neighbours a few retries and fails alone.
 */
async function settle(batch: readonly Waiting[], id: string): Promise<void> {
  try {
    const answers = await enrolTogether(
      batch[0]!.rc,
      id,
      batch.map((w) => w.request)
    )
    batch.forEach((w, k) => w.resolve(answers[k]!.enrolments))
  } catch (err) {
    if (batch.length === 1) return batch[0]!.reject(err)
    const half = Math.ceil(batch.length / 2)
    await settle(batch.slice(0, half), id)
    await settle(batch.slice(half), id)
  }
}

async function drain(byKey: Map<string, Group>, key: string, group: Group, id: string) {
  group.running = true
  try {
    while (group.waiting.length) {
      let households = 0
      let take = 0
      while (
        take < group.waiting.length &&
        (take === 0 ||
          households + group.waiting[take]!.request.households.length <= GROUP_HOUSEHOLDS)
      )
        households += group.waiting[take++]!.request.households.length
      await settle(group.waiting.splice(0, take), id)
    }
  } finally {
    group.running = false
    byKey.delete(key)
  }
}

/** One page of a trial's enrolments in order of presentation. */
export async function enrolmentPage(
  db: Executor,
  trialId: string,
  page: { after: number; limit: number },
  revealed: boolean
) {
  const rows = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.trialId, trialId), gt(enrolments.sequence, page.after)))
    .orderBy(asc(enrolments.sequence))
    .limit(page.limit + 1)
  const shown = rows.slice(0, page.limit)
  return {
    enrolments: shown.map((r) => enrolmentOut(r, false, revealed)),
    next_after: rows.length > page.limit ? shown.at(-1)!.sequence : null,
  }
}

/**
 * One household's enrolment in a trial, named by its pseudonym (`householdInPath` resolves a case
 * reference to it); its stratum and block are withheld as in the list while the seed is secret.
 */
export async function householdEnrolment(
  db: Executor,
  trial: TrialRow,
  { pseudonym, name }: HouseholdInPath
) {
  const [row] = await db
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.trialId, trial.id), eq(enrolments.household, pseudonym)))
  if (!row) throw notFound(`an enrolment of ${name} in this trial`)
  return enrolmentOut(row, false, visibleSeed(trial) !== null)
}

/**
 * Seed, protocol and every unit in order, to re-derive each allocation: published once the
 * domain says the seed is revealed.
 */
export async function allocationExport(db: Executor, trial: TrialRow, at: Date) {
  const seed = visibleSeed(trial)
  const { protocolHash, seedCommitment } = trial
  // A revealed seed implies a registration (hash and commitment); the check narrows their types.
  if (seed === null || protocolHash === null || seedCommitment === null)
    throw new NotClosedError(
      'the allocation export (with the seed) is published once the trial has closed',
      { trial_status: trial.status }
    )
  const rows = await db
    .select()
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  return allocationExportDocument({
    trialId: trial.id,
    protocolHash,
    protocol: registeredProtocol(trial),
    seed,
    seedCommitment,
    exportedAt: at,
    units: rows,
  })
}
