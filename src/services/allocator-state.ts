import { asc, eq, sql } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import {
  advanceAllocator,
  ALLOCATOR_STATE_FORMAT,
  CURRENT_ALGORITHM,
  createAllocator,
  replayAllocator,
  restoreAllocator,
  type Allocator,
  type RandomisationConfig,
  type RandomisationUnit,
} from '../../trials/randomisation'
import type { Executor } from '../db/client'
import { allocatorStates, enrolments, type trials } from '../db/schema'

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
  /**
   * How many enrolments made elsewhere the allocator this process kept was brought forward over (0: it was
   * used as it stood), or null when it was not used.
   */
  caughtUp: number | null
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
  /**
   * The state text; null when there is no row, or when the row is still at the version of the allocator this
   * process keeps (see {@link KeptAllocators}).
   */
  state: string | null
  /** The state row's version (`xmin`, which changes with every write of the row); null when there is no row. */
  version: string | null
  has_last: boolean
  has_next: boolean
  /**
   * The enrolments after the kept allocator's units, in order, when the row has moved from the kept version
   * and there are at most {@link CATCH_UP} of them; null otherwise (nothing kept, or too far behind).
   */
  since: EnrolledUnit[] | null
}

/** An enrolment as the kept allocator needs it to catch up: its unit and the allocation recorded. */
export interface EnrolledUnit {
  sequence: number
  household: string
  unit: (typeof enrolments.$inferSelect)['unit']
  arm: string
  stratum: string | null
  block: number | null
}

/**
 * How many enrolments made elsewhere a kept allocator is brought forward over (two API processes taking turns
 * leave each one behind by one); further behind, the saved state is restored instead, so the cost stays
 * constant whatever the trial's size.
 */
export const CATCH_UP = 32

/** An allocator as it stood after a committed enrolment, with the state row version that commit wrote. */
interface Kept {
  version: string
  enrolled: number
  allocator: Allocator
  /** The randomisation configuration (the very object) and seed it was made with. */
  config: RandomisationConfig
  seed: string
}

/**
 * The allocators of the trials this process enrolled into last, each as its committed state row holds it, so the
 * next enrolment resumes without reading, parsing and restoring the state. A kept allocator is only a copy of the
 * saved state, itself a cache of the ledger: it is used only when the state row read under the trial row lock is
 * still at the version its commit wrote (any other write of the row, by any process, changes that version), the
 * row is current against the enrolments and fits the protocol, exactly as a restored state must. It is taken out
 * while a transaction uses it (allocating changes it) and put back only once that transaction has committed, so
 * a failed or concurrent transaction never sees it half-used.
 */
export class KeptAllocators {
  private readonly byTrial = new Map<string, Kept>()
  private static readonly TRIALS = 1_000

  /** Where the allocator kept for the trial stands (its state row version and units), to send with the read. */
  position(trialId: string): { version: string; enrolled: number } | undefined {
    const kept = this.byTrial.get(trialId)
    return kept && { version: kept.version, enrolled: kept.enrolled }
  }

  /**
   * Takes the kept allocator out if it was made from this very configuration object and seed (the trial row's
   * documents are kept per process while the row is unchanged, `lockAndLoadTrial`, so a trial row changed in
   * any way gives a new object and the allocator is not used), with the state row version and units it stood
   * at. The caller decides whether it can be used: as it is, or brought forward over enrolments made since.
   */
  take(
    trialId: string,
    at: { config: RandomisationConfig; seed: string }
  ): Omit<Kept, 'config' | 'seed'> | undefined {
    const kept = this.byTrial.get(trialId)
    if (!kept) return undefined
    this.byTrial.delete(trialId)
    return kept.config === at.config && kept.seed === at.seed ? kept : undefined
  }

  /** Keeps an allocator as committed: its state row at `version`, after `enrolled` units. */
  keep(trialId: string, kept: Kept): void {
    if (this.byTrial.size >= KeptAllocators.TRIALS) this.byTrial.clear()
    this.byTrial.set(trialId, kept)
  }
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
  saved: SavedStateRow,
  kept?: KeptAllocators
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
      caughtUp: null,
    }
  }
  let rebuilt: TrialAllocator['rebuilt'] = stored === null ? 'missing' : current ? null : 'stale'
  if (
    rebuilt === null &&
    (saved.format !== ALLOCATOR_STATE_FORMAT || saved.protocol_hash !== trial.protocolHash)
  )
    rebuilt = 'unfit'
  if (rebuilt === null) {
    const held = kept?.take(trial.id, { config, seed })
    if (held && held.allocator.algorithm === saved.algorithm) {
      // As this process's commit left it, or behind by the enrolments another process made since (read with
      // the state, at most CATCH_UP of them): brought forward over them, each allocation checked against the
      // one recorded. Anything else is restored from the saved state below.
      const since = held.version === saved.version ? [] : saved.since
      if (
        since !== null &&
        held.enrolled + since.length === count &&
        since.every((e, k) => e.sequence === held.enrolled + k + 1) &&
        advanceAllocator(
          held.allocator,
          since.map((e) => ({
            unit: { ...e.unit, id: e.household },
            arm: e.arm,
            stratum: e.stratum,
            block: e.block,
          }))
        ) &&
        held.allocator.allocated === count
      )
        return {
          allocator: held.allocator,
          enrolled: count,
          storedEnrolments: stored,
          rebuilt: null,
          caughtUp: since.length,
        }
    }
    try {
      const allocator = restoreAllocator(
        config,
        seed,
        JSON.parse(saved.state ?? (await stateText(tx, trial.id)))
      )
      if (allocator.allocated === count && allocator.algorithm === saved.algorithm)
        return {
          allocator,
          enrolled: count,
          storedEnrolments: stored,
          rebuilt: null,
          caughtUp: null,
        }
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
  return { allocator, enrolled: prior.length, storedEnrolments: stored, rebuilt, caughtUp: null }
}

/** The saved state's text, when the read left it out for an allocator that turned out not to be kept any more. */
async function stateText(tx: Executor, trialId: string): Promise<string> {
  const [row] = await tx
    .select({ state: sql<string>`${allocatorStates.state}::text` })
    .from(allocatorStates)
    .where(eq(allocatorStates.trialId, trialId))
  return row!.state
}
