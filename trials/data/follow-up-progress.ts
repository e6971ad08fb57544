import type { Protocol } from '../protocol/schema'
import { dueDates, followUpMeasures, type FollowUpMeasure } from './follow-up-schedule'
import { missingReasons, type MissingReason, type ObservationKind } from './vocabulary'

/**
 * One enrolled unit, as progress needs it. `anchorDates` holds the recorded date of each anchor
 * event other than randomisation (e.g. `release_from_prison`), as recorded with kind `anchor`.
 *
 * @example
 * const u: ProgressUnit = { id: 'hh_1', arm: 'usual_care', stratum: 'leeds|single_under_25', enrolledAt: new Date('2026-01-05T10:00:00Z') }
 */
export interface ProgressUnit {
  id: string
  arm: string
  stratum: string | null
  enrolledAt: Date
  anchorDates?: Readonly<Record<string, Date>>
}

/**
 * One current observation of an outcome or process measure: a value (reason null) or a missing
 * reason. An observation of kind `anchor` is the date of an anchor event (its `value`), not an outcome.
 *
 * @example
 * const o: ProgressObservation = { unitId: 'hh_1', variable: 'homeless_6m', missingReason: 'moved_away' }
 */
export interface ProgressObservation {
  unitId: string
  variable: string
  missingReason: string | null
  kind?: ObservationKind
  value?: number | string | null
}

/**
 * Follow-up of one outcome or process measure. Every enrolled unit is counted exactly once in
 * `received`, `missingTotal`, `outstanding` or `notYetDue`, so they add up to `enrolled`.
 *
 * @example
 * followUpProgress(protocol, units, observations, now).measures[0].outstanding
 */
export interface MeasureProgress extends FollowUpMeasure {
  /** Units whose due date (anchor date + offset) has passed, whatever is recorded (process measures: every unit). */
  due: number
  /** Units with nothing recorded (or marked `not_yet_due`) whose due date has not passed or is not yet known. */
  notYetDue: number
  /** Of `notYetDue`: units whose anchor event has no recorded date, so no due date can be counted. */
  awaitingAnchorDate: number
  /** Units with a recorded value (at any time, even before the due date). */
  received: number
  /** Units recorded as missing, by reason (`not_yet_due` is not a loss: those units are pending). */
  missing: Record<LossReason, number>
  /** The sum of `missing`. */
  missingTotal: number
  /** Due units with neither a value nor a missing reason (or still marked `not_yet_due`): the ones to chase. */
  outstanding: number
}

/**
 * A missing reason that is a loss to follow-up, i.e. every reason but `not_yet_due`.
 *
 * @example
 * const r: LossReason = 'moved_away'
 */
export type LossReason = Exclude<MissingReason, 'not_yet_due'>

/**
 * Recruitment and follow-up of a trial at one instant.
 *
 * @example
 * const p: FollowUpProgress = followUpProgress(protocol, units, observations, now)
 */
export interface FollowUpProgress {
  enrolled: number
  target: number
  byArm: Array<{ arm: string; enrolled: number }>
  byStratum: Array<{ stratum: string; enrolled: number; byArm: Record<string, number> }>
  measures: MeasureProgress[]
}

/**
 * Recruitment and follow-up progress of a trial at `now`: households enrolled against the target,
 * by arm and by stratum, and for each outcome a partition of the enrolled units into received,
 * missing (by reason), outstanding (due, nothing recorded) and not yet due, so that
 * `received + missingTotal + outstanding + notYetDue = enrolled`. A time point falls due at its
 * anchor date plus its offset: the enrolment instant for `randomisation`, otherwise the unit's
 * recorded date of that event (a unit without one is not yet due: the event has not been recorded).
 *
 * @example
 * followUpProgress(protocol, units, observations, new Date('2026-03-01T00:00:00Z')).measures[0].outstanding // 12
 */
export function followUpProgress(
  protocol: Protocol,
  units: readonly ProgressUnit[],
  observations: readonly ProgressObservation[],
  now: Date
): FollowUpProgress {
  const arms = protocol.arms.map((a) => a.name)
  const byArm = new Map(arms.map((a) => [a, 0]))
  const byStratum = new Map<string, { enrolled: number; byArm: Record<string, number> }>()
  for (const u of units) {
    byArm.set(u.arm, (byArm.get(u.arm) ?? 0) + 1)
    if (u.stratum !== null) {
      let s = byStratum.get(u.stratum)
      if (!s)
        byStratum.set(
          u.stratum,
          (s = { enrolled: 0, byArm: Object.fromEntries(arms.map((a) => [a, 0])) })
        )
      s.enrolled++
      s.byArm[u.arm] = (s.byArm[u.arm] ?? 0) + 1
    }
  }
  const recorded = new Map<string, Map<string, string | null>>()
  for (const o of observations) {
    if (o.kind === 'anchor') continue
    let m = recorded.get(o.variable)
    if (!m) recorded.set(o.variable, (m = new Map()))
    m.set(o.unitId, o.missingReason)
  }
  const dueDate = dueDates(observations)
  const measures = followUpMeasures(protocol).map((m): MeasureProgress => {
    const values = recorded.get(m.name) ?? new Map<string, string | null>()
    const missing = Object.fromEntries(
      missingReasons.filter((r) => r !== 'not_yet_due').map((r) => [r, 0])
    ) as Record<LossReason, number>
    let due = 0
    let received = 0
    let missingTotal = 0
    let outstanding = 0
    let notYetDue = 0
    let awaitingAnchorDate = 0
    for (const u of units) {
      let isDue = true
      let known = true
      if (m.anchor !== null && m.offset !== null) {
        const at = dueDate(u, { anchor: m.anchor, offset: m.offset })
        known = at !== undefined
        isDue = at !== undefined && at.getTime() <= now.getTime()
      }
      if (isDue) due++
      const reason = values.get(u.id)
      if (reason === null) received++
      else if (reason !== undefined && reason !== 'not_yet_due') {
        missing[reason as LossReason] = (missing[reason as LossReason] ?? 0) + 1
        missingTotal++
      } else if (isDue) outstanding++
      else {
        notYetDue++
        if (!known) awaitingAnchorDate++
      }
    }
    return {
      ...m,
      due,
      notYetDue,
      awaitingAnchorDate,
      received,
      missing,
      missingTotal,
      outstanding,
    }
  })
  return {
    enrolled: units.length,
    target: protocol.sample_size.target_households,
    byArm: [...byArm].map(([arm, enrolled]) => ({ arm, enrolled })),
    byStratum: [...byStratum]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([stratum, s]) => ({ stratum, ...s })),
    measures,
  }
}
