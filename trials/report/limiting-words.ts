import { limitingText, type LimitingReason, type Reason } from '../../analysis/ratings'
import { labelsOf } from '../protocol/labels'
import type { Protocol } from '../protocol/schema'

/**
 * A scheme's limiting reasons as a stored rating gives them: with their words, or (a rating stored
 * before the engine gave words) without them.
 */
export type RatingLimiting = readonly (Reason & { words?: LimitingReason['words'] })[]

/**
 * What limited a rating, as one sentence for readers: the engine's words, each baseline
 * characteristic by its registered label (a covariate's, else an outcome's, else its name read as
 * words); a reason stored without words is shown by its detail.
 *
 * @example
 * limitingWords(familyMediationProtocol, [{ criterion: 'balance', detail: '…', limiting: true, words: ['largest standardised baseline difference 0.271 (', { variable: 'age_head' }, ')'] }])
 * // 'Largest standardised baseline difference 0.271 (Age of lead applicant)'
 */
export function limitingWords(protocol: Protocol, limiting: RatingLimiting): string {
  return limitingText(limiting, labelsOf(protocol).covariate)
}
