import type { Protocol } from '../protocol/schema'
import { delayedOfferDate } from './waitlist-eligibility'
import type { WaitlistHousehold, WaitlistProgress } from './waitlist-progress-schema'

export type { WaitlistHousehold } from './waitlist-progress-schema'

/**
 * Progress of the delayed offer in a waitlist trial: for each control household, the date it
 * becomes eligible (`delayedOfferDate` from its anchor date: randomisation, or the recorded anchor
 * event) and whether the offer was recorded (adherence `delayed_offer_on`); with counts. Null when
 * the protocol has no waitlist.
 *
 * @example
 * waitlistProgress(protocol, units, new Date('2026-10-01'))?.counts.eligible
 */
export function waitlistProgress(
  protocol: Protocol,
  units: ReadonlyArray<{ household: string; anchor: Date | null; offeredOn: string | null }>,
  now: Date
): WaitlistProgress | null {
  if (!protocol.waitlist) return null
  const today = now.toISOString().slice(0, 10)
  const households: WaitlistHousehold[] = units.map((u) => {
    const from = u.anchor ? delayedOfferDate(protocol, u.anchor)!.toISOString().slice(0, 10) : null
    const status: WaitlistHousehold['status'] = u.offeredOn
      ? 'offered'
      : from === null
        ? 'awaiting_anchor_date'
        : from <= today
          ? 'eligible'
          : 'waiting'
    return { household: u.household, eligible_from: from, offered_on: u.offeredOn, status }
  })
  const counts = { waiting: 0, eligible: 0, offered: 0, awaiting_anchor_date: 0 }
  for (const h of households) counts[h.status]++
  return {
    rule: `control households are offered the intervention from their ${protocol.primary_outcome.time_point.anchor.replace(/_/g, ' ')} date plus ${protocol.primary_outcome.time_point.offset}${protocol.waitlist.delay_after_window ? ` plus ${protocol.waitlist.delay_after_window}` : ''}`,
    description: protocol.waitlist.description,
    as_of: now.toISOString(),
    counts,
    next_eligible:
      households
        .filter((h) => h.status === 'waiting')
        .map((h) => h.eligible_from!)
        .sort()[0] ?? null,
    households,
  }
}
