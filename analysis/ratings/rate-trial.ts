import { adviseOtherFrameworks, type Advisory } from './advisory'
import { deriveQuantities, type DerivedQuantities } from './derived-quantities'
import { rateEefPadlocks, type EefPadlocksRating } from './eef-padlocks'
import type { Facts } from './facts-schema'
import { rateMarylandSms, type MarylandSmsRating } from './maryland-sms'
import { rateNestaLevel, type NestaRating } from './nesta-level'
import { parseFacts } from './parse-facts'
import { resolveRatingOptions, type RatingOptions } from './rating-options'
import { rateRob2, type Rob2Rating } from './rob2'
import { ENGINE_VERSION, standardsTableVersion } from './versions'
import { rateWwc, type WwcRating } from './wwc-rating'

/** The §10 output contract, plus the options in force and the advisory indications. */
export type RatingReport = {
  trial_id: string | null
  ratings: {
    eef_padlocks: EefPadlocksRating
    wwc: WwcRating
    maryland_sms: MarylandSmsRating
    nesta_level: NestaRating
    rob2_overall: Rob2Rating
  }
  derived: DerivedQuantities
  warnings: string[]
  advisory: Advisory
  /** Every INTERPRETATION option in force, so staff see what was assumed and can override it. */
  options: RatingOptions
  options_overridden: (keyof RatingOptions)[]
  engine_version: string
  standards_table_version: string
}

/**
 * Rates one trial under every scheme of EVIDENCE_RATINGS.md (EEF, WWC, Maryland SMS, Nesta, RoB 2)
 * and returns the §10 report. `facts` are validated first (InvalidFactsError lists every problem);
 * `options` override the INTERPRETATION defaults (InvalidRatingOptionsError on bad options).
 *
 * @example
 * rateTrial(facts).ratings.eef_padlocks.level // 5
 * rateTrial(facts, { wwc_optimistic_column: 'A' }).options_overridden // ['wwc_optimistic_column']
 */
export function rateTrial(facts: unknown, options: unknown = {}): RatingReport {
  const parsed: Facts = parseFacts(facts)
  const { options: resolved, overridden } = resolveRatingOptions(options)
  const derived = deriveQuantities(parsed)
  const eef = rateEefPadlocks(parsed, derived, resolved)
  const wwc = rateWwc(parsed, derived, resolved)
  const sms = rateMarylandSms(parsed, derived, resolved)
  const nesta = rateNestaLevel(parsed, eef.components.power, resolved)
  const rob2 = rateRob2(parsed, derived, resolved)
  const warnings = [...new Set([eef, wwc, sms, nesta, rob2].flatMap((rating) => rating.warnings))]
  return {
    trial_id: parsed.trial_id ?? null,
    ratings: { eef_padlocks: eef, wwc, maryland_sms: sms, nesta_level: nesta, rob2_overall: rob2 },
    derived,
    warnings,
    advisory: adviseOtherFrameworks(parsed, nesta.level, eef.level, wwc.level),
    options: resolved,
    options_overridden: overridden,
    engine_version: ENGINE_VERSION,
    standards_table_version: standardsTableVersion(
      resolved.wwc_optimistic_column,
      resolved.wwc_attrition_table !== null
    ),
  }
}
