import type { Protocol } from '../protocol/schema'
import { anchorDateOf, parseAnchorDate } from './anchor-events'
import { addIsoDuration } from './iso-duration'
import type { ProgressObservation, ProgressUnit } from './follow-up-progress'

/**
 * A measure followed up per unit: an outcome with its time point, or a process measure, which has
 * none (it is due at once).
 *
 * @example
 * const m: FollowUpMeasure = { name: 'homeless_6m', kind: 'outcome', anchor: 'randomisation', offset: 'P6M' }
 */
export interface FollowUpMeasure {
  name: string
  kind: 'outcome' | 'process'
  /** The event the time point counts from (`randomisation` or a recorded anchor date); null for process measures. */
  anchor: string | null
  /** ISO 8601 offset from the anchor at which the value falls due; null for process measures. */
  offset: string | null
}

/**
 * The measures a protocol follows up, in protocol order: the primary outcome, the secondary
 * outcomes, then the process measures.
 *
 * @example
 * followUpMeasures(protocol).map((m) => m.name) // ['homeless_6m', 'days_in_temp_accommodation', 'settled_6m', 'attended_mediation']
 */
export function followUpMeasures(protocol: Protocol): FollowUpMeasure[] {
  return [
    ...[protocol.primary_outcome, ...protocol.secondary_outcomes].map((o) => ({
      name: o.name,
      kind: 'outcome' as const,
      anchor: o.time_point.anchor as string | null,
      offset: o.time_point.offset as string | null,
    })),
    ...(protocol.process_measures ?? []).map((p) => ({
      name: p.name,
      kind: 'process' as const,
      anchor: null,
      offset: null,
    })),
  ]
}

/**
 * The date each unit's value of an outcome falls due: its anchor date plus the time point's offset,
 * where the anchor date is the enrolment instant for `randomisation`, otherwise the unit's date of
 * that event (from `anchorDates` on the unit, or else as recorded among `observations` with kind
 * `anchor`, a date and no missing reason); undefined while that event has no recorded date.
 *
 * @example
 * dueDates(observations)(unit, { anchor: 'release_from_prison', offset: 'P3M' })?.toISOString() // '2026-04-10T00:00:00.000Z'
 */
export function dueDates(
  observations: readonly ProgressObservation[]
): (unit: ProgressUnit, measure: { anchor: string; offset: string }) => Date | undefined {
  const recorded = new Map<string, Map<string, Date>>()
  for (const o of observations) {
    if (o.kind !== 'anchor') continue
    const date = parseAnchorDate(o.value)
    if (o.missingReason !== null || !date) continue
    let m = recorded.get(o.variable)
    if (!m) recorded.set(o.variable, (m = new Map()))
    m.set(o.unitId, date)
  }
  return (unit, measure) => {
    const from =
      anchorDateOf(measure.anchor, unit.enrolledAt, unit.anchorDates) ??
      recorded.get(measure.anchor)?.get(unit.id)
    return from === undefined ? undefined : addIsoDuration(from, measure.offset)
  }
}
