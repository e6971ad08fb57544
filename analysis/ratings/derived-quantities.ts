import type { Facts } from './facts-schema'
import { attritionPercent, type AttritionPercent } from './attrition-percent'

/** The shared quantities of §2, computed once and read by every scheme. */
export type DerivedQuantities = {
  attrition_percent: AttritionPercent
  /** Null unless the design is `cluster_rct` and all four cluster counts are given. */
  cluster_attrition_percent: AttritionPercent | null
  /** Largest |effect_size| in `baseline_effect_sizes`, null when the list is empty ("not reported"). */
  max_abs_baseline_es: number | null
}

/**
 * The cluster counts a `cluster_rct` needs and does not have (§1), as field names. All four present
 * but no cluster assigned counts as missing too, since cluster attrition is then undefined.
 *
 * @example
 * missingClusterCounts(facts) // ['n_clusters_analysed_control']
 */
export function missingClusterCounts(facts: Facts): string[] {
  const fields = [
    'n_clusters_randomised_treatment',
    'n_clusters_randomised_control',
    'n_clusters_analysed_treatment',
    'n_clusters_analysed_control',
  ] as const
  const missing: string[] = fields.filter((field) => facts[field] === null)
  if (
    missing.length === 0 &&
    facts.n_clusters_randomised_treatment! + facts.n_clusters_randomised_control! === 0
  ) {
    missing.push('n_clusters_randomised_treatment', 'n_clusters_randomised_control')
  }
  return missing
}

/**
 * Computes the §2 derived quantities: individual attrition, cluster attrition (cluster designs) and
 * the largest absolute baseline effect size.
 *
 * @example
 * deriveQuantities(facts).attrition_percent.overall // 7.5
 */
export function deriveQuantities(facts: Facts): DerivedQuantities {
  const attrition = attritionPercent({
    randomisedTreatment: facts.n_randomised_treatment,
    randomisedControl: facts.n_randomised_control,
    analysedTreatment: facts.n_analysed_treatment,
    analysedControl: facts.n_analysed_control,
  })
  const clusterAttrition =
    facts.design === 'cluster_rct' && missingClusterCounts(facts).length === 0
      ? attritionPercent({
          randomisedTreatment: facts.n_clusters_randomised_treatment!,
          randomisedControl: facts.n_clusters_randomised_control!,
          analysedTreatment: facts.n_clusters_analysed_treatment!,
          analysedControl: facts.n_clusters_analysed_control!,
        })
      : null
  const sizes = facts.baseline_effect_sizes.map((entry) => Math.abs(entry.effect_size))
  return {
    attrition_percent: attrition,
    cluster_attrition_percent: clusterAttrition,
    max_abs_baseline_es: sizes.length === 0 ? null : Math.max(...sizes),
  }
}
