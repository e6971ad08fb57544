import type { Facts } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { atMost, roundHalfUp } from './rounding'
import { formatNumber } from '../format-number'
import { designWords } from './words'

/** One EEF criterion's padlocks with the sentence that explains it and any interpretation it relied on. */
export type EefComponent = {
  value: number
  detail: string
  /** `detail` in plain words. */
  words: string
  interpretation: string | null
  missingInput: string | null
}

const padlocks = (n: number) => `${n} padlock${n === 1 ? '' : 's'}`

/**
 * EEF design criterion (EVIDENCE_RATINGS.md §3.2 step 1; EEF 2019 classification table): intact
 * randomisation 5; RDD/DiD 4 (IV by option, default 4); a comparison adjusting for all relevant /
 * some / no observables 3 / 2 / option (default 1); no comparator 0.
 *
 * @example
 * eefDesignRating({ ...facts, design: 'cross_sectional', controls_for_observables: 'some' }, options).value // 2
 */
export function eefDesignRating(facts: Facts, options: RatingOptions): EefComponent {
  const randomised = facts.design === 'rct' || facts.design === 'cluster_rct'
  if (randomised && !facts.randomisation_compromised) {
    return {
      value: 5,
      detail: `${facts.design} with intact randomisation (${padlocks(5)})`,
      words: `${designWords(facts.design)} with intact randomisation (${padlocks(5)})`,
      interpretation: null,
      missingInput: null,
    }
  }
  if (facts.design === 'regression_discontinuity' || facts.design === 'difference_in_differences') {
    return {
      value: 4,
      detail: `${facts.design} deals with some selection on unobservables (${padlocks(4)})`,
      words: `${designWords(facts.design)} deals with some selection on unobserved characteristics (${padlocks(4)})`,
      interpretation: null,
      missingInput: null,
    }
  }
  if (facts.design === 'instrumental_variables') {
    const value = options.eef_instrumental_variables_design
    return {
      value,
      detail: `instrumental_variables read as dealing with selection on unobservables (${padlocks(value)})`,
      words: `instrumental variables design read as dealing with selection on unobserved characteristics (${padlocks(value)})`,
      interpretation: `eef_instrumental_variables_design=${value}`,
      missingInput: null,
    }
  }
  if (facts.design === 'before_after') {
    return {
      value: 0,
      detail: 'before_after has no comparator (0 padlocks)',
      words: 'before-and-after study has no comparison group (0 padlocks)',
      interpretation: null,
      missingInput: null,
    }
  }
  const what = randomised
    ? `${facts.design} with compromised randomisation, rated as a comparison design,`
    : facts.design
  const said = randomised
    ? `${designWords(facts.design)} with compromised randomisation, rated as a comparison design,`
    : designWords(facts.design)
  if (facts.controls_for_observables === 'all_relevant') {
    return {
      value: 3,
      detail: `${what} adjusts for all relevant observables (${padlocks(3)})`,
      words: `${said} adjusts for all relevant observed characteristics (${padlocks(3)})`,
      interpretation: null,
      missingInput: null,
    }
  }
  if (facts.controls_for_observables === 'some') {
    return {
      value: 2,
      detail: `${what} adjusts for only some relevant confounders (${padlocks(2)})`,
      words: `${said} adjusts for only some relevant confounders (${padlocks(2)})`,
      interpretation: null,
      missingInput: null,
    }
  }
  const value = options.eef_no_adjustment_design
  return {
    value,
    detail: `${what} makes no adjustment for selection (${padlocks(value)})`,
    words: `${said} makes no adjustment for selection (${padlocks(value)})`,
    interpretation: `eef_no_adjustment_design=${value}`,
    missingInput: null,
  }
}

// EEF 2019 power bands: upper bound of the band (MDES rounded to 2 dp) -> padlocks, label, label in
// words; above 0.59 -> 0.
const POWER_BANDS: readonly [number, number, string, string][] = [
  [0.2, 5, '<= 0.20', '0.20-or-less'],
  [0.29, 4, '0.21-0.29', '0.21–0.29'],
  [0.39, 3, '0.30-0.39', '0.30–0.39'],
  [0.49, 2, '0.40-0.49', '0.40–0.49'],
  [0.59, 1, '0.50-0.59', '0.50–0.59'],
]

/**
 * EEF power criterion (§3.2 step 2): MDES from the stage in `eef_mdes_stage` (the other stage when
 * null), rounded half up to 2 decimals, then banded. No MDES at all gives 0 and `missing_input:mdes`.
 *
 * @example
 * eefPowerRating({ ...facts, mdes_at_randomisation: 0.295 }, options).value // 3 (0.295 -> 0.30)
 */
export function eefPowerRating(facts: Facts, options: RatingOptions): EefComponent {
  const preferred = options.eef_mdes_stage
  const fallback = preferred === 'randomisation' ? 'analysis' : 'randomisation'
  const stageValue = (stage: 'randomisation' | 'analysis') =>
    stage === 'randomisation' ? facts.mdes_at_randomisation : facts.mdes_at_analysis
  const stage =
    stageValue(preferred) !== null ? preferred : stageValue(fallback) !== null ? fallback : null
  const interpretation = `eef_mdes_stage=${preferred}`
  if (stage === null) {
    return {
      value: 0,
      detail: 'missing_input:mdes (no MDES at randomisation or analysis): 0 padlocks',
      words: 'no minimum detectable effect reported at randomisation or analysis (0 padlocks)',
      interpretation,
      missingInput: 'mdes',
    }
  }
  const mdes = roundHalfUp(stageValue(stage)!, 2)
  const band = POWER_BANDS.find(([upper]) => atMost(mdes, upper))
  const [value, label, bandWords] = band
    ? [band[1], band[2], band[3]]
    : [0, '>= 0.60', '0.60-or-more']
  const source =
    stage === preferred ? `MDES at ${stage}` : `MDES at ${stage} (no MDES at ${preferred})`
  const sourceWords =
    stage === preferred
      ? `minimum detectable effect at ${stage}`
      : `minimum detectable effect at ${stage} (none at ${preferred})`
  // The band is read from the MDES rounded to 2 decimals (the rule's own rounding), shown as rated.
  return {
    value,
    detail: `${source} ${mdes.toFixed(2)} is in the ${label} band (${padlocks(value)})`,
    words: `${sourceWords} ${mdes.toFixed(2)} is in the ${bandWords} band (${padlocks(value)})`,
    interpretation,
    missingInput: null,
  }
}

// EEF 2019 attrition bands (percent, whole numbers): upper bound -> padlocks, label, label in words;
// above 50 -> 0.
const ATTRITION_BANDS: readonly [number, number, string, string][] = [
  [10, 5, '0-10%', '0–10%'],
  [20, 4, '11-20%', '11–20%'],
  [30, 3, '21-30%', '21–30%'],
  [40, 2, '31-40%', '31–40%'],
  [50, 1, '41-50%', '41–50%'],
]

/**
 * EEF attrition criterion (§3.2 step 3): overall individual attrition, rounded half up to a whole
 * percent (INTERPRETATION of the whole-percent bands; 10.5 -> 11), then banded.
 *
 * @example
 * eefAttritionRating(10.5, options).value // 4
 */
export function eefAttritionRating(overallPercent: number, options: RatingOptions): EefComponent {
  const rounded =
    options.eef_attrition_rounding === 'half_up_whole_percent'
      ? roundHalfUp(overallPercent, 0)
      : overallPercent
  const band = ATTRITION_BANDS.find(([upper]) => atMost(rounded, upper))
  const [value, label, bandWords] = band ? [band[1], band[2], band[3]] : [0, '> 50%', 'over-50%']
  const shown =
    rounded === overallPercent
      ? `${formatNumber(overallPercent)}%`
      : `${formatNumber(overallPercent)}% (rounds to ${rounded}%)`
  return {
    value,
    detail: `overall attrition ${shown} is in the ${label} band (${padlocks(value)})`,
    words: `overall attrition ${shown} is in the ${bandWords} band (${padlocks(value)})`,
    interpretation: `eef_attrition_rounding=${options.eef_attrition_rounding}`,
    missingInput: null,
  }
}

/**
 * EEF balance deduction `b` (§3.2 step 5, INTERPRETATION: EEF leaves it to peer review):
 * max |baseline ES| <= 0.10 -> 0 (a note above 0.05); <= 0.25 -> 1; above -> 2; not reported -> 0
 * with the warning `balance_not_reported`. Thresholds come from `options.eef_balance`.
 *
 * @example
 * eefBalanceDeduction(0.12, options).value // 1
 */
export function eefBalanceDeduction(
  maxAbsBaselineEs: number | null,
  options: RatingOptions
): EefComponent {
  const bands = options.eef_balance
  const interpretation = `eef_balance=${bands.note_above}/${bands.one_padlock_above}/${bands.two_padlocks_above}`
  if (maxAbsBaselineEs === null) {
    return {
      value: 0,
      detail: 'balance_not_reported: no baseline effect sizes, no deduction',
      words: 'balance not reported: no baseline effect sizes, so no deduction',
      interpretation,
      missingInput: null,
    }
  }
  const es = maxAbsBaselineEs
  if (atMost(es, bands.one_padlock_above)) {
    const note =
      es > bands.note_above + 1e-9 ? 'minor imbalance, no deduction' : 'balanced, no deduction'
    return {
      value: 0,
      detail: `max |baseline ES| ${formatNumber(es)}: ${note}`,
      words: `largest standardised baseline difference ${formatNumber(es)}: ${note}`,
      interpretation,
      missingInput: null,
    }
  }
  const value = atMost(es, bands.two_padlocks_above) ? 1 : 2
  const range =
    value === 1
      ? `> ${bands.one_padlock_above} and <= ${bands.two_padlocks_above}`
      : `> ${bands.two_padlocks_above}`
  const rangeWords =
    value === 1
      ? `above ${formatNumber(bands.one_padlock_above)} and at most ${formatNumber(bands.two_padlocks_above)}`
      : `above ${formatNumber(bands.two_padlocks_above)}`
  return {
    value,
    detail: `max |baseline ES| ${formatNumber(es)} is ${range}: minus ${padlocks(value)}`,
    words: `largest standardised baseline difference ${formatNumber(es)} is ${rangeWords}: minus ${padlocks(value)}`,
    interpretation,
    missingInput: null,
  }
}
