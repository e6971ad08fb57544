import type { Protocol } from '../protocol/schema'
import type { ProgressObservation, ProgressUnit } from './follow-up-progress'
import { dueDates, followUpMeasures } from './follow-up-schedule'

/**
 * The outcome values falling due in one UTC calendar month: per outcome, in protocol order, and in
 * total.
 *
 * @example
 * const d: OutcomesDueInMonth = outcomesDueInMonth(protocol, units, observations, now)
 */
export interface OutcomesDueInMonth {
  /** The month's first instant, 00:00 UTC on the 1st (included). */
  from: Date
  /** The next month's first instant (excluded). */
  to: Date
  /** The sum of `byMeasure`. */
  total: number
  byMeasure: Array<{ name: string; due: number }>
}

/**
 * The outcome values (not process measures, which have no time point) that fall due in the UTC
 * calendar month containing `now`: for each outcome, the enrolled units whose due date (anchor
 * date + offset, as in `followUpProgress`) lies in [from, to), the month's first instant included
 * and the next month's excluded, whatever is recorded for them. This is the `due` of
 * `followUpProgress` at the month's last millisecond minus its `due` at the millisecond before the
 * month began. A unit whose anchor event has no recorded date has no due date and is not counted.
 *
 * @example
 * // One household randomised on 2 March 2026; its three outcomes are all due 6 months later.
 * outcomesDueInMonth(protocol, units, [], new Date('2026-09-20T09:00:00Z')).total // 3
 */
export function outcomesDueInMonth(
  protocol: Protocol,
  units: readonly ProgressUnit[],
  observations: readonly ProgressObservation[],
  now: Date
): OutcomesDueInMonth {
  const from = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const to = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  const dueDate = dueDates(observations)
  const byMeasure = followUpMeasures(protocol).flatMap((m) => {
    if (m.anchor === null || m.offset === null) return []
    const timePoint = { anchor: m.anchor, offset: m.offset }
    let due = 0
    for (const u of units) {
      const at = dueDate(u, timePoint)?.getTime()
      if (at !== undefined && at >= from.getTime() && at < to.getTime()) due++
    }
    return [{ name: m.name, due }]
  })
  return { from, to, total: byMeasure.reduce((s, m) => s + m.due, 0), byMeasure }
}
