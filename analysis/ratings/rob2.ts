import type { DerivedQuantities } from './derived-quantities'
import type { Facts, ThreatSeverity } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, splitReasons, type Criterion, type Reason } from './reason'
import { designWords, threatWords, type LimitingReason } from './words'
import { atMost } from './rounding'
import { formatNumber } from '../format-number'

export type Rob2Judgement = 'low' | 'some_concerns' | 'high'

/** The five RoB 2 domains, keyed as in the case files (§9, §11). */
export type Rob2Domains = {
  d1_randomisation: Rob2Judgement
  d2_deviations: Rob2Judgement
  d3_missing_data: Rob2Judgement
  d4_measurement: Rob2Judgement
  d5_selection_of_result: Rob2Judgement
}

/** §10 output of the RoB 2 scheme; `domains` is null for non-randomised designs. */
export type Rob2Rating = {
  scheme: 'rob2_2019'
  level: Rob2Judgement | 'not_applicable'
  domains: Rob2Domains | null
  reasons: Reason[]
  /** The reasons that set the level, each with its words. */
  limiting: LimitingReason[]
  interpretations_used: string[]
  warnings: string[]
}

const SEVERITY_TO_JUDGEMENT: Record<ThreatSeverity, Rob2Judgement> = {
  minor: 'low',
  moderate: 'some_concerns',
  substantial: 'high',
}
const RANK: Record<Rob2Judgement, number> = { low: 0, some_concerns: 1, high: 2 }

type Domain = {
  judgement: Rob2Judgement
  detail: string
  /** `detail` in plain words. */
  words: string
  criterion: Criterion
  missing: string[]
}

const JUDGEMENT_WORDS: Record<Rob2Judgement, string> = {
  low: 'low risk of bias',
  some_concerns: 'some concerns',
  high: 'high risk of bias',
}
const OUTCOME_SOURCE_WORDS: Record<Facts['outcome_source'], string> = {
  administrative: 'administrative',
  self_report: 'self-reported',
  assessor: 'assessor-measured',
}
// The RoB 2 domains in words, for the start of each domain's reason.
const D1 = 'Domain 1 (the randomisation process)'
const D2 = 'Domain 2 (deviations from the intended interventions)'
const D3 = 'Domain 3 (missing outcome data)'
const D4 = 'Domain 4 (measurement of the outcome)'
const D5 = 'Domain 5 (selection of the reported result)'

/** A domain's judgement under one criterion, with its detail, its words and the inputs it lacked. */
const domainOf =
  (criterion: Domain['criterion']) =>
  (judgement: Rob2Judgement, detail: string, words: string, missing: string[] = []): Domain => ({
    judgement,
    detail,
    words,
    criterion,
    missing,
  })

function hasSubstantial(facts: Facts, type: string): boolean {
  return facts.threats.some((t) => t.type === type && t.severity === 'substantial')
}

function domainRandomisation(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): Domain {
  const d = domainOf('randomisation')
  if (facts.randomisation_compromised)
    return d(
      'high',
      'D1 high: assignment overridden or units replaced after randomisation',
      `${D1}: ${JUDGEMENT_WORDS.high}: assignment overridden or units replaced after randomisation`
    )
  if (facts.randomisation_concealed === false)
    return d(
      'high',
      'D1 high: allocation sequence not concealed',
      `${D1}: ${JUDGEMENT_WORDS.high}: allocation sequence not concealed`
    )
  if (facts.randomisation_concealed === null) {
    return d(
      'some_concerns',
      'D1 some concerns: missing_input:randomisation_concealed (concealment not reported)',
      `${D1}: ${JUDGEMENT_WORDS.some_concerns}: whether the allocation was concealed is not reported`,
      ['randomisation_concealed']
    )
  }
  const es = derived.max_abs_baseline_es
  if (es !== null && !atMost(es, options.rob2_baseline_imbalance_es)) {
    return d(
      'some_concerns',
      `D1 some concerns: concealed, but max |baseline ES| ${formatNumber(es)} > ${options.rob2_baseline_imbalance_es}`,
      `${D1}: ${JUDGEMENT_WORDS.some_concerns}: allocation concealed, but the largest standardised baseline difference ${formatNumber(es)} is above ${formatNumber(options.rob2_baseline_imbalance_es)}`
    )
  }
  if (facts.design === 'cluster_rct' && facts.joiners_in_analytic_sample) {
    return {
      judgement: 'some_concerns',
      detail: 'D1b some concerns: participants joined clusters after allocation could be known',
      words: `${D1}, joining clusters: ${JUDGEMENT_WORDS.some_concerns}: participants joined clusters after allocation could be known`,
      criterion: 'joiners',
      missing: [],
    }
  }
  return d(
    'low',
    'D1 low: concealed allocation, no marked baseline imbalance',
    `${D1}: ${JUDGEMENT_WORDS.low}: concealed allocation, no marked baseline imbalance`
  )
}

function domainDeviations(facts: Facts): Domain {
  const relevant = facts.threats.filter((t) =>
    ['non_compliance', 'contamination', 'diffusion'].includes(t.type)
  )
  const worst = relevant.reduce<Rob2Judgement>((acc, t) => {
    const j = SEVERITY_TO_JUDGEMENT[t.severity]
    return RANK[j] > RANK[acc] ? j : acc
  }, 'low')
  const listed = relevant.map((t) => `${t.type} (${t.severity})`).join(', ')
  return {
    judgement: worst,
    detail: `D2 ${worst.replace('_', ' ')}: ${listed || 'no non-compliance, contamination or diffusion threats'}`,
    words: `${D2}: ${JUDGEMENT_WORDS[worst]}: ${relevant.map(threatWords).join(', ') || 'no non-compliance, contamination or diffusion threats'}`,
    criterion: 'threat',
    missing: [],
  }
}

function domainMissingData(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): Domain {
  const overall = derived.attrition_percent.overall
  const d = domainOf('missing_data')
  if (atMost(overall, options.rob2_low_attrition_percent))
    return d(
      'low',
      `D3 low: overall attrition ${formatNumber(overall)}% <= ${options.rob2_low_attrition_percent}%`,
      `${D3}: ${JUDGEMENT_WORDS.low}: overall attrition ${formatNumber(overall)}% is at most ${formatNumber(options.rob2_low_attrition_percent)}%`
    )
  if (facts.missing_data_sensitivity_robust === true)
    return d(
      'low',
      'D3 low: sensitivity analyses show the result is robust to missing data',
      `${D3}: ${JUDGEMENT_WORDS.low}: sensitivity analyses show the result is robust to missing data`
    )
  const head = `D3: overall attrition ${formatNumber(overall)}%`
  const said = `${D3}: overall attrition ${formatNumber(overall)}%`
  switch (facts.missingness_depends_on_outcome) {
    case 'no':
      return d(
        'low',
        `${head}, missingness judged not to depend on the outcome: low`,
        `${said}, missingness judged not to depend on the outcome: ${JUDGEMENT_WORDS.low}`
      )
    case 'likely':
      return d(
        'high',
        `${head}, missingness likely depends on the outcome: high`,
        `${said}, missingness likely depends on the outcome: ${JUDGEMENT_WORDS.high}`
      )
    case 'possibly':
      return d(
        'some_concerns',
        `${head}, missingness possibly depends on the outcome: some concerns`,
        `${said}, missingness possibly depends on the outcome: ${JUDGEMENT_WORDS.some_concerns}`
      )
    default:
      return d(
        'some_concerns',
        `${head}, missing_input:missingness_depends_on_outcome: some concerns`,
        `${said}, not reported whether missingness depends on the outcome: ${JUDGEMENT_WORDS.some_concerns}`,
        ['missingness_depends_on_outcome']
      )
  }
}

function domainMeasurement(facts: Facts): Domain {
  const d = domainOf('measurement')
  if (hasSubstantial(facts, 'measurement_not_blind'))
    return d(
      'high',
      'D4 high: substantial measurement_not_blind threat',
      `${D4}: ${JUDGEMENT_WORDS.high}: a high threat from outcomes not measured blind`
    )
  const source = OUTCOME_SOURCE_WORDS[facts.outcome_source]
  if (facts.outcome_source === 'administrative')
    return d(
      'low',
      'D4 low: administrative outcome',
      `${D4}: ${JUDGEMENT_WORDS.low}: administrative outcome`
    )
  if (facts.outcome_measurement_blind === true)
    return d(
      'low',
      `D4 low: ${facts.outcome_source} outcome measured blind`,
      `${D4}: ${JUDGEMENT_WORDS.low}: ${source} outcome measured blind`
    )
  if (facts.outcome_source === 'self_report' && facts.outcome_measurement_blind === false)
    return d(
      'high',
      'D4 high: unblinded self-reported outcome',
      `${D4}: ${JUDGEMENT_WORDS.high}: self-reported outcome, not blind`
    )
  if (facts.outcome_measurement_blind === null) {
    return d(
      'some_concerns',
      `D4 some concerns: ${facts.outcome_source} outcome, missing_input:outcome_measurement_blind`,
      `${D4}: ${JUDGEMENT_WORDS.some_concerns}: ${source} outcome, not reported whether it was measured blind`,
      ['outcome_measurement_blind']
    )
  }
  return d(
    'some_concerns',
    `D4 some concerns: ${facts.outcome_source} outcome measured unblinded`,
    `${D4}: ${JUDGEMENT_WORDS.some_concerns}: ${source} outcome not measured blind`
  )
}

function domainReporting(facts: Facts): Domain {
  const d = domainOf('reporting')
  if (hasSubstantial(facts, 'selective_reporting'))
    return d(
      'high',
      'D5 high: substantial selective_reporting threat',
      `${D5}: ${JUDGEMENT_WORDS.high}: a high threat of selective reporting`
    )
  if (facts.prespecified_analysis === true)
    return d(
      'low',
      'D5 low: analysis pre-specified',
      `${D5}: ${JUDGEMENT_WORDS.low}: analysis pre-specified`
    )
  if (facts.prespecified_analysis === null)
    return d(
      'some_concerns',
      'D5 some concerns: missing_input:prespecified_analysis',
      `${D5}: ${JUDGEMENT_WORDS.some_concerns}: not reported whether the analysis was pre-specified`,
      ['prespecified_analysis']
    )
  return d(
    'some_concerns',
    'D5 some concerns: analysis not pre-specified',
    `${D5}: ${JUDGEMENT_WORDS.some_concerns}: analysis not pre-specified`
  )
}

/**
 * Cochrane RoB 2 (Sterne et al., BMJ 2019;366:l4898; EVIDENCE_RATINGS.md §9) with domains derived
 * from the facts (INTERPRETATION throughout; staff can override any domain). Overall: any high -> high;
 * `rob2_some_concerns_for_high` (default 3) or more domains at some concerns -> high (the engine's
 * reading of "several"); one or more -> some concerns; otherwise low. Non-randomised -> not applicable.
 *
 * @example
 * rateRob2(facts, deriveQuantities(facts), options).domains?.d3_missing_data // 'some_concerns'
 */
export function rateRob2(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): Rob2Rating {
  if (facts.design !== 'rct' && facts.design !== 'cluster_rct') {
    return {
      scheme: 'rob2_2019',
      level: 'not_applicable',
      domains: null,
      ...splitReasons([
        reason(
          'design',
          `${facts.design} is not randomised: ROBINS-I is the matching tool and is not implemented`,
          `a ${designWords(facts.design)} is not randomised: ROBINS-I is the matching tool and is not built in`,
          true
        ),
      ]),
      interpretations_used: [],
      warnings: [],
    }
  }
  const domains = {
    d1_randomisation: domainRandomisation(facts, derived, options),
    d2_deviations: domainDeviations(facts),
    d3_missing_data: domainMissingData(facts, derived, options),
    d4_measurement: domainMeasurement(facts),
    d5_selection_of_result: domainReporting(facts),
  }
  const all = Object.values(domains)
  const high = all.filter((d) => d.judgement === 'high').length
  const concerns = all.filter((d) => d.judgement === 'some_concerns').length
  const several = concerns >= options.rob2_some_concerns_for_high
  const level: Rob2Judgement = high > 0 || several ? 'high' : concerns > 0 ? 'some_concerns' : 'low'
  const limitingJudgement: Rob2Judgement | null =
    high > 0 ? 'high' : concerns > 0 ? 'some_concerns' : null
  const reasons = all.map((d) =>
    reason(d.criterion, d.detail, d.words, d.judgement === limitingJudgement)
  )
  if (high === 0 && several) {
    reasons.push(
      reason(
        'design',
        `${concerns} domains at some concerns (>= ${options.rob2_some_concerns_for_high}) lower confidence substantially: high`,
        `${concerns} domains with some concerns (${options.rob2_some_concerns_for_high} or more) lower confidence substantially: ${JUDGEMENT_WORDS.high}`,
        true
      )
    )
  }
  const judgements = Object.fromEntries(
    Object.entries(domains).map(([key, d]) => [key, d.judgement])
  ) as Rob2Domains
  return {
    scheme: 'rob2_2019',
    level,
    domains: judgements,
    ...splitReasons(reasons),
    interpretations_used: [
      'rob2_domains_derived_from_facts',
      `rob2_some_concerns_for_high=${options.rob2_some_concerns_for_high}`,
      `rob2_low_attrition_percent=${options.rob2_low_attrition_percent}`,
      `rob2_baseline_imbalance_es=${options.rob2_baseline_imbalance_es}`,
    ],
    warnings: all.flatMap((d) => d.missing.map((field) => `missing_input:${field}`)),
  }
}
