import type { Protocol } from '../schema'
import { familyMediationProtocol } from './family-mediation'

/**
 * The family-mediation example as a cluster-randomised trial: caseworkers (clusters) randomised
 * within council areas in blocks of two, analysed with CR2 cluster-robust errors.
 *
 * @example
 * validateForRegistration(clusterRandomisedVariant()).ok // true
 */
export function clusterRandomisedVariant(): Protocol {
  const p = structuredClone(familyMediationProtocol)
  p.unit_of_randomisation = 'cluster'
  p.cluster_type = 'caseworker'
  p.covariates.push({ name: 'caseworker', label: 'Caseworker id', type: 'categorical' })
  p.randomisation = {
    method: 'stratified_cluster',
    arms: p.randomisation.arms,
    block_sizes: [2],
    strata: ['council_area'],
    strata_values: { council_area: p.randomisation.strata_values!.council_area! },
    cluster: 'caseworker',
  }
  p.sample_size.target_clusters = 60
  p.sample_size.power_calculation.icc = 0.05
  p.sample_size.power_calculation.mean_cluster_size = 18
  p.sample_size.power_calculation.mdes = 0.3
  p.analysis_plan.analyses = p.analysis_plan.analyses.map((a) => ({
    ...a,
    spec: { ...a.spec, clusters: 'caseworker', se_type: 'CR2' } as typeof a.spec,
  }))
  return p
}

/**
 * The family-mediation example with a third arm (mediation plus tenancy support), 1:1:1 in blocks
 * of 3 or 6; every planned analysis compares each active arm with usual care.
 *
 * @example
 * executableSpecs(threeArmVariant()).length // 8: four analyses, two comparisons each
 */
export function threeArmVariant(): Protocol {
  const p = structuredClone(familyMediationProtocol)
  p.arms = [
    ...p.arms,
    {
      name: 'mediation_plus_support',
      description: 'Family mediation plus six months of tenancy sustainment support',
      control: false,
    },
  ]
  p.randomisation = {
    ...p.randomisation,
    arms: [...p.randomisation.arms, { name: 'mediation_plus_support', ratio: 1 }],
    block_sizes: [3, 6],
  }
  p.sample_size.target_households = 1650
  p.analysis_plan.families = [
    ...(p.analysis_plan.families ?? []),
    { name: 'primary_arms', method: 'holm', analyses: ['primary_itt'] },
  ]
  return p
}
