import { addIsoDuration } from '../data/iso-duration'
import type { Protocol } from '../protocol/schema'

/**
 * The date from which a control household of a waitlist trial may be offered the intervention:
 * its primary outcome anchor date plus the primary outcome's offset, plus the protocol's
 * `delay_after_window` when given (see `waitlistSchema`). Null when the protocol has no waitlist.
 * `anchor` is the household's randomisation instant when the primary outcome is anchored on
 * randomisation, or the recorded anchor event otherwise.
 *
 * @example
 * delayedOfferDate(waitlistProtocol, new Date('2026-01-15T10:00:00Z'))?.toISOString().slice(0, 10) // '2026-07-15'
 */
export function delayedOfferDate(protocol: Protocol, anchor: Date): Date | null {
  const waitlist = protocol.waitlist
  if (!waitlist) return null
  const windowEnd = addIsoDuration(anchor, protocol.primary_outcome.time_point.offset)
  return waitlist.delay_after_window
    ? addIsoDuration(windowEnd, waitlist.delay_after_window)
    : windowEnd
}
