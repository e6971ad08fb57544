import { describe, expect, it } from 'vitest'
import { InvalidFactsError, parseFacts, rateTrial } from '../../../analysis/ratings'
import { intactRct } from './facts-fixture'

function problemsOf(input: unknown): { path: string; reason: string }[] {
  try {
    parseFacts(input)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidFactsError)
    expect((error as InvalidFactsError).code).toBe('invalid-facts')
    return (error as InvalidFactsError).problems
  }
  throw new Error('facts were accepted')
}

describe('factsSchema / parseFacts', () => {
  it('fills the documented defaults and treats absent nullable fields as not reported', () => {
    const facts = parseFacts(intactRct({ threats: [{ type: 'hawthorne', severity: 'moderate' }] }))
    expect(facts.wwc_attrition_boundary).toBe('cautious')
    expect(facts.threats[0].direction).toBe('unknown')
    expect(facts.n_clusters_randomised_treatment).toBeNull()
    expect(facts.missing_data_sensitivity_robust).toBeNull()
  })

  it('lists every problem at once, each with its field path', () => {
    const problems = problemsOf(
      intactRct({
        n_randomised_treatment: -1,
        n_analysed_control: 401,
        mdes_at_randomisation: -0.2,
        design: 'stepped_wedge' as never,
        threats: [{ type: 'hawthorne', severity: 'high' as never }],
      })
    )
    const paths = problems.map((p) => p.path)
    expect(paths).toEqual(
      expect.arrayContaining([
        'n_randomised_treatment',
        'n_analysed_control',
        'mdes_at_randomisation',
        'design',
        'threats.0.severity',
      ])
    )
    expect(problems.find((p) => p.path === 'n_analysed_control')?.reason).toMatch(
      /exceeds n_randomised_control \(400\)/
    )
    for (const p of problems) expect(p.reason.length).toBeGreaterThan(0)
  })

  it('refuses non-integer counts and non-finite effect sizes', () => {
    const problems = problemsOf(
      intactRct({
        n_analysed_treatment: 10.5,
        baseline_effect_sizes: [
          {
            variable: 'x',
            kind: 'binary',
            effect_size: Number.NaN,
            adjusted_in_impact_model: false,
          },
        ],
      })
    )
    expect(problems.map((p) => p.path)).toEqual(
      expect.arrayContaining(['n_analysed_treatment', 'baseline_effect_sizes.0.effect_size'])
    )
  })

  it('refuses hand-entered percentages and misspelt fields as unknown fields', () => {
    const problems = problemsOf({
      ...intactRct(),
      attrition_overall: 7.5,
      mdes_at_randomization: 0.2,
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        { path: 'attrition_overall', reason: expect.stringMatching(/unknown field/) },
        { path: 'mdes_at_randomization', reason: expect.stringMatching(/unknown field/) },
      ])
    )
  })

  it('refuses more analysed clusters than randomised', () => {
    const problems = problemsOf(
      intactRct({
        design: 'cluster_rct',
        n_clusters_randomised_treatment: 10,
        n_clusters_randomised_control: 10,
        n_clusters_analysed_treatment: 11,
        n_clusters_analysed_control: 10,
      })
    )
    expect(problems.map((p) => p.path)).toEqual(['n_clusters_analysed_treatment'])
  })

  it('refuses a before_after study with a control group, and a trial with nobody assigned', () => {
    expect(problemsOf(intactRct({ design: 'before_after' })).map((p) => p.path)).toEqual([
      'n_randomised_control',
      'n_analysed_control',
    ])
    const empty = {
      n_randomised_treatment: 0,
      n_randomised_control: 0,
      n_analysed_treatment: 0,
      n_analysed_control: 0,
    }
    expect(problemsOf(intactRct(empty)).map((p) => p.path)).toEqual(['n_randomised_treatment'])
  })

  it('reports missing required fields and a non-object input', () => {
    const { theory_of_change: _, ...rest } = intactRct()
    expect(problemsOf(rest).map((p) => p.path)).toEqual(['theory_of_change'])
    expect(problemsOf(42)).toEqual([{ path: '(root)', reason: expect.any(String) }])
  })

  it('rateTrial refuses the same facts before rating anything', () => {
    expect(() => rateTrial(intactRct({ n_analysed_treatment: 401 }))).toThrow(InvalidFactsError)
  })
})
