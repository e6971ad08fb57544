import { and, eq, inArray } from 'drizzle-orm'
import { checkBaseline } from '../../trials/enrolment/baseline'
import type { Protocol } from '../../trials/protocol/schema'
import type { Executor } from '../db/client'
import { enrolments, type trials } from '../db/schema'
import { ProblemError, conflict, type FieldProblem } from '../problem'
import { readSavedState, trialAllocator } from './allocator-state'
import { writeEnrolments, type NewEnrolment } from './enrolment-write'
import { pseudonymise } from './pseudonym'

export interface HouseholdInput {
  household_ref: string
  baseline: Record<string, string | number | null>
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

export const enrolmentOut = (e: EnrolmentRow, replayed: boolean) => ({
  household: e.household,
  sequence: e.sequence,
  arm: e.arm,
  stratum: e.stratum,
  block: e.block,
  algorithm: e.algorithm,
  protocol_version: e.protocolVersion,
  enrolled_at: e.enrolledAt.toISOString(),
  replayed,
})

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
  actor: { userId: string; requestId: string },
  now: Date,
  pseudonymKey: string,
  households: HouseholdInput[],
  pointerPrefix: (index: number) => string
) {
  const pending: PendingTrial =
    'row' in lockedOrPending
      ? lockedOrPending
      : {
          id: lockedOrPending.id,
          councilId: lockedOrPending.councilId,
          row: Promise.resolve(lockedOrPending),
        }
  const pseudonyms = households.map((h) =>
    pseudonymise(pseudonymKey, pending.councilId, h.household_ref)
  )
  // Pipelined on the transaction's connection: the lock first, then the reads, which PostgreSQL runs only
  // once the lock is granted, each with a snapshot taken then.
  const [trial, existing, saved] = await Promise.all([
    pending.row,
    tx
      .select()
      .from(enrolments)
      .where(
        and(
          eq(enrolments.trialId, pending.id),
          inArray(enrolments.household, [...new Set(pseudonyms)])
        )
      ),
    readSavedState(tx, pending.id),
  ])
  if (trial.id !== pending.id || trial.councilId !== pending.councilId)
    throw new Error('the locked trial is not the one the request named')
  if (trial.status !== 'recruiting') {
    throw conflict(
      'not-recruiting',
      `households can be randomised only while the trial is recruiting; it is ${trial.status}`,
      { trial_status: trial.status }
    )
  }
  const protocol = trial.protocol as Protocol
  const problems: FieldProblem[] = []
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

  const loaded = await trialAllocator(tx, trial, saved)
  const byHousehold = new Map(existing.map((e) => [e.household, e]))
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
        throw new ProblemError(422, e.code, `row ${i + 1}: ${e.message}; nothing was enrolled`, {
          errors: [{ pointer: `${pointerPrefix(i)}/baseline`, detail: e.message, code: e.code }],
          ...(e.details ?? {}),
        })
      }
      throw err
    }
    const row: NewEnrolment = {
      sequence: loaded.enrolled + fresh.length + 1,
      household,
      unit,
      baseline: households[i]!.baseline,
      arm: allocation.arm,
      stratum: allocation.stratum ?? null,
      block: allocation.block ?? null,
    }
    fresh.push(row)
    order.push(row)
  }
  if (fresh.length === 0) {
    return {
      enrolments: order.map((e) => enrolmentOut(e as EnrolmentRow, true)),
      rebuilt: loaded.rebuilt,
    }
  }
  const stored = await writeEnrolments(tx, trial, {
    rows: fresh,
    state: allocator.snapshot(),
    storedEnrolments: loaded.storedEnrolments,
    algorithm: allocator.algorithm,
    actorId: actor.userId,
    at: now,
    audit: {
      at: now,
      actorId: actor.userId,
      councilId: trial.councilId,
      action: fresh.length === 1 ? 'trial.enrol' : 'trial.enrol-batch',
      entityType: 'trial',
      entityId: trial.id,
      requestId: actor.requestId,
      detail: { sequences: [fresh[0]!.sequence, fresh[fresh.length - 1]!.sequence] },
    },
  })
  const bySequence = new Map(stored.map((e) => [e.sequence, e]))
  return {
    enrolments: order.map((e) =>
      'id' in e ? enrolmentOut(e, true) : enrolmentOut(bySequence.get(e.sequence)!, false)
    ),
    rebuilt: loaded.rebuilt,
  }
}
