import { trialEvent, type AuditEvent, type TrialState } from './state'
import {
  CorrectionReasonRequiredError,
  RecordsRefusedError,
  type RowProblem,
} from './record-errors'

/** An entry of a batch as its sender knows it: the CSV line (`row`) and its index in the JSON list. */
type BatchEntry = { row: number; index: number }

/**
 * The refused rows of a batch of trial records (screening, adherence), collected as they are found:
 * `refuse(entry, field, code, detail)` names the field by a pointer into the request's entries.
 *
 * @example
 * const batch = refusals<{ row: number; index: number }>()
 * batch.refuse({ row: 3, index: 1 }, 'date', 'in-future', '2027-01-01 is after today')
 * batch.problems[0].pointer // '/entries/1/date'
 */
export function refusals<E extends BatchEntry>() {
  const problems: RowProblem[] = []
  const refuse = (e: E, field: string, code: string, detail: string) => {
    problems.push({ row: e.row, pointer: `/entries/${e.index}/${field}`, field, code, detail })
  }
  return { problems, refuse }
}

/**
 * The writes of a batch of records about enrolled households (adherence, exclusions), refusing
 * each entry whose household is not in the trial, whose date is before the household's
 * randomisation (`beforeEnrolment` adds why that matters) or after `today`, that `check` refuses,
 * or whose household an earlier entry already named, in that order. An entry refused for any reason
 * gives no write.
 *
 * @example
 * householdWrites(batch, units, '2026-03-01', entries, { check: () => {}, write: (e, u) => ({ enrolmentId: u.enrolmentId }) })
 */
export function householdWrites<
  E extends BatchEntry & { household: string; date: string },
  U extends { enrolmentId: string; enrolledOn: string },
  W,
>(
  batch: ReturnType<typeof refusals<E>>,
  units: ReadonlyMap<string, U>,
  today: string,
  entries: readonly E[],
  rules: { beforeEnrolment?: string; check: (e: E, unit: U) => void; write: (e: E, unit: U) => W }
): Array<{ entry: E; write: W }> {
  const { problems, refuse } = batch
  const seen = new Map<string, number>()
  const writes: Array<{ entry: E; write: W }> = []
  for (const e of entries) {
    const unit = units.get(e.household)
    if (!unit) {
      refuse(e, 'household', 'not-in-trial', 'The household is not enrolled in this trial')
      continue
    }
    const before = problems.length
    if (e.date < unit.enrolledOn)
      refuse(
        e,
        'date',
        'before-enrolment',
        `The date (${e.date}) is before the household was randomised on ${unit.enrolledOn}${rules.beforeEnrolment ?? ''}`
      )
    if (e.date > today)
      refuse(e, 'date', 'in-future', `The date (${e.date}) is after today (${today})`)
    rules.check(e, unit)
    const first = seen.get(e.household)
    if (first !== undefined)
      refuse(e, 'household', 'duplicate', `The household is repeated: it is also in row ${first}`)
    else seen.set(e.household, e.row)
    if (problems.length === before) writes.push({ entry: e, write: rules.write(e, unit) })
  }
  return writes
}

/**
 * Settles a batch of valid writes against the records held, all or none: a write with no record is
 * created, one equal to its record is left alone (so a repeated upload changes nothing), and one
 * that differs is a correction, refused (`alreadyRecorded`) unless `corrections` is set. Then throws
 * `RecordsRefusedError` listing every refused row (sorted by row) when any row was refused, and
 * `CorrectionReasonRequiredError` when a correction comes without its reason.
 *
 * @example
 * settleBatch('adherence', batch, writes, { current, same, alreadyRecorded }, { corrections: false }).create.length // 1
 */
export function settleBatch<E extends BatchEntry, W, C>(
  what: string,
  batch: ReturnType<typeof refusals<E>>,
  writes: ReadonlyArray<{ entry: E; write: W }>,
  held: {
    current: (write: W) => C | undefined
    same: (current: C, write: W) => boolean
    alreadyRecorded: (entry: E, current: C) => { field: string; detail: string }
  },
  options: { corrections: boolean; reason?: string }
): { create: W[]; correct: Array<{ current: C; next: W }>; unchanged: number } {
  const create: W[] = []
  const correct: Array<{ current: C; next: W }> = []
  let unchanged = 0
  for (const { entry, write } of writes) {
    const current = held.current(write)
    if (current === undefined) create.push(write)
    else if (held.same(current, write)) unchanged++
    else if (!options.corrections) {
      const { field, detail } = held.alreadyRecorded(entry, current)
      batch.refuse(entry, field, 'already-recorded', detail)
    } else correct.push({ current, next: write })
  }
  const { problems } = batch
  if (problems.length)
    throw new RecordsRefusedError(
      `${new Set(problems.map((p) => p.row)).size} row(s) refused; nothing was recorded`,
      problems.sort((a, b) => a.row - b.row)
    )
  if (correct.length && !options.reason)
    throw new CorrectionReasonRequiredError(
      `changing ${correct.length} recorded ${what} record(s) needs a reason; nothing was recorded`,
      {
        errors: [
          {
            pointer: '/reason',
            detail: 'Give the reason for the correction',
            code: 'reason-required',
          },
        ],
      }
    )
  return { create, correct, unchanged }
}

/**
 * A settled batch's audit event: none when it writes nothing; `trial.<kind>-correct`, with the reason given,
 * when it corrects any record, else `trial.<kind>-record`. Its detail gives the counts first, then what the kind
 * adds (`extra`), then the reason.
 *
 * @example
 * recordBatchAudit({ id: 't-1', councilId: 'c-1' }, 'exclusion', { create: [{}], correct: [], unchanged: 0 }, {})
 * // [{ action: 'trial.exclusion-record', entityType: 'trial', entityId: 't-1', councilId: 'c-1',
 * //    detail: { created: 1, corrected: 0, unchanged: 0 } }]
 */
export function recordBatchAudit(
  trial: Pick<TrialState, 'id' | 'councilId'>,
  kind: 'screening' | 'adherence' | 'exclusion',
  batch: { create: readonly unknown[]; correct: readonly unknown[]; unchanged: number },
  options: { reason?: string },
  extra: Record<string, unknown> = {}
): AuditEvent[] {
  const { create, correct, unchanged } = batch
  if (!create.length && !correct.length) return []
  return [
    trialEvent(trial, `trial.${kind}-${correct.length ? 'correct' : 'record'}`, {
      created: create.length,
      corrected: correct.length,
      unchanged,
      ...extra,
      ...(correct.length ? { reason: options.reason } : {}),
    }),
  ]
}
