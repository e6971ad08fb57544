import type { Protocol } from '../protocol/schema'

/**
 * The anchor of time points counted from the enrolment instant itself.
 *
 * @example
 * RANDOMISATION // 'randomisation'
 */
export const RANDOMISATION = 'randomisation'

/**
 * The anchor events of a protocol's outcome time points other than randomisation, whose dates are
 * recorded per household (observation kind `anchor`, variable = the event's name) so that due
 * dates can be counted from them.
 *
 * @example
 * anchorEvents(prisonReleaseProtocol) // ['release_from_prison']
 */
export function anchorEvents(protocol: Protocol): string[] {
  const events = [protocol.primary_outcome, ...protocol.secondary_outcomes]
    .map((o) => o.time_point.anchor)
    .filter((a) => a !== RANDOMISATION)
  return [...new Set(events)]
}

/**
 * The date a household's time point counts from: its randomisation instant when the anchor is
 * `randomisation`, otherwise its recorded date of the anchor event, or undefined when that event
 * has no recorded date yet (the time point cannot be dated, so it is not yet due).
 *
 * @example
 * anchorDateOf('release_from_prison', enrolledAt, { release_from_prison: new Date('2026-03-10') })?.toISOString() // '2026-03-10T00:00:00.000Z'
 */
export function anchorDateOf(
  anchor: string,
  enrolledAt: Date,
  recorded: Readonly<Record<string, Date>> | undefined
): Date | undefined {
  return anchor === RANDOMISATION ? enrolledAt : recorded?.[anchor]
}

/**
 * The recorded date of an anchor event as stored (`YYYY-MM-DD` or a UTC date-time), or undefined
 * when it is absent or not a date.
 *
 * @example
 * parseAnchorDate('2026-03-10')?.toISOString() // '2026-03-10T00:00:00.000Z'
 */
export function parseAnchorDate(value: unknown): Date | undefined {
  if (typeof value !== 'string') return undefined
  const date = new Date(value)
  return Number.isNaN(date.getTime()) ? undefined : date
}
