import type { Protocol } from '../protocol/schema'
import { addIsoDuration } from './iso-duration'
import { missingReasons, type MissingReason } from './vocabulary'

/**
 * One enrolled unit, as progress needs it.
 *
 * @example
 * const u: ProgressUnit = { id: 'hh_1', arm: 'usual_care', stratum: 'leeds|single_under_25', enrolledAt: new Date('2026-01-05T10:00:00Z') }
 */
export interface ProgressUnit {
  id: string
  arm: string
  stratum: string | null
  enrolledAt: Date
}

/**
 * One current observation of an outcome or process measure: a value (reason null) or a missing reason.
 *
 * @example
 * const o: ProgressObservation = { unitId: 'hh_1', variable: 'homeless_6m', missingReason: 'moved_away' }
 */
export interface ProgressObservation {
  unitId: string
  variable: string
  missingReason: string | null
}

/**
 * Follow-up of one outcome or process measure.
 *
 * @example
 * followUpProgress(protocol, units, observations, now).measures[0].outstanding
 */
export interface MeasureProgress {
  name: string
  kind: 'outcome' | 'process'
  /** ISO 8601 offset from randomisation at which the value falls due; null for process measures. */
  offset: string | null
  /** Units whose time point has passed (process measures: every unit). */
  due: number
  notYetDue: number
  /** Units with a recorded value (at any time). */
  received: number
  /** Units recorded as missing, by reason. */
  missing: Record<MissingReason, number>
  /** Due units with neither a value nor a missing reason: the ones to chase. */
  outstanding: number
}

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
 * by arm and by stratum, and for each outcome how many are due (randomisation + the time point's
 * offset has passed), received, missing with each reason, and outstanding. Time points anchored on
 * another event (referral, release) are counted from randomisation, the only date held for every unit.
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
    let m = recorded.get(o.variable)
    if (!m) recorded.set(o.variable, (m = new Map()))
    m.set(o.unitId, o.missingReason)
  }
  const measures = [
    ...[protocol.primary_outcome, ...protocol.secondary_outcomes].map((o) => ({
      name: o.name,
      kind: 'outcome' as const,
      offset: o.time_point.offset,
    })),
    ...(protocol.process_measures ?? []).map((p) => ({
      name: p.name,
      kind: 'process' as const,
      offset: null,
    })),
  ].map((m): MeasureProgress => {
    const values = recorded.get(m.name) ?? new Map<string, string | null>()
    const missing = Object.fromEntries(missingReasons.map((r) => [r, 0])) as Record<
      MissingReason,
      number
    >
    let due = 0
    let received = 0
    let outstanding = 0
    for (const u of units) {
      const isDue =
        m.offset === null || addIsoDuration(u.enrolledAt, m.offset).getTime() <= now.getTime()
      if (isDue) due++
      const reason = values.get(u.id)
      if (reason === undefined) {
        if (isDue) outstanding++
      } else if (reason === null) received++
      else missing[reason as MissingReason] = (missing[reason as MissingReason] ?? 0) + 1
    }
    return { ...m, due, notYetDue: units.length - due, received, missing, outstanding }
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
