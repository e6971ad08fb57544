import { DomainError } from '../../analysis'
import {
  permissions,
  STATUS_WORDS,
  TRIAL_STATUSES,
  type LifecycleStatus,
} from '../protocol/lifecycle'
import { NotRecordingError } from './errors'

/**
 * One refused row of a screening or adherence record: which row (the CSV line, or the index in a
 * JSON list), the field, a stable code and the rule in words.
 *
 * @example
 * const p: RowProblem = { row: 3, pointer: '/entries/1/date', field: 'date', code: 'before-enrolment', detail: '...' }
 */
export interface RowProblem {
  row: number
  pointer: string
  field: string
  code: string
  detail: string
}

/**
 * Records refused as a whole: nothing was written; `details.errors` lists every refused row.
 *
 * @example
 * throw new RecordsRefusedError('2 rows refused; nothing was recorded', problems)
 */
export class RecordsRefusedError extends DomainError {
  override readonly code: string = 'records-refused'
  /** Every refused row (the details carry the first 1,000). */
  readonly problems: readonly RowProblem[]
  constructor(message: string, errors: readonly RowProblem[]) {
    super(message, { errors: errors.slice(0, 1000), error_count: errors.length })
    this.problems = errors
  }
}

export { NotRecordingError }

/**
 * A correction was sent without the reason every correction keeps in the history.
 *
 * @example
 * throw new CorrectionReasonRequiredError('changing recorded values needs a reason')
 */
export class CorrectionReasonRequiredError extends DomainError {
  override readonly code: string = 'reason-required'
}

/**
 * Statuses in which trial records (screening, adherence) may be written: from the start of
 * recruitment until the final analysis, so that late paperwork can still be entered while follow-up
 * continues: the lifecycle's `recordOutcomes` permission.
 *
 * @example
 * recordsOpen('recruiting') // true
 */
export function recordsOpen(status: LifecycleStatus): boolean {
  return permissions(status).recordOutcomes
}

/**
 * Throws `NotRecordingError` unless `recordsOpen(status)`.
 *
 * @example
 * assertRecordsOpen('draft', 'screening') // throws
 */
export function assertRecordsOpen(status: LifecycleStatus, what: string): void {
  if (!recordsOpen(status))
    throw new NotRecordingError(
      `${what} can be recorded from the start of recruitment until the final analysis; the trial is "${STATUS_WORDS[status]}"`,
      { trial_status: status, allowed: TRIAL_STATUSES.filter(recordsOpen) }
    )
}
