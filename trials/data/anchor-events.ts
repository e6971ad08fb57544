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
