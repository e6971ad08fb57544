import { describe, expect, it } from 'vitest'
import {
  characteristic,
  limitingText,
  rateTrial,
  wordsText,
  type FactsInput,
} from '../../../analysis/ratings'
import { intactRct, withLosses } from './facts-fixture'

const rate = (overrides: Partial<FactsInput>) => rateTrial(intactRct(overrides)).ratings
const householdSingle = {
  variable: 'household_type=single',
  kind: 'binary',
  effect_size: -0.2712,
  adjusted_in_impact_model: true,
} as const
const labels = (name: string) =>
  ({ household_type: 'Type of household', prior_approaches: 'Approaches in the last year' })[
    name
  ] ?? `?${name}`

describe('what limited a rating, in words', () => {
  it('EEF power: the MDES as rated (2 decimals) and its band, spelled out', () => {
    const eef = rate({ mdes_at_randomisation: 0.45 }).eef_padlocks
    expect(eef.level).toBe(2)
    expect(limitingText(eef.limiting)).toBe(
      'Capped at 2 padlocks: minimum detectable effect at randomisation 0.45 is in the 0.40–0.49 band (2 padlocks)'
    )
    // The contract's detail is unchanged beside the words.
    expect(eef.limiting.map((r) => [r.criterion, r.detail])).toEqual([
      [
        'power',
        'capped at 2 padlocks: MDES at randomisation 0.45 is in the 0.40-0.49 band (2 padlocks)',
      ],
    ])
  })

  it('EEF power: the fallback stage is named', () => {
    const eef = rate({ mdes_at_randomisation: null, mdes_at_analysis: 0.3 }).eef_padlocks
    expect(limitingText(eef.limiting)).toBe(
      'Capped at 3 padlocks: minimum detectable effect at analysis (none at randomisation) 0.30 is in the 0.30–0.39 band (3 padlocks)'
    )
  })

  it('EEF attrition: 55 of 200 lost is 27.5%, rounded half up to 28% for the band', () => {
    const eef = rate(withLosses(100, 30, 25)).eef_padlocks
    expect(eef.level).toBe(3)
    expect(limitingText(eef.limiting)).toBe(
      'Capped at 3 padlocks: overall attrition 27.5% (rounds to 28%) is in the 21–30% band (3 padlocks)'
    )
  })

  it('EEF balance: the largest standardised difference to three figures, thresholds in words', () => {
    const eef = rate({ baseline_effect_sizes: [householdSingle] }).eef_padlocks
    expect(eef.level).toBe(3)
    expect(limitingText(eef.limiting)).toBe(
      'Largest standardised baseline difference 0.271 is above 0.25: minus 2 padlocks'
    )
  })

  it('EEF design and threats together, joined in one sentence', () => {
    const eef = rate({
      design: 'cross_sectional',
      controls_for_observables: 'some',
      threats: [{ type: 'selection_bias', severity: 'substantial' }],
    }).eef_padlocks
    expect(eef.level).toBe(1)
    expect(limitingText(eef.limiting)).toBe(
      'Capped at 2 padlocks: cross-sectional comparison adjusts for only some relevant confounders (2 padlocks); ' +
        'threats to validity: 1 high-risk and 0 moderate-risk (threat rule T6: one High threat, every other threat Low); 1 padlock down'
    )
  })

  it('says so when nothing limited the rating', () => {
    const eef = rate({}).eef_padlocks
    expect(eef.level).toBe(5)
    expect(eef.limiting).toEqual([])
    expect(limitingText(eef.limiting)).toBe('No criterion limited this rating')
  })

  it('WWC: attrition against the boundary, and each failing characteristic by its label', () => {
    // 30 of 100 and 10 of 100 lost: overall 20%, differential 20 points; Table II.1 row 20 cautious 5.4.
    const wwc = rate({
      ...withLosses(100, 30, 10),
      baseline_effect_sizes: [
        householdSingle,
        {
          variable: 'prior_approaches',
          kind: 'continuous',
          effect_size: -0.12,
          adjusted_in_impact_model: false,
        },
      ],
    }).wwc
    expect(wwc.level).toBe('does_not_meet')
    expect(wwc.limiting.map((r) => r.criterion)).toEqual(['attrition', 'baseline_equivalence'])
    expect(wwc.limiting[1]!.words).toEqual([
      'baseline equivalence not satisfied: ',
      { variable: 'household_type', level: 'single' },
      ': standardised difference 0.271 above 0.25, which adjustment cannot fix',
      '; ',
      { variable: 'prior_approaches' },
      ': standardised difference 0.12 is above 0.05 and at most 0.25 but not adjusted for',
    ])
    expect(limitingText(wwc.limiting, labels)).toBe(
      '§4.1 step 4: overall attrition 20%, differential attrition 20 percentage points above the cautious boundary of 5.4 points (row 20 of the attrition table); ' +
        'baseline equivalence not satisfied: Type of household single: standardised difference 0.271 above 0.25, which adjustment cannot fix; ' +
        'Approaches in the last year: standardised difference 0.12 is above 0.05 and at most 0.25 but not adjusted for'
    )
  })

  it('WWC: a comparison design is named in words', () => {
    const wwc = rate({ design: 'quasi_experimental_matched' }).wwc
    expect(wwc.level).toBe('meets_with_reservations')
    expect(limitingText(wwc.limiting)).toBe(
      '§4.1 step 5: a matched quasi-experimental comparison is rated as a quasi-experimental design; meets with reservations is the highest rating it can get'
    )
  })

  it('Maryland SMS: one level off for contamination, the threat and its severity in words', () => {
    const sms = rate({ threats: [{ type: 'contamination', severity: 'substantial' }] }).maryland_sms
    expect(sms.level).toBe(4)
    expect(limitingText(sms.limiting)).toBe(
      'Minus 1: more than a little contamination: contamination (high)'
    )
  })

  it('Maryland SMS: a difference-in-differences design without a justified comparison', () => {
    const sms = rate({
      design: 'difference_in_differences',
      comparison_group_justified: false,
    }).maryland_sms
    expect(sms.level).toBe(2)
    expect(limitingText(sms.limiting)).toBe(
      'Difference-in-differences design: comparison group not justified'
    )
  })

  it('Nesta: every unmet criterion of the first level not reached', () => {
    const nesta = rate({ independent_evaluation: false, cost_data_reported: false }).nesta_level
    expect(nesta.level).toBe(3)
    expect(limitingText(nesta.limiting)).toBe(
      'Not independently evaluated: level 4 not reached; no delivery cost data: level 4 not reached'
    )
  })

  it('Nesta: a design with no counterfactual', () => {
    const nesta = rate({ design: 'cross_sectional' }).nesta_level
    expect(nesta.level).toBe(2)
    expect(limitingText(nesta.limiting)).toBe(
      'Cross-sectional comparison has no credible comparison of what would have happened otherwise (capped at level 2): level 3 not reached'
    )
  })

  it('RoB 2: domains named in words, judgements as risk levels', () => {
    const unreported = rate({ randomisation_concealed: null }).rob2_overall
    expect(unreported.level).toBe('some_concerns')
    expect(limitingText(unreported.limiting)).toBe(
      'Domain 1 (the randomisation process): some concerns: whether the allocation was concealed is not reported'
    )
    // 10 of 100 lost in each arm: overall 10%, above the 5% taken as low.
    const missing = rate({
      ...withLosses(100, 10, 10),
      missingness_depends_on_outcome: 'likely',
    }).rob2_overall
    expect(missing.level).toBe('high')
    expect(limitingText(missing.limiting)).toBe(
      'Domain 3 (missing outcome data): overall attrition 10%, missingness likely depends on the outcome: high risk of bias'
    )
  })

  it('RoB 2: not applicable to a design that is not randomised', () => {
    expect(limitingText(rate({ design: 'cross_sectional' }).rob2_overall.limiting)).toBe(
      'A cross-sectional comparison is not randomised: ROBINS-I is the matching tool and is not built in'
    )
  })
})

describe('word parts', () => {
  it('keep a categorical level apart from its characteristic', () => {
    expect(characteristic('household_type=single')).toEqual({
      variable: 'household_type',
      level: 'single',
    })
    expect(characteristic('prior_approaches')).toEqual({ variable: 'prior_approaches' })
  })

  it('read names as words when no label is given', () => {
    expect(
      wordsText([
        { variable: 'household_type', level: 'single_parent' },
        ': standardised difference',
      ])
    ).toBe('Household type single parent: standardised difference')
  })

  it('show a reason stored without words by its detail', () => {
    expect(
      limitingText([
        { criterion: 'power', detail: 'capped at 2 padlocks: MDES 0.45', limiting: true },
      ])
    ).toBe('Capped at 2 padlocks: MDES 0.45')
  })
})
