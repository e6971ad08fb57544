import { describe, expect, it } from 'vitest'
import {
  deriveQuantities,
  parseFacts,
  rateMarylandSms,
  resolveRatingOptions,
  type FactsInput,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

const sms = (overrides: Partial<FactsInput> = {}, options: unknown = {}) => {
  const facts = parseFacts(intactRct(overrides))
  return rateMarylandSms(facts, deriveQuantities(facts), resolveRatingOptions(options).options)
}
const contamination = [{ type: 'contamination', severity: 'moderate' as const }]
const imbalance = [
  { variable: 'v', kind: 'binary' as const, effect_size: 0.3, adjusted_in_impact_model: true },
]

describe('rateMarylandSms (§5)', () => {
  it('gives an intact, balanced, uncontaminated RCT 5', () => {
    expect(sms().level).toBe(5)
  })

  it('takes one level for each failing condition of a randomised design, down to the floor of 3', () => {
    // 10% overall with a 7pp differential is high under the cautious boundary.
    const attrition = withLosses(200, 27, 13)
    expect(sms(attrition).level).toBe(4)
    expect(sms({ threats: contamination }).level).toBe(4)
    expect(sms({ baseline_effect_sizes: [] }).level).toBe(4)
    expect(sms({ ...attrition, threats: contamination }).level).toBe(3)
    const all = sms({ ...attrition, threats: contamination, baseline_effect_sizes: imbalance })
    expect(all.level).toBe(3)
    expect(all.reasons.filter((r) => r.limiting).map((r) => r.criterion)).toEqual([
      'attrition',
      'baseline_equivalence',
      'threat',
      'design',
    ])
    expect(
      sms(
        { ...attrition, threats: contamination, baseline_effect_sizes: imbalance },
        { sms_rct_floor: 2 }
      ).level
    ).toBe(2)
  })

  it('judges attrition on the cautious boundary even when the protocol is optimistic', () => {
    expect(sms({ ...withLosses(200, 27, 13), wwc_attrition_boundary: 'optimistic' }).level).toBe(4)
  })

  it('ignores minor contamination and threat direction, and never downgrades for a single-unit confound', () => {
    expect(sms({ threats: [{ type: 'diffusion', severity: 'minor' }] }).level).toBe(5)
    expect(
      sms({
        threats: [{ type: 'diffusion', severity: 'substantial', direction: 'favours_control' }],
      }).level
    ).toBe(4)
    const confounded = sms({ confound_single_unit: true })
    expect(confounded.level).toBe(5)
    expect(confounded.warnings).toContain('sms_not_downgraded_for_confound_single_unit')
  })

  it('rates quasi-random designs 4, or 3 when their validity is not defended', () => {
    expect(sms({ design: 'regression_discontinuity' }).level).toBe(4)
    expect(sms({ design: 'instrumental_variables', comparison_group_justified: false }).level).toBe(
      3
    )
  })

  it('rates DiD 3, or 2 without a justified comparator or with non-parallel trends', () => {
    expect(sms({ design: 'difference_in_differences', parallel_trends_evidence: true }).level).toBe(
      3
    )
    expect(
      sms({ design: 'difference_in_differences', parallel_trends_evidence: false }).level
    ).toBe(2)
    expect(
      sms({ design: 'difference_in_differences', comparison_group_justified: false }).level
    ).toBe(2)
    expect(sms({ design: 'difference_in_differences' }).warnings).toContain(
      'missing_input:parallel_trends_evidence'
    )
  })

  it('rates matched comparisons and compromised RCTs 3, 2 or 1', () => {
    expect(sms({ design: 'quasi_experimental_matched' }).level).toBe(3)
    expect(
      sms({ design: 'quasi_experimental_matched', pre_period_outcome_measured: false }).level
    ).toBe(2)
    expect(
      sms({
        randomisation_compromised: true,
        comparison_group_justified: false,
        controls_for_observables: 'none',
      }).level
    ).toBe(1)
  })

  it('rates cross-sections and before/after 2 with controls, 1 without', () => {
    expect(sms({ design: 'cross_sectional', controls_for_observables: 'some' }).level).toBe(2)
    const beforeAfter = {
      design: 'before_after',
      n_randomised_control: 0,
      n_analysed_control: 0,
    } as const
    expect(sms({ ...beforeAfter, controls_for_observables: 'none' }).level).toBe(1)
    expect(sms({ ...beforeAfter, controls_for_observables: 'all_relevant' }).level).toBe(2)
  })
})
