import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import {
  formatPence,
  limitingWords,
  practitionerSummary,
  type SummaryInput,
} from '../../../trials/report'

const input: SummaryInput = {
  protocol: familyMediationProtocol,
  arm: 'family_mediation',
  effect: { estimate: -0.07, conf_low: -0.13, conf_high: -0.01, p_value: 0.02 },
  controlMean: 0.31,
  costPence: 52_500,
  takeUp: 0.8,
  rating: {
    padlocks: 3,
    limiting: [
      {
        criterion: 'attrition',
        detail: 'capped at 3 padlocks: attrition 27.5% (28%) in band 21-30% (3 padlocks)',
        limiting: true,
        words: [
          'capped at 3 padlocks: overall attrition 27.5% (rounds to 28%) is in the 21–30% band (3 padlocks)',
        ],
      },
    ],
    status: 'confirmed',
  },
  interim: false,
}

describe('practitioner summary', () => {
  it('states the effect per 100 households offered, with its interval, in the registered label', () => {
    const s = practitionerSummary(input)
    expect(s.effect?.statement).toBe(
      '7 fewer households per 100 offered family mediation: owed a relief duty or in temporary accommodation within 6 months (95% CI: 13 fewer to 1 fewer)'
    )
    expect(s.headline.startsWith('7 fewer households per 100')).toBe(true)
  })

  it('gives the NNT as 1 / |risk difference| rounded up, with the inverted interval (Altman 1998)', () => {
    const s = practitionerSummary(input)
    // 1 / 0.07 = 14.29 -> 15; interval 1 / 0.13 = 7.7 -> 8 to 1 / 0.01 = 100.
    expect(s.number_needed_to_treat).toMatchObject({ value: 15, low: 8, high: 100 })
  })

  it('omits the NNT interval when the effect interval includes no effect', () => {
    const s = practitionerSummary({
      ...input,
      effect: { estimate: -0.04, conf_low: -0.1, conf_high: 0.02, p_value: 0.2 },
    })
    expect(s.number_needed_to_treat).toMatchObject({ value: 25, low: null, high: null })
    expect(s.cost?.per_outcome_avoided_pence).toBeNull()
    expect(s.certainty).toMatch(/could be due to chance/)
  })

  it('costs in integer pence: per household receiving, per household offered, per outcome avoided', () => {
    const s = practitionerSummary(input)
    expect(s.cost).toMatchObject({
      per_household_receiving_pence: 52_500,
      per_household_offered_pence: 42_000,
      per_outcome_avoided_pence: 42_000 * 15,
    })
    expect(s.cost?.statement).toContain('£525 per household receiving family mediation')
    expect(s.cost?.statement).toContain('about £6,300 for each household kept from being')
  })

  it('says an interim result is not to be acted on, and a waitlist compares delayed with immediate service', () => {
    const waitlisted = {
      ...familyMediationProtocol,
      waitlist: {
        offer: 'after_primary_outcome_window' as const,
        description: 'Offered after six months',
      },
    }
    const s = practitionerSummary({ ...input, protocol: waitlisted, interim: true })
    expect(s.caveats[0]).toMatch(/^Interim result/)
    expect(s.comparison).toMatch(/delayed, not withheld/)
  })

  it('states a continuous outcome in its unit per household', () => {
    const protocol = {
      ...familyMediationProtocol,
      primary_outcome: familyMediationProtocol.secondary_outcomes[0]!,
    }
    const s = practitionerSummary({
      ...input,
      protocol,
      effect: { estimate: -12.4, conf_low: -20.2, conf_high: -4.6, p_value: 0.002 },
    })
    expect(s.effect?.statement).toBe(
      '12 fewer days per household offered family mediation: days in temporary accommodation within 6 months (95% CI: 20 fewer to 4.6 fewer days)'
    )
    expect(s.number_needed_to_treat).toBeNull()
  })
})

describe('formatPence', () => {
  it.each([
    [52_500, '£525'],
    [43_651, '£436.51'],
    [630_000, '£6,300'],
    [5, '£0.05'],
  ])('%i pence is %s', (pence, text) => expect(formatPence(pence)).toBe(text))

  it('says what limited the rating in words, a characteristic by its registered label', () => {
    expect(practitionerSummary(input).rating).toBe(
      'Evidence rating: 3 of 5 padlocks (EEF scale, confirmed); capped at 3 padlocks: overall attrition 27.5% (rounds to 28%) is in the 21–30% band (3 padlocks).'
    )
    const balance = {
      criterion: 'balance' as const,
      detail: 'max |ES| 0.271 (household_type=single) > 0.25: -2 padlocks',
      limiting: true,
      words: [
        'largest standardised baseline difference 0.271 (',
        { variable: 'household_type', level: 'single' },
        ') is above 0.25: minus 2 padlocks',
      ],
    }
    const s = practitionerSummary({
      ...input,
      rating: { padlocks: null, limiting: [balance], status: 'pending' },
    })
    expect(s.rating).toBe(
      'Evidence rating pending: no padlock level could be given (largest standardised baseline difference 0.271 (Household type single) is above 0.25: minus 2 padlocks).'
    )
  })

  it('shows a rating stored before reasons had words by its detail, as before', () => {
    const s = practitionerSummary({
      ...input,
      rating: {
        padlocks: 3,
        limiting: [{ criterion: 'attrition', detail: 'attrition of 12%', limiting: true }],
        status: 'confirmed',
      },
    })
    expect(s.rating).toBe(
      'Evidence rating: 3 of 5 padlocks (EEF scale, confirmed); attrition of 12%.'
    )
    const none = practitionerSummary({
      ...input,
      rating: { padlocks: 4, limiting: [], status: 'confirmed' },
    })
    expect(none.rating).toBe(
      'Evidence rating: 4 of 5 padlocks (EEF scale, confirmed); no criterion limited this rating.'
    )
  })
})

describe('what limited a rating, for readers', () => {
  const said = (words: (string | { variable: string; level?: string })[]) =>
    limitingWords(familyMediationProtocol, [
      { criterion: 'balance', detail: 'terse', limiting: true, words },
    ])

  it('names a covariate or an outcome by its registered label, an unregistered name in words', () => {
    expect(said([{ variable: 'age_head' }, ' differs at baseline'])).toBe(
      'Age of lead applicant differs at baseline'
    )
    expect(said(['baseline ', { variable: 'homeless_6m' }])).toBe(
      'Baseline Owed a relief duty or in temporary accommodation within 6 months'
    )
    expect(said([{ variable: 'prior_tenancy_ends', level: 'two_or_more' }])).toBe(
      'Prior tenancy ends two or more'
    )
  })

  it('joins several reasons, and shows a reason without words by its detail', () => {
    expect(
      limitingWords(familyMediationProtocol, [
        { criterion: 'power', detail: 'MDES 0.45', limiting: true },
        { criterion: 'attrition', detail: '|ES| 0.3', limiting: true, words: ['attrition 30%'] },
      ])
    ).toBe('MDES 0.45; attrition 30%')
  })
})
