import { describe, expect, it } from 'vitest'
import {
  deriveQuantities,
  parseFacts,
  rateWwc,
  resolveRatingOptions,
  type FactsInput,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

const wwc = (overrides: Partial<FactsInput> = {}, options: unknown = {}) => {
  const facts = parseFacts(intactRct(overrides))
  return rateWwc(facts, deriveQuantities(facts), resolveRatingOptions(options).options)
}
const unadjusted = (effect_size: number) => [
  {
    variable: 'prior_approaches',
    kind: 'continuous' as const,
    effect_size,
    adjusted_in_impact_model: false,
  },
]
// 10% overall, 7.0pp differential: high under cautious (6.3), low under optimistic (10.9).
const differentialLoss = withLosses(200, 27, 13)

describe('rateWwc, individual assignment (§4.1)', () => {
  it('rates before/after ineligible and RDD/IV for manual review', () => {
    expect(
      wwc({ design: 'before_after', n_randomised_control: 0, n_analysed_control: 0 }).level
    ).toBe('ineligible_design')
    expect(wwc({ design: 'regression_discontinuity' }).level).toBe('manual_review')
    expect(wwc({ design: 'instrumental_variables' }).level).toBe('manual_review')
  })

  it('fails a confounding factor whatever else holds', () => {
    const rating = wwc({ confound_single_unit: true })
    expect(rating.level).toBe('does_not_meet')
    expect(rating.reasons).toEqual([
      expect.objectContaining({ criterion: 'confounding_factor', limiting: true }),
    ])
  })

  it('gives an intact low-attrition RCT the top rating without looking at equivalence', () => {
    const rating = wwc({ baseline_effect_sizes: unadjusted(0.4) })
    expect(rating).toMatchObject({
      level: 'meets_without_reservations',
      effect_level: 'individual',
    })
  })

  it('needs equivalence for a high-attrition RCT', () => {
    expect(wwc({ ...differentialLoss }).level).toBe('meets_with_reservations')
    const failing = wwc({ ...differentialLoss, baseline_effect_sizes: unadjusted(0.1) })
    expect(failing).toMatchObject({ level: 'does_not_meet', effect_level: null })
    expect(failing.reasons.filter((r) => r.limiting).map((r) => r.criterion)).toEqual([
      'attrition',
      'baseline_equivalence',
    ])
  })

  it('uses the boundary the protocol set and reports both', () => {
    const rating = wwc({
      ...differentialLoss,
      wwc_attrition_boundary: 'optimistic',
      baseline_effect_sizes: unadjusted(0.1),
    })
    expect(rating.level).toBe('meets_without_reservations')
    expect(rating.attrition).toMatchObject({ cautious: 'high', optimistic: 'low', rows_used: [10] })
  })

  it('caps QEDs and compromised RCTs at meets with reservations', () => {
    expect(wwc({ design: 'quasi_experimental_matched' }).level).toBe('meets_with_reservations')
    expect(wwc({ design: 'difference_in_differences' }).level).toBe('meets_with_reservations')
    expect(wwc({ randomisation_compromised: true }).level).toBe('meets_with_reservations')
    expect(wwc({ design: 'cross_sectional', baseline_effect_sizes: [] }).level).toBe(
      'does_not_meet'
    )
  })
})

const cluster = (overrides: Partial<FactsInput> = {}): Partial<FactsInput> => ({
  design: 'cluster_rct',
  n_clusters_randomised_treatment: 20,
  n_clusters_randomised_control: 20,
  n_clusters_analysed_treatment: 20,
  n_clusters_analysed_control: 20,
  ...overrides,
})

describe('rateWwc, cluster assignment (§4.5)', () => {
  it('step 2: low cluster and individual attrition, no joiners -> individual effect without reservations', () => {
    expect(wwc(cluster())).toMatchObject({
      level: 'meets_without_reservations',
      effect_level: 'individual',
    })
  })

  it('step 1: high cluster attrition -> QED route', () => {
    // 4 of 20 treatment clusters lost, none in control: 10% overall, 20pp differential.
    const lost = cluster({ n_clusters_analysed_treatment: 16 })
    const rating = wwc(lost)
    expect(rating).toMatchObject({ level: 'meets_with_reservations', effect_level: 'individual' })
    expect(rating.cluster_attrition).toMatchObject({ cautious: 'high', optimistic: 'high' })
    expect(wwc({ ...lost, baseline_effect_sizes: unadjusted(0.1) }).level).toBe('does_not_meet')
  })

  it('step 3: joiners with individual equivalence -> with reservations, individual', () => {
    expect(wwc(cluster({ joiners_in_analytic_sample: true }))).toMatchObject({
      level: 'meets_with_reservations',
      effect_level: 'individual',
    })
    expect(wwc(cluster(differentialLoss))).toMatchObject({
      level: 'meets_with_reservations',
      effect_level: 'individual',
    })
  })

  it('step 4: no individual equivalence but representative individuals -> cluster-level effect', () => {
    const rating = wwc(
      cluster({
        joiners_in_analytic_sample: true,
        individuals_representative_of_clusters: true,
        baseline_effect_sizes: unadjusted(0.12),
      })
    )
    expect(rating).toMatchObject({ level: 'meets_with_reservations', effect_level: 'cluster' })
    expect(rating.reasons.at(-1)?.detail).toMatch(/§4.5 step 4/)
  })

  it('step 5: otherwise does not meet, asking for the representativeness fact when missing', () => {
    const base = { joiners_in_analytic_sample: true, baseline_effect_sizes: unadjusted(0.12) }
    expect(wwc(cluster({ ...base, individuals_representative_of_clusters: false })).level).toBe(
      'does_not_meet'
    )
    const missing = wwc(cluster(base))
    expect(missing.level).toBe('does_not_meet')
    expect(missing.warnings).toContain('missing_input:individuals_representative_of_clusters')
  })

  it('rates a cluster trial without cluster counts as a QED and names the missing fields', () => {
    const rating = wwc({ design: 'cluster_rct' })
    expect(rating.level).toBe('meets_with_reservations')
    expect(rating.warnings).toEqual(
      expect.arrayContaining([
        'missing_input:n_clusters_randomised_treatment',
        'missing_input:n_clusters_analysed_control',
      ])
    )
  })
})
