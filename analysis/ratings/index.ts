export { rateTrial, type RatingReport } from './rate-trial'
export {
  factsSchema,
  threatSchema,
  type Facts,
  type FactsInput,
  type Design,
  type Threat,
  type ThreatSeverity,
  type ThreatDirection,
  type BaselineEffectSize,
} from './facts-schema'
export { parseFacts, issuesToProblems } from './parse-facts'
export { InvalidFactsError, type FactProblem } from './invalid-facts-error'
export { InvalidRatingOptionsError } from './invalid-rating-options-error'
export {
  ratingOptionsSchema,
  resolveRatingOptions,
  type RatingOptions,
  type RatingOptionsInput,
  type ResolvedRatingOptions,
} from './rating-options'
export {
  reasonSchema,
  reason,
  splitReasons,
  type Reason,
  type WordedReason,
  type Criterion,
} from './reason'
export {
  characteristic,
  designWords,
  limitingText,
  nameWords,
  threatWords,
  wordsText,
  type LimitingReason,
  type WordPart,
  type Words,
} from './words'
export { roundNoise, roundHalfUp, atMost } from './rounding'
export { attritionPercent, type AttritionPercent, type AttritionCounts } from './attrition-percent'
export {
  deriveQuantities,
  missingClusterCounts,
  type DerivedQuantities,
} from './derived-quantities'
export {
  wwcAttritionTable,
  type WwcAttritionRow,
  type WwcAttritionTable,
} from './wwc-attrition-table'
export {
  classifyWwcAttrition,
  type WwcBoundary,
  type WwcAttritionClass,
} from './wwc-attrition-boundary'
export {
  assessBaselineEquivalence,
  type BaselineEquivalence,
  type EquivalenceCategory,
} from './baseline-equivalence'
export {
  eefDesignRating,
  eefPowerRating,
  eefAttritionRating,
  eefBalanceDeduction,
  type EefComponent,
} from './eef-components'
export {
  eefThreatDeduction,
  eefThreatRuleSchema,
  DEFAULT_EEF_THREAT_RULES,
  type EefThreatRule,
  type EefThreatAssessment,
} from './eef-threat-rules'
export { rateEefPadlocks, type EefPadlocksRating } from './eef-padlocks'
export { rateWwc, type WwcRating, type WwcLevel, type WwcAttritionSummary } from './wwc-rating'
export { rateMarylandSms, type MarylandSmsRating } from './maryland-sms'
export { rateNestaLevel, type NestaRating } from './nesta-level'
export { rateRob2, type Rob2Rating, type Rob2Domains, type Rob2Judgement } from './rob2'
export { adviseOtherFrameworks, type Advisory } from './advisory'
export { ENGINE_VERSION, standardsTableVersion } from './versions'
export { hedgesG, smallSampleCorrection, type ArmMoments } from './hedges-g'
export { coxIndex, type CoxIndexResult } from './cox-index'
export {
  applyRatingOverrides,
  describeLevels,
  ratingOverrideSchema,
  schemeLevelSchema,
  SCHEME_LEVELS,
  overridableSchemeSchema,
  type RatingOverride,
  type OverridableScheme,
  type OverriddenLevel,
} from './rating-override'
