import { DomainError } from '../../analysis/errors'

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
  constructor(message: string, errors: readonly RowProblem[]) {
    super(message, { errors: errors.slice(0, 1000), error_count: errors.length })
  }
}

/**
 * A record was sent for a trial whose status does not accept it (e.g. screening of a draft).
 *
 * @example
 * throw new NotRecordingError('screening can be recorded once recruitment started', { trial_status: 'draft' })
 */
export class NotRecordingError extends DomainError {
  override readonly code: string = 'not-recording'
}

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
 * continues. Kept as strings so that statuses added to the lifecycle are named here on purpose.
 *
 * @example
 * recordsOpen('recruiting') // true
 */
export function recordsOpen(status: string): boolean {
  return RECORDS_OPEN.has(status)
}
const RECORDS_OPEN: ReadonlySet<string> = new Set(['recruiting', 'closed', 'data_complete'])

/**
 * Throws `NotRecordingError` unless `recordsOpen(status)`.
 *
 * @example
 * assertRecordsOpen('draft', 'screening') // throws
 */
export function assertRecordsOpen(status: string, what: string): void {
  if (!recordsOpen(status))
    throw new NotRecordingError(
      `${what} can be recorded from the start of recruitment until the final analysis; the trial is ${status}`,
      { trial_status: status, allowed: [...RECORDS_OPEN] }
    )
}
