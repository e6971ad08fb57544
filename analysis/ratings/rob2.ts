import type { DerivedQuantities } from './derived-quantities'
import type { Facts, ThreatSeverity } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, type Criterion, type Reason } from './reason'
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
  interpretations_used: string[]
  warnings: string[]
}

const SEVERITY_TO_JUDGEMENT: Record<ThreatSeverity, Rob2Judgement> = {
  minor: 'low',
  moderate: 'some_concerns',
  substantial: 'high',
}
const RANK: Record<Rob2Judgement, number> = { low: 0, some_concerns: 1, high: 2 }

type Domain = { judgement: Rob2Judgement; detail: string; criterion: Criterion; missing: string[] }

function hasSubstantial(facts: Facts, type: string): boolean {
  return facts.threats.some((t) => t.type === type && t.severity === 'substantial')
}

function domainRandomisation(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): Domain {
  const d = (judgement: Rob2Judgement, detail: string, missing: string[] = []): Domain => ({
    judgement,
    detail,
    criterion: 'randomisation',
    missing,
  })
  if (facts.randomisation_compromised)
    return d('high', 'D1 high: assignment overridden or units replaced after randomisation')
  if (facts.randomisation_concealed === false)
    return d('high', 'D1 high: allocation sequence not concealed')
  if (facts.randomisation_concealed === null) {
    return d(
      'some_concerns',
      'D1 some concerns: missing_input:randomisation_concealed (concealment not reported)',
      ['randomisation_concealed']
    )
  }
  const es = derived.max_abs_baseline_es
  if (es !== null && !atMost(es, options.rob2_baseline_imbalance_es)) {
    return d(
      'some_concerns',
      `D1 some concerns: concealed, but max |baseline ES| ${formatNumber(es)} > ${options.rob2_baseline_imbalance_es}`
    )
  }
  if (facts.design === 'cluster_rct' && facts.joiners_in_analytic_sample) {
    return {
      judgement: 'some_concerns',
      detail: 'D1b some concerns: participants joined clusters after allocation could be known',
      criterion: 'joiners',
      missing: [],
    }
  }
  return d('low', 'D1 low: concealed allocation, no marked baseline imbalance')
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
  const d = (judgement: Rob2Judgement, detail: string, missing: string[] = []): Domain => ({
    judgement,
    detail,
    criterion: 'missing_data',
    missing,
  })
  if (atMost(overall, options.rob2_low_attrition_percent))
    return d(
      'low',
      `D3 low: overall attrition ${formatNumber(overall)}% <= ${options.rob2_low_attrition_percent}%`
    )
  if (facts.missing_data_sensitivity_robust === true)
    return d('low', 'D3 low: sensitivity analyses show the result is robust to missing data')
  const head = `D3: overall attrition ${formatNumber(overall)}%`
  switch (facts.missingness_depends_on_outcome) {
    case 'no':
      return d('low', `${head}, missingness judged not to depend on the outcome: low`)
    case 'likely':
      return d('high', `${head}, missingness likely depends on the outcome: high`)
    case 'possibly':
      return d(
        'some_concerns',
        `${head}, missingness possibly depends on the outcome: some concerns`
      )
    default:
      return d(
        'some_concerns',
        `${head}, missing_input:missingness_depends_on_outcome: some concerns`,
        ['missingness_depends_on_outcome']
      )
  }
}

function domainMeasurement(facts: Facts): Domain {
  const d = (judgement: Rob2Judgement, detail: string, missing: string[] = []): Domain => ({
    judgement,
    detail,
    criterion: 'measurement',
    missing,
  })
  if (hasSubstantial(facts, 'measurement_not_blind'))
    return d('high', 'D4 high: substantial measurement_not_blind threat')
  if (facts.outcome_source === 'administrative') return d('low', 'D4 low: administrative outcome')
  if (facts.outcome_measurement_blind === true)
    return d('low', `D4 low: ${facts.outcome_source} outcome measured blind`)
  if (facts.outcome_source === 'self_report' && facts.outcome_measurement_blind === false)
    return d('high', 'D4 high: unblinded self-reported outcome')
  if (facts.outcome_measurement_blind === null) {
    return d(
      'some_concerns',
      `D4 some concerns: ${facts.outcome_source} outcome, missing_input:outcome_measurement_blind`,
      ['outcome_measurement_blind']
    )
  }
  return d('some_concerns', `D4 some concerns: ${facts.outcome_source} outcome measured unblinded`)
}

function domainReporting(facts: Facts): Domain {
  const d = (judgement: Rob2Judgement, detail: string, missing: string[] = []): Domain => ({
    judgement,
    detail,
    criterion: 'reporting',
    missing,
  })
  if (hasSubstantial(facts, 'selective_reporting'))
    return d('high', 'D5 high: substantial selective_reporting threat')
  if (facts.prespecified_analysis === true) return d('low', 'D5 low: analysis pre-specified')
  if (facts.prespecified_analysis === null)
    return d('some_concerns', 'D5 some concerns: missing_input:prespecified_analysis', [
      'prespecified_analysis',
    ])
  return d('some_concerns', 'D5 some concerns: analysis not pre-specified')
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
      reasons: [
        reason(
          'design',
          `${facts.design} is not randomised: ROBINS-I is the matching tool and is not implemented`,
          true
        ),
      ],
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
  const reasons = all.map((d) => reason(d.criterion, d.detail, d.judgement === limitingJudgement))
  if (high === 0 && several) {
    reasons.push(
      reason(
        'design',
        `${concerns} domains at some concerns (>= ${options.rob2_some_concerns_for_high}) lower confidence substantially: high`,
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
    reasons,
    interpretations_used: [
      'rob2_domains_derived_from_facts',
      `rob2_some_concerns_for_high=${options.rob2_some_concerns_for_high}`,
      `rob2_low_attrition_percent=${options.rob2_low_attrition_percent}`,
      `rob2_baseline_imbalance_es=${options.rob2_baseline_imbalance_es}`,
    ],
    warnings: all.flatMap((d) => d.missing.map((field) => `missing_input:${field}`)),
  }
}
