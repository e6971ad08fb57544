import { assessBaselineEquivalence } from './baseline-equivalence'
import type { DerivedQuantities } from './derived-quantities'
import type { Facts } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, splitReasons, type Reason, type WordedReason } from './reason'
import { designWords, threatWords, type LimitingReason, type WordPart } from './words'
import { classifyWwcAttrition } from './wwc-attrition-boundary'

/** §10 output of the Maryland SMS scheme. */
export type MarylandSmsRating = {
  scheme: 'maryland_sms_wwg'
  level: number
  reasons: Reason[]
  /** The reasons that set the level, each with its words. */
  limiting: LimitingReason[]
  interpretations_used: string[]
  warnings: string[]
}

const CONTAMINATION_TYPES = new Set(['contamination', 'diffusion'])
const UNREPORTED_WORDS = {
  comparison_group_justified: 'whether the comparison group is justified',
  parallel_trends_evidence: 'whether the pre-period trends are parallel',
} as const

/**
 * Maryland Scientific Methods Scale, What Works Centre for Local Economic Growth version
 * (Madaleno & Waights, Guide to scoring evidence using the Maryland SMS, 2016; EVIDENCE_RATINGS.md §5).
 * Intact RCT: 5 minus one level each for high attrition under the cautious WWC boundary, baseline
 * equivalence not satisfied, and Moderate/High contamination or diffusion, floored at 3
 * (INTERPRETATION, `sms_rct_floor`). RDD/IV 4; DiD 3; matching 3/2/1; cross-section and before/after 2/1.
 *
 * @example
 * rateMarylandSms(facts, deriveQuantities(facts), options).level // 4 for an RCT with substantial contamination
 */
export function rateMarylandSms(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): MarylandSmsRating {
  const reasons: WordedReason[] = []
  const interpretations: string[] = []
  const warnings: string[] = []
  if (facts.confound_single_unit) warnings.push('sms_not_downgraded_for_confound_single_unit')
  const done = (level: number): MarylandSmsRating => ({
    scheme: 'maryland_sms_wwg',
    level,
    ...splitReasons(reasons),
    interpretations_used: interpretations,
    warnings,
  })
  const randomised = facts.design === 'rct' || facts.design === 'cluster_rct'

  if (randomised && !facts.randomisation_compromised) {
    const attrition = classifyWwcAttrition(
      derived.attrition_percent.overall,
      derived.attrition_percent.differential,
      'cautious',
      options
    )
    const equivalence = assessBaselineEquivalence(facts.baseline_effect_sizes)
    const contamination = facts.threats.filter(
      (t) =>
        CONTAMINATION_TYPES.has(t.type) &&
        (t.severity === 'moderate' || t.severity === 'substantial')
    )
    const downgrades = [
      [
        'attrition',
        attrition.status === 'high',
        `selective attrition not shown negligible: ${attrition.detail}`,
        `attrition low under the cautious boundary: ${attrition.detail}`,
        [`selective attrition not shown to be negligible: ${attrition.words}`],
        [`attrition low under the cautious boundary: ${attrition.words}`],
      ],
      [
        'baseline_equivalence',
        !equivalence.satisfied,
        equivalence.detail,
        equivalence.detail,
        equivalence.words,
        equivalence.words,
      ],
      [
        'threat',
        contamination.length > 0,
        `more than a little contamination: ${contamination.map((t) => `${t.type} (${t.severity})`).join(', ')}`,
        'no Moderate or High contamination or diffusion',
        [`more than a little contamination: ${contamination.map(threatWords).join(', ')}`],
        ['no moderate or high contamination or diffusion'],
      ],
    ] as const satisfies readonly (readonly [
      WordedReason['criterion'],
      boolean,
      string,
      string,
      readonly WordPart[],
      readonly WordPart[],
    ])[]
    const count = downgrades.filter(([, applies]) => applies).length
    const level = Math.max(options.sms_rct_floor, 5 - count)
    reasons.push(
      reason(
        'design',
        `explicit random assignment (${facts.design}): starts at 5`,
        `explicit random assignment (${designWords(facts.design)}): starts at 5`
      )
    )
    for (const [criterion, applies, whenApplies, otherwise, wordsIf, wordsElse] of downgrades) {
      reasons.push(
        reason(
          criterion,
          applies ? `minus 1: ${whenApplies}` : otherwise,
          applies ? ['minus 1: ', ...wordsIf] : wordsElse,
          applies
        )
      )
    }
    if (5 - count < options.sms_rct_floor) {
      const floor = `floor of ${options.sms_rct_floor} for a randomised design reached`
      reasons.push(reason('design', floor, floor, true))
    }
    interpretations.push('sms_rct_one_level_per_failing', `sms_rct_floor=${options.sms_rct_floor}`)
    return done(level)
  }

  if (facts.design === 'regression_discontinuity' || facts.design === 'instrumental_variables') {
    interpretations.push(
      `sms_undefended_quasi_random_level=${options.sms_undefended_quasi_random_level}`
    )
    if (facts.comparison_group_justified === false) {
      reasons.push(
        reason(
          'design',
          `${facts.design} whose validity is not defended`,
          `${designWords(facts.design)} whose validity is not defended`,
          true
        )
      )
      return done(options.sms_undefended_quasi_random_level)
    }
    if (facts.comparison_group_justified === null)
      warnings.push('missing_input:comparison_group_justified')
    reasons.push(
      reason(
        'design',
        `${facts.design} exploits quasi-random variation: 4`,
        `${designWords(facts.design)} exploits quasi-random variation: 4`,
        true
      )
    )
    return done(4)
  }

  if (facts.design === 'difference_in_differences') {
    const failures: string[] = []
    if (facts.comparison_group_justified === false) failures.push('comparison group not justified')
    if (facts.parallel_trends_evidence === false)
      failures.push('pre-period trends shown not to be parallel')
    for (const field of ['comparison_group_justified', 'parallel_trends_evidence'] as const) {
      if (facts[field] === null) {
        warnings.push(`missing_input:${field}`)
        reasons.push(
          reason(
            'design',
            `missing_input:${field} (not counted against the study)`,
            `${UNREPORTED_WORDS[field]} is not reported (not counted against the study)`
          )
        )
      }
    }
    if (failures.length > 0) {
      reasons.push(
        reason(
          'design',
          `difference_in_differences: ${failures.join('; ')}`,
          `difference-in-differences design: ${failures.join('; ')}`,
          true
        )
      )
      return done(2)
    }
    reasons.push(
      reason(
        'design',
        'difference_in_differences with a justified comparator: 3',
        'difference-in-differences design with a justified comparison group: 3',
        true
      )
    )
    return done(3)
  }

  const controls = facts.controls_for_observables !== 'none'
  if (facts.design === 'quasi_experimental_matched' || randomised) {
    const what = randomised
      ? `${facts.design} with compromised randomisation, rated as a matched comparison,`
      : facts.design
    const said = randomised
      ? `${designWords(facts.design)} with compromised randomisation, rated as a matched comparison,`
      : designWords(facts.design)
    if (facts.pre_period_outcome_measured && facts.comparison_group_justified !== false) {
      reasons.push(
        reason(
          'design',
          `${what} compares change against a comparator with the pre-period outcome measured: 3`,
          `${said} compares change against a comparison group with the outcome measured before: 3`,
          true
        )
      )
      return done(3)
    }
    const missing = facts.pre_period_outcome_measured
      ? 'comparator not justified'
      : 'no pre-period outcome'
    reasons.push(
      reason(
        'design',
        `${what}: ${missing}; ${controls ? 'adjusts for controls: 2' : 'no control variables: 1'}`,
        `${said}: ${facts.pre_period_outcome_measured ? 'comparison group not justified' : 'outcome not measured before'}; ${controls ? 'adjusts for control variables: 2' : 'no control variables: 1'}`,
        true
      )
    )
    return done(controls ? 2 : 1)
  }

  // cross_sectional and before_after
  reasons.push(
    reason(
      'design',
      `${facts.design} ${controls ? 'with control variables or matching: 2' : 'with no control variables: 1'}`,
      `${designWords(facts.design)} ${controls ? 'with control variables or matching: 2' : 'with no control variables: 1'}`,
      true
    )
  )
  return done(controls ? 2 : 1)
}
