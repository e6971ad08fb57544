import { z } from 'zod'

/**
 * Why a household assessed for eligibility was not randomised (CONSORT 2025 flow diagram,
 * "Excluded": not meeting inclusion criteria, declined to participate, other reasons).
 *
 * @example
 * screeningReasons.includes('declined') // true
 */
export const screeningReasons = ['not_eligible', 'declined', 'other'] as const
/**
 * One of `screeningReasons`.
 *
 * @example
 * const reason: ScreeningReason = 'not_eligible'
 */
export type ScreeningReason = (typeof screeningReasons)[number]

/** Words for each screening reason, as the flow diagram prints them. */
export const SCREENING_REASON_LABELS: Readonly<Record<ScreeningReason, string>> = {
  not_eligible: 'Not meeting eligibility criteria',
  declined: 'Declined to participate',
  other: 'Other reasons',
}

/**
 * What happened to the allocated intervention for one enrolled household:
 * - `received_as_allocated`: an intervention arm received it, or the control arm received usual
 *   service only;
 * - `not_received`: allocated to an intervention arm and never received it (a reason is required);
 * - `discontinued`: allocated to an intervention arm, started and stopped early (reason required);
 * - `received_though_control`: allocated to control and received the intervention anyway, a
 *   crossover (reason required).
 *
 * @example
 * adherenceStatuses.includes('received_though_control') // true
 */
export const adherenceStatuses = [
  'received_as_allocated',
  'not_received',
  'discontinued',
  'received_though_control',
] as const
/**
 * One of `adherenceStatuses`.
 *
 * @example
 * const status: AdherenceStatus = 'not_received'
 */
export type AdherenceStatus = (typeof adherenceStatuses)[number]

/**
 * Each adherence status in words, as messages and pages say it.
 *
 * @example
 * ADHERENCE_STATUS_WORDS.not_received // 'did not receive the intervention'
 */
export const ADHERENCE_STATUS_WORDS: Readonly<Record<AdherenceStatus, string>> = {
  received_as_allocated: 'received what it was allocated',
  not_received: 'did not receive the intervention',
  discontinued: 'started the intervention, then stopped',
  received_though_control: 'received the intervention though allocated to control',
}

/**
 * A screening reason, validated.
 *
 * @example
 * screeningReasonSchema.parse('other')
 */
export const screeningReasonSchema = z
  .enum(screeningReasons, {
    error: 'Choose why the household was not randomised: "not_eligible", "declined" or "other"',
  })
  .describe('not_eligible, declined, or other (with detail)')

/**
 * An adherence status, validated.
 *
 * @example
 * adherenceStatusSchema.parse('received_as_allocated')
 */
export const adherenceStatusSchema = z
  .enum(adherenceStatuses, {
    error:
      'Choose what the household received: "received_as_allocated", "not_received", "discontinued" or "received_though_control"',
  })
  .describe(
    'received_as_allocated, not_received or discontinued (intervention arms, reason required), received_though_control (control arm, reason required)'
  )

/**
 * Free text that must not carry personal data: short, one line. Names and case references do not
 * belong in a reason; the shell never stores raw household references.
 *
 * @example
 * reasonTextSchema.parse('moved out of area before first session')
 */
export const reasonTextSchema = reasonText('reason')

/**
 * Free text as `reasonTextSchema`, its messages naming the field in words.
 *
 * @example
 * reasonText('other reason').safeParse('a').error?.issues[0].message // 'The other reason must be at least 3 characters'
 */
export function reasonText(field: string) {
  return z
    .string({ error: `The ${field} must be text` })
    .trim()
    .min(3, `The ${field} must be at least 3 characters`)
    .max(300, `The ${field} must be 300 characters or fewer`)
    .regex(/^[^\r\n]*$/, `The ${field} must be one line`)
}
