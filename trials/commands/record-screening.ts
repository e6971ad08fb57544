import type { LifecycleStatus } from '../protocol/lifecycle'
import { isoWeekOf, isoWeekStart } from '../report/iso-week'
import { SCREENING_REASON_LABELS, type ScreeningReason } from '../report/vocabulary'
import { recordBatchAudit, refusals, settleBatch } from './record-batch'
import { assertRecordsOpen } from './record-errors'
import type { AuditEvent, TrialState } from './state'

/**
 * One screening-log entry after the shell has pseudonymised any case reference: either one
 * household (its pseudonym and the date it was assessed) or a count of households per reason in
 * one ISO week. `row` is how the sender knows the entry (CSV line or list index).
 *
 * @example
 * const e: ScreeningEntry = { row: 2, index: 0, week: '2026-W05', reason: 'declined', count: 3 }
 */
export interface ScreeningEntry {
  row: number
  index: number
  household?: string
  assessed_on?: string
  week?: string
  count?: number
  reason: ScreeningReason
  detail?: string
}

/**
 * A stored screening record as the decision needs it.
 *
 * @example
 * const c: CurrentScreening = { id: 'uuid', key: 'w:2026-W05:declined', week: '2026-W05', household: null, assessed_on: null, reason: 'declined', detail: null, count: 3, version: 1 }
 */
export interface CurrentScreening {
  id: string
  key: string
  week: string
  household: string | null
  assessed_on: string | null
  reason: ScreeningReason
  detail: string | null
  count: number
  version: number
}

/**
 * What the decision reads: the trial (its id and council), its status and recruitment start, the
 * households it has enrolled (a randomised household is never a screening exclusion), today, and
 * the records held.
 *
 * @example
 * const s: ScreeningState = { id: 't-1', councilId: 'c-1', status: 'recruiting', recruitmentStartedOn: '2026-01-05', today: '2026-02-01', enrolled: new Set(), current: new Map() }
 */
export interface ScreeningState extends Pick<TrialState, 'id' | 'councilId'> {
  status: LifecycleStatus
  recruitmentStartedOn: string | null
  today: string
  enrolled: ReadonlySet<string>
  current: ReadonlyMap<string, CurrentScreening>
}

/**
 * A new or replacement screening record.
 *
 * @example
 * const r: ScreeningWrite = { key: 'w:2026-W05:declined', week: '2026-W05', household: null, assessed_on: null, reason: 'declined', detail: null, count: 3 }
 */
export interface ScreeningWrite {
  key: string
  week: string
  household: string | null
  assessed_on: string | null
  reason: ScreeningReason
  detail: string | null
  count: number
}

/**
 * The decision: records to create, records to correct (the current row goes to the history with
 * the reason), how many were unchanged, and the audit events (none when nothing is written).
 *
 * @example
 * const d: ScreeningDecision = decideRecordScreening(state, entries, { corrections: false })
 */
export interface ScreeningDecision {
  create: ScreeningWrite[]
  correct: Array<{ current: CurrentScreening; next: ScreeningWrite }>
  unchanged: number
  audit: AuditEvent[]
}

/**
 * The key a screening record is stored under: one per household, or one per week and reason.
 *
 * @example
 * screeningKey({ week: '2026-W05', reason: 'declined' }) // 'w:2026-W05:declined'
 */
export function screeningKey(entry: { household?: string | null; week: string; reason: string }) {
  return entry.household ? `h:${entry.household}` : `w:${entry.week}:${entry.reason}`
}

const same = (a: CurrentScreening, b: ScreeningWrite) =>
  a.week === b.week &&
  a.reason === b.reason &&
  a.detail === b.detail &&
  a.count === b.count &&
  a.assessed_on === b.assessed_on

/**
 * Decides a batch of screening-log entries, all or none. Each entry is refused, with its row and
 * reason, when it names a household randomised in this trial, is dated before recruitment started
 * or after today, gives `other` without a detail, repeats another entry of the batch, or would
 * change a record already held without `corrections`. A correction needs `reason` and keeps the
 * previous record in the history, as outcome corrections do. An entry equal to the record held is
 * left alone, so a repeated upload changes nothing.
 *
 * @example
 * decideRecordScreening(state, [{ row: 2, index: 0, week: '2026-W05', reason: 'declined', count: 3 }], { corrections: false }).create.length // 1
 */
export function decideRecordScreening(
  state: ScreeningState,
  entries: readonly ScreeningEntry[],
  options: { corrections: boolean; reason?: string }
): ScreeningDecision {
  assertRecordsOpen(state.status, 'screening')
  const batch = refusals<ScreeningEntry>()
  const { problems, refuse } = batch
  const startWeek = state.recruitmentStartedOn ? isoWeekOf(state.recruitmentStartedOn) : null
  const seen = new Map<string, number>()
  const writes: Array<{ entry: ScreeningEntry; write: ScreeningWrite }> = []

  for (const e of entries) {
    const before = problems.length
    let week = e.week
    if (e.household) {
      if (state.enrolled.has(e.household))
        refuse(
          e,
          'household',
          'household-enrolled',
          'The household was randomised in the trial; the screening log is only for households assessed and not randomised'
        )
      if (!e.assessed_on)
        refuse(e, 'assessed_on', 'required', 'Enter the date the household was assessed')
      else {
        if (week && week !== isoWeekOf(e.assessed_on))
          refuse(
            e,
            'week',
            'week-mismatch',
            `The week (${week}) does not match the date assessed: ${e.assessed_on} is in ${isoWeekOf(e.assessed_on)}`
          )
        week = isoWeekOf(e.assessed_on)
        if (e.assessed_on > state.today)
          refuse(
            e,
            'assessed_on',
            'in-future',
            `The date assessed (${e.assessed_on}) is after today (${state.today})`
          )
        if (state.recruitmentStartedOn && e.assessed_on < state.recruitmentStartedOn)
          refuse(
            e,
            'assessed_on',
            'before-recruitment',
            `The date assessed (${e.assessed_on}) is before recruitment started on ${state.recruitmentStartedOn}`
          )
      }
      if (e.count !== undefined && e.count !== 1)
        refuse(
          e,
          'count',
          'count-with-household',
          'The number of households must be 1, or left out, for one household'
        )
    } else {
      if (!week)
        refuse(
          e,
          'week',
          'required',
          'Enter the week, like 2026-W05, or one household with the date it was assessed'
        )
      else if (!isoWeekStart(week))
        refuse(
          e,
          'week',
          'invalid-week',
          `The week (${week}) does not exist; write it like 2026-W05`
        )
      else {
        if (week > isoWeekOf(state.today))
          refuse(
            e,
            'week',
            'in-future',
            `The week (${week}) is after this week (${isoWeekOf(state.today)})`
          )
        if (startWeek && week < startWeek)
          refuse(
            e,
            'week',
            'before-recruitment',
            `The week (${week}) is before recruitment started (${startWeek})`
          )
      }
      if (e.count === undefined) refuse(e, 'count', 'required', 'Enter the number of households')
    }
    if (e.reason === 'other' && !e.detail)
      refuse(
        e,
        'detail',
        'detail-required',
        'Say in a few words what the other reason was (one line, no names or case references)'
      )
    if (problems.length > before || !week) continue
    const write: ScreeningWrite = {
      key: screeningKey({ household: e.household ?? null, week, reason: e.reason }),
      week,
      household: e.household ?? null,
      assessed_on: e.household ? (e.assessed_on ?? null) : null,
      reason: e.reason,
      detail: e.detail ?? null,
      count: e.household ? 1 : e.count!,
    }
    const first = seen.get(write.key)
    if (first !== undefined) {
      refuse(
        e,
        e.household ? 'household' : 'week',
        'duplicate',
        `This entry repeats row ${first}: the same household, or the same week and reason`
      )
      continue
    }
    seen.set(write.key, e.row)
    writes.push({ entry: e, write })
  }

  const { create, correct, unchanged } = settleBatch(
    'screening',
    batch,
    writes,
    {
      current: (write) => state.current.get(write.key),
      same,
      alreadyRecorded: (entry, current) => ({
        field: entry.household ? 'household' : 'count',
        detail: `Already recorded: ${current.count} ${current.count === 1 ? 'household' : 'households'}, ${SCREENING_REASON_LABELS[current.reason].toLowerCase()}; to change it, send corrections=true with the reason for the correction`,
      }),
    },
    options
  )
  return {
    create,
    correct,
    unchanged,
    audit: recordBatchAudit(state, 'screening', { create, correct, unchanged }, options, {
      households_assessed: create.reduce((n, w) => n + w.count, 0),
    }),
  }
}
