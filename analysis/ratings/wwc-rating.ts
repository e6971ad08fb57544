import { assessBaselineEquivalence, type BaselineEquivalence } from './baseline-equivalence'
import { missingClusterCounts, type DerivedQuantities } from './derived-quantities'
import type { Facts } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, splitReasons, type Reason, type WordedReason } from './reason'
import { designWords, type LimitingReason } from './words'
import { classifyWwcAttrition, type WwcAttritionClass } from './wwc-attrition-boundary'

export type WwcLevel =
  | 'meets_without_reservations'
  | 'meets_with_reservations'
  | 'does_not_meet'
  | 'ineligible_design'
  | 'manual_review'

/** Attrition verdict under both boundaries (§4.2 asks for both, to show sensitivity). */
export type WwcAttritionSummary = {
  cautious: 'low' | 'high'
  optimistic: 'low' | 'high'
  rows_used: number[]
  boundary_values: { cautious: number | null; optimistic: number | null }
}

/** §10 output of the WWC scheme. */
export type WwcRating = {
  scheme: 'wwc_group_design_v5'
  level: WwcLevel
  effect_level: 'individual' | 'cluster' | null
  /** The boundary the review protocol set (`wwc_attrition_boundary`), used for the rating. */
  boundary: 'cautious' | 'optimistic'
  attrition: WwcAttritionSummary
  cluster_attrition: WwcAttritionSummary | null
  baseline_equivalence: BaselineEquivalence
  reasons: Reason[]
  /** The reasons that set the level, each with its words. */
  limiting: LimitingReason[]
  interpretations_used: string[]
  warnings: string[]
}

type Classified = { summary: WwcAttritionSummary; protocol: WwcAttritionClass }

function classifyBoth(
  overall: number,
  differential: number,
  facts: Facts,
  options: RatingOptions
): Classified {
  const cautious = classifyWwcAttrition(overall, differential, 'cautious', options)
  const optimistic = classifyWwcAttrition(overall, differential, 'optimistic', options)
  return {
    summary: {
      cautious: cautious.status,
      optimistic: optimistic.status,
      rows_used: cautious.rowsUsed,
      boundary_values: { cautious: cautious.boundaryValue, optimistic: optimistic.boundaryValue },
    },
    protocol: facts.wwc_attrition_boundary === 'cautious' ? cautious : optimistic,
  }
}

/**
 * WWC group-design rating (Standards Handbook v4.1 / Procedures and Standards Handbook v5.0;
 * EVIDENCE_RATINGS.md §4.1 individual assignment, §4.5 cluster assignment). RDD and IV go to
 * `manual_review`; a single unit aligned with one arm is a confounding factor (`does_not_meet`);
 * intact RCTs with low attrition meet without reservations; everything else needs baseline
 * equivalence on the analytic sample and can at best meet with reservations.
 *
 * @example
 * rateWwc(facts, deriveQuantities(facts), options).level // 'meets_with_reservations'
 */
export function rateWwc(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): WwcRating {
  const attrition = derived.attrition_percent
  const individual = classifyBoth(attrition.overall, attrition.differential, facts, options)
  const equivalence = assessBaselineEquivalence(facts.baseline_effect_sizes)
  const reasons: WordedReason[] = []
  const interpretations: string[] = []
  const warnings: string[] = []
  if (individual.protocol.interpretation) {
    interpretations.push(`wwc_fractional_overall=${options.wwc_fractional_overall}`)
  }
  interpretations.push(
    options.wwc_attrition_table === null
      ? `wwc_optimistic_column=${options.wwc_optimistic_column}`
      : 'wwc_attrition_table=staff_supplied'
  )
  let clusterAttrition: WwcAttritionSummary | null = null

  const equivalenceReason = () =>
    reason('baseline_equivalence', equivalence.detail, equivalence.words, !equivalence.satisfied)
  const done = (level: WwcLevel, effectLevel: WwcRating['effect_level']): WwcRating => ({
    scheme: 'wwc_group_design_v5',
    level,
    effect_level: effectLevel,
    boundary: facts.wwc_attrition_boundary,
    attrition: individual.summary,
    cluster_attrition: clusterAttrition,
    baseline_equivalence: equivalence,
    ...splitReasons(reasons),
    interpretations_used: interpretations,
    warnings,
  })
  // QED route (§4.1 step 5, §4.5 step 1): equivalence satisfied is the ceiling, meets with reservations.
  const asQed = (
    why: string,
    words: string,
    criterion: 'design' | 'cluster_attrition' = 'design'
  ): WwcRating => {
    reasons.push(reason(criterion, why, words, true))
    reasons.push(equivalenceReason())
    return equivalence.satisfied
      ? done('meets_with_reservations', 'individual')
      : done('does_not_meet', null)
  }

  if (facts.design === 'before_after') {
    reasons.push(
      reason(
        'design',
        '§4.1 step 1: before_after has no comparison group: ineligible for WWC group-design standards',
        '§4.1 step 1: a before-and-after study has no comparison group, so it is not eligible for the WWC group-design standards',
        true
      )
    )
    return done('ineligible_design', null)
  }
  if (facts.design === 'regression_discontinuity' || facts.design === 'instrumental_variables') {
    reasons.push(
      reason(
        'design',
        `§4.1 step 2: ${facts.design} is rated under separate WWC standards (RDD / CACE), not implemented: manual review`,
        `§4.1 step 2: a ${designWords(facts.design)} is rated under separate WWC standards (regression discontinuity or complier average causal effect), not built in: manual review`,
        true
      )
    )
    return done('manual_review', null)
  }
  if (facts.confound_single_unit) {
    reasons.push(
      reason(
        'confounding_factor',
        '§4.1 step 3: the intervention is bound up with one unit in one arm, so its effect cannot be separated from that unit',
        '§4.1 step 3: the intervention is bound up with one unit in one arm, so its effect cannot be separated from that unit',
        true
      )
    )
    return done('does_not_meet', null)
  }
  const randomised = facts.design === 'rct' || facts.design === 'cluster_rct'
  if (!randomised || facts.randomisation_compromised) {
    const what = randomised
      ? `${facts.design} with compromised randomisation is rated as a QED`
      : `${facts.design} is rated as a QED`
    const said = randomised
      ? `a ${designWords(facts.design)} with compromised randomisation is rated as a quasi-experimental design`
      : `a ${designWords(facts.design)} is rated as a quasi-experimental design`
    return asQed(
      `§4.1 step 5: ${what}; meets with reservations is the highest rating it can get`,
      `§4.1 step 5: ${said}; meets with reservations is the highest rating it can get`
    )
  }

  if (facts.design === 'rct') {
    reasons.push(
      reason(
        'attrition',
        `§4.1 step 4: ${individual.protocol.detail}`,
        `§4.1 step 4: ${individual.protocol.words}`,
        individual.protocol.status === 'high'
      )
    )
    if (individual.protocol.status === 'low')
      return done('meets_without_reservations', 'individual')
    reasons.push(equivalenceReason())
    return equivalence.satisfied
      ? done('meets_with_reservations', 'individual')
      : done('does_not_meet', null)
  }

  // cluster_rct, §4.5
  interpretations.push('wwc_any_joiner_is_risk=true')
  const missing = missingClusterCounts(facts)
  const clusters = derived.cluster_attrition_percent
  if (missing.length > 0 || clusters === null) {
    warnings.push(...missing.map((field) => `missing_input:${field}`))
    return asQed(
      `§4.5 step 1: missing_input:${missing.join(',')}: cluster attrition cannot be shown to be low, so rated as a QED`,
      '§4.5 step 1: cluster counts not reported, so cluster attrition cannot be shown to be low and the trial is rated as a quasi-experimental design',
      'cluster_attrition'
    )
  }
  const cluster = classifyBoth(clusters.overall, clusters.differential, facts, options)
  clusterAttrition = cluster.summary
  if (cluster.protocol.status === 'high') {
    return asQed(
      `§4.5 step 1: cluster attrition high (${cluster.protocol.detail}), so rated as a QED`,
      `§4.5 step 1: cluster attrition is high (${cluster.protocol.words}), so the trial is rated as a quasi-experimental design`,
      'cluster_attrition'
    )
  }
  reasons.push(
    reason(
      'cluster_attrition',
      `cluster attrition low: ${cluster.protocol.detail}`,
      `cluster attrition low: ${cluster.protocol.words}`
    )
  )
  const individualLow = individual.protocol.status === 'low'
  if (!facts.joiners_in_analytic_sample && individualLow) {
    reasons.push(
      reason(
        'joiners',
        '§4.5 step 2: no joiners in the analytic sample',
        '§4.5 step 2: nobody joined the clusters after allocation in the analysed sample'
      )
    )
    reasons.push(
      reason(
        'attrition',
        `individual attrition low: ${individual.protocol.detail}`,
        `individual attrition low: ${individual.protocol.words}`
      )
    )
    return done('meets_without_reservations', 'individual')
  }
  // §4.5 step 3: membership of the clusters may have changed, so the individual effect needs equivalence.
  if (facts.joiners_in_analytic_sample) {
    reasons.push(
      reason(
        'joiners',
        '§4.5 step 3: joiners in the analytic sample: risk of bias from changes in who is in the clusters',
        '§4.5 step 3: people joined the clusters after allocation: risk of bias from changes in who is in the clusters',
        true
      )
    )
  }
  if (!individualLow)
    reasons.push(
      reason(
        'attrition',
        `§4.5 step 3: individual attrition high: ${individual.protocol.detail}`,
        `§4.5 step 3: individual attrition high: ${individual.protocol.words}`,
        true
      )
    )
  reasons.push(equivalenceReason())
  if (equivalence.satisfied) return done('meets_with_reservations', 'individual')
  if (facts.individuals_representative_of_clusters === true) {
    reasons.push(
      reason(
        'joiners',
        '§4.5 step 4: analysed individuals represent the people the clusters served: effect credited at cluster level (hubs or caseloads), not on the families there at the start',
        '§4.5 step 4: analysed individuals represent the people the clusters served: effect credited at cluster level (hubs or caseloads), not on the families there at the start',
        true
      )
    )
    return done('meets_with_reservations', 'cluster')
  }
  if (facts.individuals_representative_of_clusters === null) {
    warnings.push('missing_input:individuals_representative_of_clusters')
    reasons.push(
      reason(
        'joiners',
        '§4.5 step 5: missing_input:individuals_representative_of_clusters: the cluster-level fallback cannot be credited',
        '§4.5 step 5: not said whether the analysed individuals represent the clusters, so the effect cannot be credited at cluster level',
        true
      )
    )
  } else {
    reasons.push(
      reason(
        'joiners',
        '§4.5 step 5: analysed individuals are not representative of the clusters: no cluster-level fallback',
        '§4.5 step 5: analysed individuals are not representative of the clusters, so the effect cannot be credited at cluster level',
        true
      )
    )
  }
  return done('does_not_meet', null)
}
