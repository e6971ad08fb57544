import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { validateForRegistration } from '../../../trials/protocol/validate'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any
const withHarms = (harms: Json): Json => ({
  ...JSON.parse(JSON.stringify(familyMediationProtocol)),
  harms,
})
const problems = (input: unknown) =>
  validateForRegistration(input).problems.map((p) => `${p.severity} ${p.code} ${p.path}`)

describe('registered harms', () => {
  it('register when they name secondary outcomes', () => {
    expect(
      problems(withHarms({ definition: 'x', assessment: 'systematic', outcomes: ['settled_6m'] }))
    ).toEqual([])
  })

  it('refuse unknown, primary and repeated outcomes, each at its index', () => {
    expect(
      problems(
        withHarms({
          definition: 'x',
          assessment: 'non_systematic',
          outcomes: ['homeless_6m', 'settled_6m', 'settled_6m', 'rough_sleeping'],
        })
      )
    ).toEqual([
      'error harm-outcome-is-primary /harms/outcomes/0',
      'error duplicate-harm-outcome /harms/outcomes/2',
      'error unknown-harm-outcome /harms/outcomes/3',
    ])
  })

  it('warn when assessed systematically with nothing to measure it', () => {
    const result = validateForRegistration(
      withHarms({ definition: 'x', assessment: 'systematic', outcomes: [] })
    )
    expect(result.ok).toBe(true)
    expect(result.problems.map((p) => `${p.severity} ${p.code}`)).toEqual([
      'warning harms-without-outcome',
    ])
    expect(
      problems(withHarms({ definition: 'x', assessment: 'non_systematic', outcomes: [] }))
    ).toEqual([])
  })
})
