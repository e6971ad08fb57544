import { and, asc, eq, inArray, sql } from 'drizzle-orm'
import { checkBaseline } from '../../trials/enrolment/baseline'
import type { Protocol } from '../../trials/protocol/schema'
import {
  CURRENT_ALGORITHM,
  replayAllocator,
  type Allocator,
  type RandomisationUnit,
} from '../../trials/randomisation'
import type { Executor } from '../db/client'
import { enrolments, observations, type trials } from '../db/schema'
import { ProblemError, conflict, type FieldProblem } from '../problem'
import { audit } from './audit'
import { appendEnrolmentsToLedger } from './ledger'
import { pseudonymise } from './pseudonym'

export interface HouseholdInput {
  household_ref: string
  baseline: Record<string, string | number | null>
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
  actor: { userId: string; requestId: string },
  now: Date,
  pseudonymKey: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  if (trial.status !== 'recruiting') {
    throw conflict(
      'not-recruiting',
      `households can be randomised only while the trial is recruiting; it is ${trial.status}`,
      { trial_status: trial.status }
    )
  }
  const protocol = trial.protocol as Protocol
  const problems: FieldProblem[] = []
  const pseudonyms = households.map((h) =>
    pseudonymise(pseudonymKey, trial.councilId, h.household_ref)
  )
  const firstIndex = new Map<string, number>()
  pseudonyms.forEach((p, i) => {
    const earlier = firstIndex.get(p)
    if (earlier !== undefined) {
      problems.push({
        pointer: `${pointerPrefix(i)}/household_ref`,
        detail: `the same household as row ${earlier + 1} (rows ${earlier + 1} and ${i + 1})`,
        code: 'duplicate-household',
      })
    } else firstIndex.set(p, i)
    for (const b of checkBaseline(protocol, households[i]!.baseline)) {
      problems.push({
        pointer: `${pointerPrefix(i)}/baseline/${b.field}`,
        detail: b.message,
        code: b.code,
        ...(b.allowed ? { allowed: b.allowed } : {}),
      } as FieldProblem)
    }
  })
  if (problems.length)
    throw new ProblemError(
      422,
      'validation-failed',
      `${problems.length} problem(s) in the households; nothing was enrolled`,
      { errors: problems }
    )

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
        enrolledBy: actor.userId,
        enrolledAt: now,
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
          recordedBy: actor.userId,
          recordedAt: now,
        }))
      )
    }
  }
  // Same transaction: an allocation never exists without its public ledger entry.
  await appendEnrolmentsToLedger(tx, trial, inserted)
  const fresh = results.filter((r) => !r.replayed)
  if (fresh.length) {
    await audit(tx, {
      at: now,
      actorId: actor.userId,
      councilId: trial.councilId,
      action: fresh.length === 1 ? 'trial.enrol' : 'trial.enrol-batch',
      entityType: 'trial',
      entityId: trial.id,
      requestId: actor.requestId,
      detail: { sequences: [fresh[0]!.sequence, fresh[fresh.length - 1]!.sequence] },
    })
  }
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
    (trial.protocol as Protocol).randomisation,
    trial.seed!,
    prior.map(
      (e) => ({ ...(e.unit as Record<string, unknown>), id: e.household }) as RandomisationUnit
    ),
    { algorithm: prior[0]?.algorithm ?? CURRENT_ALGORITHM }
  )
}
