import type { LifecycleStatus } from '../protocol/lifecycle'
import { householdWrites, recordBatchAudit, refusals, settleBatch } from './record-batch'
import { assertRecordsOpen } from './record-errors'
import type { AuditEvent, TrialState } from './state'

/**
 * One post-randomisation exclusion as the decision reads it, after the shell pseudonymised any case
 * reference: the household, why it is excluded from the analysis, and the date it was decided.
 *
 * @example
 * const e: ExclusionEntry = { row: 2, index: 0, household: 'hh_…', reason: 'found to be outside the council area after randomisation', date: '2026-03-02' }
 */
export interface ExclusionEntry {
  row: number
  index: number
  household: string
  reason: string
  date: string
  /** The registered eligibility criterion failed at randomisation, if that is the ground. */
  criterion?: string
}

/**
 * One enrolled household as the decision needs it.
 *
 * @example
 * const u: ExclusionUnit = { enrolmentId: 'uuid', enrolledOn: '2026-01-05' }
 */
export interface ExclusionUnit {
  enrolmentId: string
  enrolledOn: string
}

/**
 * A stored exclusion record.
 *
 * @example
 * const c: CurrentExclusion = { id: 'uuid', enrolmentId: 'uuid', reason: 'ineligible on review', date: '2026-03-02', criterion: null, version: 1 }
 */
export interface CurrentExclusion {
  id: string
  enrolmentId: string
  reason: string
  date: string
  criterion: string | null
  version: number
}

/**
 * What the decision reads: the trial (its id and council), its status, today, its enrolled
 * households by pseudonym and the exclusions held, by enrolment.
 *
 * @example
 * const s: ExclusionState = { id: 't-1', councilId: 'c-1', status: 'recruiting', today: '2026-03-01', criteria: new Set(), units: new Map(), current: new Map() }
 */
export interface ExclusionState extends Pick<TrialState, 'id' | 'councilId'> {
  status: LifecycleStatus
  today: string
  /** The protocol's registered eligibility criteria, inclusion and exclusion. */
  criteria: ReadonlySet<string>
  units: ReadonlyMap<string, ExclusionUnit>
  current: ReadonlyMap<string, CurrentExclusion>
}

/**
 * A new or replacement exclusion record.
 *
 * @example
 * const w: ExclusionWrite = { enrolmentId: 'uuid', household: 'hh_…', reason: 'ineligible on review', date: '2026-03-02', criterion: null }
 */
export interface ExclusionWrite {
  enrolmentId: string
  household: string
  reason: string
  date: string
  criterion: string | null
}

/**
 * The decision: records to create and to correct, how many were unchanged, and the audit events
 * (none when nothing is written).
 *
 * @example
 * decideRecordExclusion(state, entries, { corrections: false }).create.length
 */
export interface ExclusionDecision {
  create: ExclusionWrite[]
  correct: Array<{ current: CurrentExclusion; next: ExclusionWrite }>
  unchanged: number
  audit: AuditEvent[]
}

/**
 * Decides a batch of post-randomisation exclusions (CONSORT 2025 flow, "excluded from analysis"),
 * all or none. An exclusion naming a registered eligibility criterion (found ineligible at
 * randomisation) removes the household from the intention-to-treat analysis; any other is reported
 * and the household stays in it (`ittExclusions`). Refused, with the row and reason: a household
 * not in the trial; a date before the household's randomisation or after today; a criterion that
 * is not registered; a repeated household; a change to a held record without `corrections`. Corrections
 * need `reason` and keep the previous record in the history, as outcome corrections do; an entry
 * equal to the held record is left alone.
 *
 * @example
 * decideRecordExclusion(state, [{ row: 1, index: 0, household: 'hh_…', reason: 'ineligible on review', date: '2026-03-02' }], { corrections: false })
 */
export function decideRecordExclusion(
  state: ExclusionState,
  entries: readonly ExclusionEntry[],
  options: { corrections: boolean; reason?: string }
): ExclusionDecision {
  assertRecordsOpen(state.status, 'exclusions from analysis')
  const batch = refusals<ExclusionEntry>()
  const writes = householdWrites(batch, state.units, state.today, entries, {
    beforeEnrolment: '; a household excluded before randomisation belongs in the screening log',
    check: (e) => {
      if (e.criterion !== undefined && !state.criteria.has(e.criterion))
        batch.refuse(
          e,
          'criterion',
          'unknown-criterion',
          `The eligibility criterion must be one registered in the protocol, word for word: ${[...state.criteria].map((c) => `"${c}"`).join(', ')}`
        )
    },
    write: (e, unit): ExclusionWrite => ({
      enrolmentId: unit.enrolmentId,
      household: e.household,
      reason: e.reason,
      date: e.date,
      criterion: e.criterion ?? null,
    }),
  })
  const { create, correct, unchanged } = settleBatch(
    'exclusion',
    batch,
    writes,
    {
      current: (w) => state.current.get(w.enrolmentId),
      same: (c, w) => c.reason === w.reason && c.date === w.date && c.criterion === w.criterion,
      alreadyRecorded: (_, c) => ({
        field: 'reason',
        detail: `The household is already excluded since ${c.date} (${c.reason}); to change it, send corrections=true with the reason for the correction`,
      }),
    },
    options
  )
  return {
    create,
    correct,
    unchanged,
    audit: recordBatchAudit(state, 'exclusion', { create, correct, unchanged }, options),
  }
}
