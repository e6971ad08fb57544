import { describe, expect, it } from 'vitest'
import {
  deriveQuantities,
  eefAttritionRating,
  eefBalanceDeduction,
  eefDesignRating,
  eefPowerRating,
  eefThreatDeduction,
  parseFacts,
  rateEefPadlocks,
  resolveRatingOptions,
  type FactsInput,
  type Threat,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

const defaults = resolveRatingOptions().options
const eef = (overrides: Partial<FactsInput> = {}, options: unknown = {}) => {
  const facts = parseFacts(intactRct(overrides))
  return rateEefPadlocks(facts, deriveQuantities(facts), resolveRatingOptions(options).options)
}

describe('EEF attrition criterion (§3.2 step 3)', () => {
  it.each([
    [0, 5],
    [10, 5],
    [10.4, 5],
    [10.5, 4], // half up to 11
    [20, 4],
    [20.5, 3],
    [30, 3],
    [40.4999, 2],
    [50, 1],
    [50.5, 0],
    [100, 0],
  ])('overall %d%% -> %d padlocks', (percent, padlocks) => {
    expect(eefAttritionRating(percent, defaults).value).toBe(padlocks)
  })

  it('bands the raw percentage when staff switch rounding off', () => {
    const options = resolveRatingOptions({ eef_attrition_rounding: 'none' }).options
    expect(eefAttritionRating(10.4, options).value).toBe(4)
    expect(eefAttritionRating(10, options).value).toBe(5)
  })

  it('rates exactly 10% and exactly 20% from counts', () => {
    expect(eef(withLosses(250, 25, 25)).components.attrition).toBe(5)
    expect(eef(withLosses(250, 50, 50)).components.attrition).toBe(4)
    // 21/200 = 10.5% overall -> 11 -> 4 padlocks.
    expect(eef(withLosses(100, 10, 11)).components.attrition).toBe(4)
  })
})

describe('EEF power criterion (§3.2 step 2)', () => {
  const power = (overrides: Partial<FactsInput>, options: unknown = {}) =>
    eefPowerRating(parseFacts(intactRct(overrides)), resolveRatingOptions(options).options)

  it.each([
    [0.2, 5],
    [0.204, 5],
    [0.205, 4], // rounds to 0.21
    [0.29, 4],
    [0.295, 3], // rounds to 0.30
    [0.39, 3],
    [0.45, 2],
    [0.594, 1],
    [0.595, 0],
    [0.6, 0],
  ])('MDES %d -> %d padlocks', (mdes, padlocks) => {
    expect(power({ mdes_at_randomisation: mdes }).value).toBe(padlocks)
  })

  it('prefers the randomisation-stage MDES and falls back to the analysis stage', () => {
    expect(power({ mdes_at_randomisation: 0.19, mdes_at_analysis: 0.24 }).value).toBe(5)
    expect(power({ mdes_at_randomisation: null, mdes_at_analysis: 0.24 }).value).toBe(4)
    expect(
      power({ mdes_at_randomisation: 0.19, mdes_at_analysis: 0.24 }, { eef_mdes_stage: 'analysis' })
        .value
    ).toBe(4)
  })

  it('gives 0 with missing_input:mdes when neither stage is reported', () => {
    const rating = eef({ mdes_at_randomisation: null, mdes_at_analysis: null })
    expect(rating.components.power).toBe(0)
    expect(rating.warnings).toContain('missing_input:mdes')
    expect(rating.reasons.find((r) => r.criterion === 'power')?.detail).toMatch(
      /missing_input:mdes/
    )
  })
})

describe('EEF design criterion (§3.2 step 1)', () => {
  const design = (overrides: Partial<FactsInput>, options: unknown = {}) =>
    eefDesignRating(parseFacts(intactRct(overrides)), resolveRatingOptions(options).options)

  it.each([
    [{ design: 'rct' }, 5],
    [{ design: 'cluster_rct' }, 5],
    [{ design: 'regression_discontinuity' }, 4],
    [{ design: 'difference_in_differences' }, 4],
    [{ design: 'instrumental_variables' }, 4],
    [{ design: 'quasi_experimental_matched', controls_for_observables: 'all_relevant' }, 3],
    [{ design: 'cross_sectional', controls_for_observables: 'some' }, 2],
    [{ design: 'cross_sectional', controls_for_observables: 'none' }, 1],
    [{ design: 'rct', randomisation_compromised: true, controls_for_observables: 'some' }, 2],
  ] as [Partial<FactsInput>, number][])('%o -> %d', (overrides, padlocks) => {
    expect(design(overrides).value).toBe(padlocks)
  })

  it('gives a before/after study 0 (no comparator)', () => {
    const overrides = {
      design: 'before_after',
      n_randomised_control: 0,
      n_analysed_control: 0,
    } as const
    expect(design(overrides).value).toBe(0)
  })

  it('records the IV and no-adjustment readings as interpretations staff can change', () => {
    expect(design({ design: 'instrumental_variables' }).interpretation).toBe(
      'eef_instrumental_variables_design=4'
    )
    expect(
      design({ design: 'instrumental_variables' }, { eef_instrumental_variables_design: 3 }).value
    ).toBe(3)
    expect(
      design(
        { design: 'quasi_experimental_matched', controls_for_observables: 'none' },
        { eef_no_adjustment_design: 0 }
      ).value
    ).toBe(0)
  })
})

describe('EEF balance deduction (§3.2 step 5)', () => {
  it.each([
    [0, 0],
    [0.05, 0],
    [0.08, 0],
    [0.1, 0],
    [0.11, 1],
    [0.25, 1],
    [0.26, 2],
  ])('max |ES| %d -> minus %d', (es, deduction) => {
    expect(eefBalanceDeduction(es, defaults).value).toBe(deduction)
  })

  it('notes minor imbalance above 0.05 without deducting', () => {
    expect(eefBalanceDeduction(0.08, defaults).detail).toMatch(/minor imbalance, no deduction/)
    expect(eefBalanceDeduction(0.05, defaults).detail).not.toMatch(/minor imbalance/)
  })

  it('warns balance_not_reported when no baseline effect sizes are given', () => {
    const rating = eef({ baseline_effect_sizes: [] })
    expect(rating.components.balance_deduction).toBe(0)
    expect(rating.warnings).toContain('balance_not_reported')
  })
})

const t = (
  severity: Threat['severity'],
  direction: Threat['direction'] = 'unknown',
  type = 'hawthorne'
): Threat => ({
  type,
  severity,
  direction,
})

describe('EEF threat adjustment (§3.3)', () => {
  it.each([
    ['T0', [], 0, false],
    ['T0', [t('minor', 'favours_treatment'), t('minor', 'favours_treatment')], 0, false],
    ['T1', [t('moderate')], 0, false],
    ['T1', [t('moderate', 'favours_treatment')], 0, true],
    ['T2', [t('moderate', 'favours_treatment'), t('moderate', 'favours_control')], 0, false],
    ['T2', [t('moderate'), t('moderate')], 0, false],
    ['T3', [t('moderate', 'favours_control'), t('moderate', 'favours_control')], 1, false],
    ['T4', [t('moderate'), t('moderate'), t('moderate'), t('moderate')], 1, false],
    [
      'T4',
      [t('moderate', 'favours_treatment'), t('moderate', 'favours_control'), t('moderate')],
      1,
      true,
    ],
    [
      'T5',
      [t('moderate', 'favours_treatment'), t('moderate', 'favours_treatment'), t('moderate')],
      2,
      true,
    ],
    ['T10', [t('moderate'), t('moderate'), t('moderate'), t('moderate'), t('moderate')], 2, true],
    ['T6', [t('substantial'), t('minor')], 1, false],
    ['T7', [t('substantial'), t('moderate')], 2, true],
    ['T8', [t('substantial'), t('moderate'), t('moderate', 'favours_control')], 2, false],
    ['T9', [t('substantial'), t('substantial')], 2, false],
    ['T9', [t('substantial'), t('substantial'), t('substantial'), t('moderate')], 2, false],
  ] as [string, Threat[], number, boolean][])(
    '%s: deduction %#',
    (rule, threats, deduction, interpretation) => {
      const result = eefThreatDeduction(threats)
      expect(result.rule).toBe(rule)
      expect(result.deduction).toBe(deduction)
      expect(result.interpretation).toBe(interpretation)
    }
  )

  it('reports the row and records interpretation rows in interpretations_used', () => {
    const rating = eef({ threats: [t('substantial'), t('moderate')] })
    expect(rating.threat_rule).toBe('T7')
    expect(rating.interpretations_used).toContain('eef_threat_rule=T7')
    expect(rating.reasons.find((r) => r.criterion === 'threat')).toMatchObject({
      limiting: true,
      detail: expect.stringMatching(/^T7/),
    })
  })

  it('follows a staff-edited rule table', () => {
    const lenient = resolveRatingOptions().options.eef_threat_rules.map((row) =>
      row.rule === 'T7' ? { ...row, deduction: 1 } : row
    )
    expect(
      eef({ threats: [t('substantial'), t('moderate')] }, { eef_threat_rules: lenient }).components
        .threat_deduction
    ).toBe(1)
  })
})

describe('EEF final padlocks (§3.2 steps 4 and 7)', () => {
  it('names the criterion that capped the rating', () => {
    // 54 of 200 lost = 27% overall -> 3 padlocks for attrition.
    const rating = eef(withLosses(100, 27, 27))
    expect(rating.level).toBe(3)
    const limiting = rating.reasons.filter((r) => r.limiting)
    expect(limiting).toEqual([
      {
        criterion: 'attrition',
        detail: expect.stringMatching(/^capped at 3 padlocks: overall attrition 27%/),
        limiting: true,
      },
    ])
  })

  it('marks every criterion equal to the minimum as limiting', () => {
    const rating = eef({ ...withLosses(100, 27, 27), mdes_at_randomisation: 0.33 })
    expect(rating.reasons.filter((r) => r.limiting).map((r) => r.criterion)).toEqual([
      'power',
      'attrition',
    ])
  })

  it('applies balance outside the two-padlock threat cap and floors at 0', () => {
    const imbalanced = [
      { variable: 'v', kind: 'continuous', effect_size: -0.2, adjusted_in_impact_model: true },
    ] as const
    const threats = [t('substantial'), t('substantial'), t('substantial')]
    expect(eef({ baseline_effect_sizes: [...imbalanced], threats }).level).toBe(2) // 5 - 1 - 2
    const weak = eef({
      baseline_effect_sizes: [...imbalanced],
      threats,
      mdes_at_randomisation: 0.45,
    })
    expect(weak.components).toMatchObject({ initial: 2, balance_deduction: 1, threat_deduction: 2 })
    expect(weak.level).toBe(0)
  })

  it('can put balance inside the cap when staff choose to', () => {
    const imbalanced = [
      { variable: 'v', kind: 'continuous', effect_size: 0.2, adjusted_in_impact_model: true },
    ] as const
    const rating = eef(
      { baseline_effect_sizes: [...imbalanced], threats: [t('substantial'), t('substantial')] },
      { eef_balance_inside_threat_cap: true }
    )
    expect(rating.level).toBe(3)
  })

  it('has no limiting reason at 5 padlocks', () => {
    const rating = eef()
    expect(rating.level).toBe(5)
    expect(rating.reasons.some((r) => r.limiting)).toBe(false)
    expect(rating.interpretations_used).toContain('eef_mdes_stage=randomisation')
  })
})
