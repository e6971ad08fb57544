import { z } from 'zod'

/**
 * What an observation is: a baseline covariate, an outcome, a process (take-up, dose) measure, or
 * the date of an anchor event that an outcome's time point counts from (e.g. `release_from_prison`).
 *
 * @example
 * observationKinds.includes('anchor') // true
 */
export const observationKinds = ['baseline', 'outcome', 'process', 'anchor'] as const

/**
 * One of `observationKinds`.
 *
 * @example
 * const kind: ObservationKind = 'process'
 */
export type ObservationKind = (typeof observationKinds)[number]

/**
 * Why a value is missing. Missingness is recorded with a reason, never as a silent null, so that
 * attrition can be reported by cause (CONSORT 2010 item 13b) and `not_yet_due` is not mistaken for loss.
 *
 * @example
 * missingReasons.includes('moved_away') // true
 */
export const missingReasons = [
  'lost_to_follow_up',
  'moved_away',
  'withdrew_consent',
  'not_yet_due',
  'died',
  'data_unavailable',
] as const

/**
 * One of `missingReasons`.
 *
 * @example
 * const reason: MissingReason = 'withdrew_consent'
 */
export type MissingReason = (typeof missingReasons)[number]

/**
 * A missing reason, validated.
 *
 * @example
 * missingReasonSchema.parse('lost_to_follow_up')
 */
export const missingReasonSchema = z.enum(missingReasons).describe('Why the value is missing')

/**
 * A recorded value: a number (binary 0/1, count, continuous), a categorical label, or why it is missing.
 *
 * @example
 * const values: ObservedValue[] = [1, 12.5, 'leeds', { missing: 'moved_away' }]
 */
export type ObservedValue = number | string | { missing: MissingReason }

/**
 * Whether a recorded value is a missingness record.
 *
 * @example
 * isMissing({ missing: 'died' }) // true
 */
export function isMissing(value: ObservedValue): value is { missing: MissingReason } {
  return typeof value === 'object'
}
