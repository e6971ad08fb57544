import { limitingText, wordsText, type LimitingReason, type Reason } from '../../analysis/ratings'
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
  const labels = new Map<string, string>()
  for (const o of [
    protocol.primary_outcome,
    ...protocol.secondary_outcomes,
    ...(protocol.process_measures ?? []),
  ])
    labels.set(o.name, o.label)
  for (const v of protocol.covariates) labels.set(v.name, v.label)
  return limitingText(limiting, (name) => labels.get(name) ?? wordsText([{ variable: name }]))
}
