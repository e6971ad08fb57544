import { describe, expect, it } from 'vitest'
import {
  InvalidRatingOptionsError,
  rateTrial,
  resolveRatingOptions,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

describe('rateTrial (§10 output contract)', () => {
  it('returns every scheme with a level and reasons, the derived quantities and the versions', () => {
    const report = rateTrial({ ...intactRct(), trial_id: 'mediation-2026-01' })
    expect(report.trial_id).toBe('mediation-2026-01')
    for (const rating of Object.values(report.ratings)) {
      expect(rating).toHaveProperty('level')
      expect(Array.isArray(rating.reasons)).toBe(true)
      for (const r of rating.reasons)
        expect(Object.keys(r).sort()).toEqual(['criterion', 'detail', 'limiting'])
    }
    expect(report.derived.attrition_percent).toEqual({
      overall: 4.5,
      treatment: 5,
      control: 4,
      differential: 1,
    })
    expect(report.derived.max_abs_baseline_es).toBe(0.02)
    expect(report.engine_version).toMatch(/^trialworks-ratings\//)
    expect(report.standards_table_version).toMatch(/optimistic-B/)
  })

  it('echoes the options in force and names the overridden ones', () => {
    const plain = rateTrial(intactRct())
    expect(plain.options).toEqual(resolveRatingOptions().options)
    expect(plain.options_overridden).toEqual([])
    const changed = rateTrial(intactRct(), {
      wwc_optimistic_column: 'A',
      rob2_some_concerns_for_high: 2,
    })
    expect(changed.options_overridden).toEqual([
      'wwc_optimistic_column',
      'rob2_some_concerns_for_high',
    ])
    expect(changed.standards_table_version).toMatch(/optimistic-A/)
    expect(changed.ratings.wwc.interpretations_used).toContain('wwc_optimistic_column=A')
  })

  it('refuses bad options with every problem listed', () => {
    try {
      rateTrial(intactRct(), { sms_rct_floor: 7, eef_mdes_stage: 'baseline', unknown_rule: true })
      throw new Error('accepted')
    } catch (error) {
      expect(error).toBeInstanceOf(InvalidRatingOptionsError)
      const paths = (error as InvalidRatingOptionsError).problems.map((p) => p.path).sort()
      expect(paths).toEqual(['eef_mdes_stage', 'sms_rct_floor', 'unknown_rule'])
    }
  })

  it('collects the schemes warnings once each', () => {
    const report = rateTrial(
      intactRct({
        baseline_effect_sizes: [],
        mdes_at_randomisation: null,
        mdes_at_analysis: null,
        prespecified_analysis: null,
      })
    )
    expect(report.warnings).toEqual([
      'missing_input:mdes',
      'balance_not_reported',
      'nesta_sample_size_doubtful:eef_power=0',
      'missing_input:prespecified_analysis',
    ])
  })

  it('flags an EIF level-3 candidate only with 3+ padlocks and a WWC meets rating', () => {
    expect(rateTrial(intactRct()).advisory.eif.candidate_level_3_study).toBe(true)
    expect(
      rateTrial(intactRct({ confound_single_unit: true })).advisory.eif.candidate_level_3_study
    ).toBe(false)
    // 45% attrition: 1 padlock.
    expect(rateTrial(intactRct(withLosses(100, 45, 45))).advisory.eif.candidate_level_3_study).toBe(
      false
    )
  })

  it('echoes staff-entered CHI judgements and shows the Nesta level as indicative Oracle standard', () => {
    const report = rateTrial({ ...intactRct(), chi_egm_confidence: 'medium' })
    expect(report.advisory.chi.egm_confidence).toBe('medium')
    expect(report.advisory.project_oracle).toEqual({
      indicative_standard: 5,
      label: 'indicative; Oracle validation is done by Oracle',
    })
  })
})
