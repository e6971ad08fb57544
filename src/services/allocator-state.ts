import { asc, eq } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import {
  ALLOCATOR_STATE_FORMAT,
  CURRENT_ALGORITHM,
  createAllocator,
  replayAllocator,
  restoreAllocator,
  type Allocator,
  type RandomisationUnit,
} from '../../trials/randomisation'
import type { Executor } from '../db/client'
import { enrolments, type trials } from '../db/schema'

type TrialRow = typeof trials.$inferSelect

/** Rows of `db.execute`: an array on postgres.js, `{ rows }` on PGlite. */
export function rowsOf<T>(result: unknown): T[] {
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[]
}

/** A trial's allocator, ready for its next unit, and how it was obtained. */
export interface TrialAllocator {
  allocator: Allocator
  /** Households enrolled so far: the last sequence number. */
  enrolled: number
  /** `enrolments` of the saved state row as read (null: no row), for the guarded update. */
  storedEnrolments: number | null
  /**
   * Why the saved state was not used and the allocator was rebuilt by replaying every enrolment, or null
   * when it was used (or the trial has no enrolment yet).
   */
  rebuilt: null | 'missing' | 'stale' | 'unfit'
}

/**
 * The saved state row of a trial (all null when there is none) and whether enrolments n and n+1 exist (n its
 * count), as `readEnrolmentContext` (enrolment-read.ts) reads them under the trial row lock.
 */
export interface SavedStateRow {
  enrolments: number | null
  format: string | null
  algorithm: string | null
  protocol_hash: string | null
  state: string | null
  has_last: boolean
  has_next: boolean
}

/**
 * The trial's allocator, resumed from its saved state when that state is current. A state that is missing
 * while enrolments exist, behind or ahead of them, saved under another protocol version or format, or that
 * does not fit the configuration is never used: the allocator is rebuilt by replaying every enrolment in
 * order (the pure engine's own definition), and the caller saves the rebuilt state with its next enrolment.
 */
export async function trialAllocator(
  tx: Executor,
  trial: TrialRow,
  saved: SavedStateRow
): Promise<TrialAllocator> {
  const config = registeredProtocol(trial).randomisation
  const seed = trial.seed!
  const stored = saved?.enrolments ?? null
  const count = stored ?? 0
  const current = (count === 0 || saved.has_last) && !saved.has_next
  if (stored === null && current) {
    // A trial's first enrolment: nothing to restore.
    return {
      allocator: createAllocator(config, seed, { algorithm: CURRENT_ALGORITHM }),
      enrolled: 0,
      storedEnrolments: null,
      rebuilt: null,
    }
  }
  let rebuilt: TrialAllocator['rebuilt'] = stored === null ? 'missing' : current ? null : 'stale'
  if (
    rebuilt === null &&
    (saved.format !== ALLOCATOR_STATE_FORMAT || saved.protocol_hash !== trial.protocolHash)
  )
    rebuilt = 'unfit'
  if (rebuilt === null) {
    try {
      const allocator = restoreAllocator(config, seed, JSON.parse(saved.state!))
      if (allocator.allocated === count && allocator.algorithm === saved.algorithm)
        return { allocator, enrolled: count, storedEnrolments: stored, rebuilt: null }
    } catch (err) {
      if ((err as { code?: string }).code !== 'allocator-state-mismatch') throw err
    }
    rebuilt = 'unfit'
  }
  const prior = await tx
    .select({
      household: enrolments.household,
      unit: enrolments.unit,
      algorithm: enrolments.algorithm,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  const allocator = replayAllocator(
    config,
    seed,
    prior.map((e) => ({ ...e.unit, id: e.household })),
    { algorithm: prior[0]?.algorithm ?? CURRENT_ALGORITHM }
  )
  return { allocator, enrolled: prior.length, storedEnrolments: stored, rebuilt }
}
