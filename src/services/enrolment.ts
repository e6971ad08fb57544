import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm'
import {
  decideEnrol,
  enrolmentAudit,
  NotClosedError,
  registeredProtocol,
} from '../../trials/commands'
import { visibleSeed } from '../../trials/protocol'
import type { BaselineValue } from '../../trials/enrolment/baseline'
import {
  CURRENT_ALGORITHM,
  replayAllocator,
  type Allocator,
  type RandomisationUnit,
} from '../../trials/randomisation'
import type { Executor } from '../db/client'
import { enrolments, observations, type trials } from '../db/schema'
import { ProblemError } from '../problem'
import { recordAudit, type ActorContext } from './audit'
import { appendEnrolmentsToLedger } from './ledger'
import { withTrial, type RequestContext } from './context'
import { pseudonymise } from './pseudonym'

export interface HouseholdInput {
  household_ref: string
  baseline: Record<string, BaselineValue>
}

type TrialRow = typeof trials.$inferSelect
type EnrolmentRow = typeof enrolments.$inferSelect

/**
 * An enrolment as the API shows it. While the seed is secret (`revealed` false) the stratum key and block
 * number are withheld: with them and the block sizes, an officer could tell when a block ends and predict the
 * next arm. The arm and sequence number are all an enrolling officer learns.
 */
export const enrolmentOut = (e: EnrolmentRow, replayed: boolean, revealed = false) => ({
  household: e.household,
  sequence: e.sequence,
  arm: e.arm,
  stratum: revealed ? e.stratum : null,
  block: revealed ? e.block : null,
  algorithm: e.algorithm,
  protocol_version: e.protocolVersion,
  enrolled_at: e.enrolledAt.toISOString(),
  replayed,
})

/**
 * Randomises households in order of presentation, inside the caller's transaction, which must
 * hold the trial row lock (`SELECT ... FOR UPDATE`): that lock serialises every enrolment of a
 * trial, so concurrent officers never share or skip a slot of a block. The allocator is rebuilt
 * from every unit already enrolled, in order, so the k-th allocation depends only on the seed,
 * the protocol and units 1..k, exactly as a batch of the same units would be allocated.
 * A household already enrolled gets its original allocation back, never a new one.
 */
export async function enrolHouseholds(
  tx: Executor,
  trial: TrialRow,
  actor: ActorContext,
  pseudonymKey: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  const pseudonyms = households.map((h) =>
    pseudonymise(pseudonymKey, trial.councilId, h.household_ref)
  )
  decideEnrol(trial, {
    households: households.map((h, i) => ({ pseudonym: pseudonyms[i]!, baseline: h.baseline })),
    pointer: pointerPrefix,
  })

  const existing = await tx
    .select()
    .from(enrolments)
    .where(
      and(eq(enrolments.trialId, trial.id), inArray(enrolments.household, [...new Set(pseudonyms)]))
    )
  const byHousehold = new Map(existing.map((e) => [e.household, e]))
  const [{ count }] = (await tx
    .select({ count: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))) as [{ count: number }]
  const allocator = await allocatorFor(tx, trial, count)
  const results: ReturnType<typeof enrolmentOut>[] = []
  const inserted: EnrolmentRow[] = []
  let sequence = count
  for (let i = 0; i < households.length; i++) {
    const household = pseudonyms[i]!
    const existing = byHousehold.get(household)
    if (existing) {
      results.push(enrolmentOut(existing, true))
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
        throw new ProblemError(422, e.code, `row ${i + 1}: ${e.message}; nothing was enrolled`, {
          errors: [{ pointer: `${pointerPrefix(i)}/baseline`, detail: e.message, code: e.code }],
          ...(e.details ?? {}),
        })
      }
      throw err
    }
    sequence += 1
    const [row] = await tx
      .insert(enrolments)
      .values({
        trialId: trial.id,
        sequence,
        household,
        unit,
        baseline: households[i]!.baseline,
        arm: allocation.arm,
        stratum: allocation.stratum ?? null,
        block: allocation.block ?? null,
        algorithm: allocator.algorithm,
        protocolVersion: trial.protocolVersion,
        enrolledBy: actor.userId!,
        enrolledAt: actor.at,
      })
      .returning()
    inserted.push(row!)
    results.push(enrolmentOut(row!, false))
    const recorded = Object.entries(households[i]!.baseline).filter(([, v]) => v !== null)
    if (recorded.length) {
      await tx.insert(observations).values(
        recorded.map(([variable, v]) => ({
          trialId: trial.id,
          enrolmentId: row!.id,
          kind: 'baseline' as const,
          variable,
          valueNumber: typeof v === 'number' ? v : null,
          valueText: typeof v === 'string' ? v : null,
          source: 'enrolment',
          recordedBy: actor.userId!,
          recordedAt: actor.at,
        }))
      )
    }
  }
  // Same transaction: an allocation never exists without its public ledger entry.
  await appendEnrolmentsToLedger(tx, trial, inserted)
  const fresh = results.filter((r) => !r.replayed).map((r) => r.sequence)
  await recordAudit(tx, actor, enrolmentAudit(trial, fresh))
  const entry: CachedAllocator = { allocator, count: sequence, key: cacheKey(trial) }
  /** Call once the enrolling transaction has committed: the allocator then serves the trial's next enrolment. */
  const remember = () => {
    if (allocatorCache.size >= CACHE_LIMIT)
      allocatorCache.delete(allocatorCache.keys().next().value!)
    allocatorCache.set(trial.id, entry)
  }
  return { enrolments: results, remember }
}

/**
 * Allocators by trial, so that the next enrolment need not replay every earlier one. Only the
 * allocator of a committed transaction is kept, and it is trusted only if the trial still has
 * exactly the number of enrolments it has seen, counted under the trial row lock: enrolments are
 * immutable and numbered without gaps, so equal counts mean equal sequences. Anything else
 * (another process enrolled, a transaction failed, a restart) falls back to a full replay, which
 * gives the same allocations by construction.
 */
const allocatorCache = new Map<string, CachedAllocator>()
const CACHE_LIMIT = 200

interface CachedAllocator {
  allocator: Allocator
  count: number
  key: string
}

const cacheKey = (trial: TrialRow) =>
  `${trial.seedCommitment}|${trial.protocolVersion}|${trial.protocolHash}`

async function allocatorFor(tx: Executor, trial: TrialRow, count: number): Promise<Allocator> {
  const cached = allocatorCache.get(trial.id)
  // Taken out while in use: if this transaction fails, the next one replays.
  allocatorCache.delete(trial.id)
  if (cached && cached.count === count && cached.key === cacheKey(trial)) return cached.allocator
  const prior = await tx
    .select({
      household: enrolments.household,
      unit: enrolments.unit,
      algorithm: enrolments.algorithm,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  return replayAllocator(
    registeredProtocol(trial).randomisation,
    trial.seed!,
    prior.map((e): RandomisationUnit => ({ ...e.unit, id: e.household })),
    { algorithm: prior[0]?.algorithm ?? CURRENT_ALGORITHM }
  )
}

/** Runs an enrolling transaction; its allocator is kept for the next enrolment only once it has committed. */
export async function enrol(
  rc: RequestContext,
  id: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  const { enrolments, remember } = await withTrial(rc, id, 'enrol', (tx, trial) =>
    enrolHouseholds(tx, trial, rc.actor, rc.config.pseudonymKey, households, pointerPrefix)
  )
  remember()
  return enrolments
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
 * Seed, protocol and every unit in order, to re-derive each allocation: published once the
 * domain says the seed is revealed.
 */
export async function allocationExport(db: Executor, trial: TrialRow, at: Date) {
  const seed = visibleSeed(trial)
  if (seed === null)
    throw new NotClosedError(
      'the allocation export (with the seed) is published once the trial has closed',
      { trial_status: trial.status }
    )
  const rows = await db
    .select()
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  const protocol = registeredProtocol(trial)
  return {
    trial_id: trial.id,
    protocol_hash: trial.protocolHash,
    protocol,
    algorithm: rows[0]?.algorithm ?? null,
    randomisation: protocol.randomisation,
    seed,
    seed_commitment: trial.seedCommitment,
    exported_at: at.toISOString(),
    units: rows.map((r) => ({
      id: r.household,
      fields: r.unit,
      arm: r.arm,
      ...(r.stratum !== null ? { stratum: r.stratum } : {}),
      ...(r.block !== null ? { block: r.block } : {}),
    })),
  }
}
