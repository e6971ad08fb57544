import { describe, expect, it } from 'vitest'
import {
  deriveQuantities,
  parseFacts,
  rateRob2,
  resolveRatingOptions,
  type FactsInput,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

const rob2 = (overrides: Partial<FactsInput> = {}, options: unknown = {}) => {
  const facts = parseFacts(intactRct(overrides))
  return rateRob2(facts, deriveQuantities(facts), resolveRatingOptions(options).options)
}

describe('rateRob2 (§9)', () => {
  it('is not applicable to non-randomised designs and points to ROBINS-I', () => {
    const rating = rob2({ design: 'quasi_experimental_matched' })
    expect(rating).toMatchObject({ level: 'not_applicable', domains: null })
    expect(rating.reasons[0].detail).toMatch(/ROBINS-I/)
  })

  it('D1: compromised or unconcealed high, unknown some concerns, imbalance > 0.25 some concerns, joiners 1b', () => {
    expect(rob2({ randomisation_compromised: true }).domains?.d1_randomisation).toBe('high')
    expect(rob2({ randomisation_concealed: false }).domains?.d1_randomisation).toBe('high')
    const unknown = rob2({ randomisation_concealed: null })
    expect(unknown.domains?.d1_randomisation).toBe('some_concerns')
    expect(unknown.warnings).toContain('missing_input:randomisation_concealed')
    const es = (effect_size: number) => [
      { variable: 'v', kind: 'continuous' as const, effect_size, adjusted_in_impact_model: true },
    ]
    expect(rob2({ baseline_effect_sizes: es(0.25) }).domains?.d1_randomisation).toBe('low')
    expect(rob2({ baseline_effect_sizes: es(-0.26) }).domains?.d1_randomisation).toBe(
      'some_concerns'
    )
    expect(
      rob2({ design: 'cluster_rct', joiners_in_analytic_sample: true }).domains?.d1_randomisation
    ).toBe('some_concerns')
  })

  it('D2: worst of non-compliance, contamination and diffusion; direction is ignored', () => {
    expect(
      rob2({ threats: [{ type: 'hawthorne', severity: 'substantial' }] }).domains?.d2_deviations
    ).toBe('low')
    expect(
      rob2({
        threats: [{ type: 'non_compliance', severity: 'moderate', direction: 'favours_control' }],
      }).domains?.d2_deviations
    ).toBe('some_concerns')
    const both = [
      { type: 'diffusion', severity: 'minor' as const },
      { type: 'contamination', severity: 'substantial' as const },
    ]
    expect(rob2({ threats: both }).domains?.d2_deviations).toBe('high')
  })

  it('D3: low at or below 5% attrition, otherwise by robustness and missingness mechanism', () => {
    expect(
      rob2({ ...withLosses(100, 5, 5), missingness_depends_on_outcome: 'likely' }).domains
        ?.d3_missing_data
    ).toBe('low')
    const lossy = withLosses(100, 6, 5) // 5.5%
    expect(
      rob2({ ...lossy, missingness_depends_on_outcome: 'likely' }).domains?.d3_missing_data
    ).toBe('high')
    expect(
      rob2({ ...lossy, missingness_depends_on_outcome: 'possibly' }).domains?.d3_missing_data
    ).toBe('some_concerns')
    expect(rob2({ ...lossy, missingness_depends_on_outcome: null }).domains?.d3_missing_data).toBe(
      'some_concerns'
    )
    expect(rob2({ ...lossy, missingness_depends_on_outcome: 'no' }).domains?.d3_missing_data).toBe(
      'low'
    )
    expect(
      rob2({
        ...lossy,
        missingness_depends_on_outcome: 'likely',
        missing_data_sensitivity_robust: true,
      }).domains?.d3_missing_data
    ).toBe('low')
    expect(
      rob2(
        { ...lossy, missingness_depends_on_outcome: 'likely' },
        { rob2_low_attrition_percent: 6 }
      ).domains?.d3_missing_data
    ).toBe('low')
  })

  it('D4: administrative or blind low, unblinded self-report high, otherwise some concerns', () => {
    expect(
      rob2({ outcome_source: 'self_report', outcome_measurement_blind: true }).domains
        ?.d4_measurement
    ).toBe('low')
    expect(
      rob2({ outcome_source: 'self_report', outcome_measurement_blind: false }).domains
        ?.d4_measurement
    ).toBe('high')
    expect(
      rob2({ outcome_source: 'assessor', outcome_measurement_blind: false }).domains?.d4_measurement
    ).toBe('some_concerns')
    expect(rob2({ outcome_source: 'assessor' }).domains?.d4_measurement).toBe('some_concerns')
    const threat = [{ type: 'measurement_not_blind', severity: 'substantial' as const }]
    expect(rob2({ threats: threat }).domains?.d4_measurement).toBe('high')
  })

  it('D5: pre-specified low, otherwise some concerns; substantial selective reporting high', () => {
    expect(rob2({ prespecified_analysis: false }).domains?.d5_selection_of_result).toBe(
      'some_concerns'
    )
    expect(rob2({ prespecified_analysis: null }).warnings).toContain(
      'missing_input:prespecified_analysis'
    )
    const threat = [{ type: 'selective_reporting', severity: 'substantial' as const }]
    expect(rob2({ threats: threat }).domains?.d5_selection_of_result).toBe('high')
  })

  it('overall: two domains at some concerns stay some concerns, three become high', () => {
    const two = rob2({ randomisation_concealed: null, prespecified_analysis: false })
    expect(two.level).toBe('some_concerns')
    expect(two.reasons.filter((r) => r.limiting).map((r) => r.criterion)).toEqual([
      'randomisation',
      'reporting',
    ])
    const three = rob2({
      randomisation_concealed: null,
      prespecified_analysis: false,
      outcome_source: 'assessor',
    })
    expect(three.level).toBe('high')
    expect(
      rob2(
        { randomisation_concealed: null, prespecified_analysis: false, outcome_source: 'assessor' },
        { rob2_some_concerns_for_high: 4 }
      ).level
    ).toBe('some_concerns')
    expect(rob2().level).toBe('low')
  })
})
