import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../analysis/data'
import {
  acceptsOutcome,
  effectOf,
  estimatorFor,
  ESTIMATORS,
  PLANNABLE_ESTIMATORS,
} from '../../../analysis/estimators/catalogue'
import { runAnalysis } from '../../../analysis/run-analysis'
import { analysisSpecSchema } from '../../../analysis/spec'
import {
  BINARY_ONLY_ESTIMATORS,
  PLAN_ESTIMATORS,
  planSpecSchema,
} from '../../../trials/protocol/analysis-plan'

describe('the estimator catalogue', () => {
  it('has one descriptor per estimator of the spec schema, in its order', () => {
    const names = ESTIMATORS.map((e) => e.name)
    expect(new Set(names).size).toBe(names.length)
    const discriminators = analysisSpecSchema.options.map((option) =>
      'shape' in option
        ? (option.shape.estimator as { value: string }).value
        : (option.options[0]!.shape.estimator as { value: string }).value
    )
    expect(discriminators).toEqual(names)
  })

  it('gives the analysis plan its estimators and its binary-only ones', () => {
    expect(PLAN_ESTIMATORS).toEqual(PLANNABLE_ESTIMATORS)
    expect([...PLAN_ESTIMATORS]).toEqual([
      'difference_in_means',
      'ols',
      'lin',
      'iv',
      'logistic',
      'risk_difference',
      'risk_ratio',
      'welch_t',
      'fisher_exact',
      'chi_square',
      'randomisation_inference',
    ])
    expect([...BINARY_ONLY_ESTIMATORS]).toEqual([
      'logistic',
      'risk_difference',
      'risk_ratio',
      'fisher_exact',
      'chi_square',
    ])
    expect(acceptsOutcome('lin', 'count')).toBe(true)
    expect(acceptsOutcome('risk_ratio', 'continuous')).toBe(false)
    expect(planSpecSchema.safeParse({ estimator: 'power', test: 'cluster_mdes' }).success).toBe(
      false
    )
    expect(planSpecSchema.safeParse({ estimator: 'lin', outcome: 'y' }).success).toBe(true)
  })

  it('says which effects can be pooled, on which scale and from which result field', () => {
    expect(effectOf('ols')).toEqual({ scale: 'difference', field: 'estimate' })
    expect(effectOf('logistic')).toEqual({ scale: 'log_odds_ratio', field: 'estimate' })
    expect(effectOf('risk_ratio')).toEqual({ scale: 'log_risk_ratio', field: 'log_estimate' })
    for (const none of ['iv', 'fisher_exact', 'chi_square', 'randomisation_inference', 'power'])
      expect(effectOf(none)).toBeNull()
  })

  it('runs data estimators on the table and the others on their spec alone', () => {
    const table = parseCsv('y,z\n1,1\n3,1\n2,0\n6,0\n4,1\n5,0\n')
    const welch = analysisSpecSchema.parse({ estimator: 'welch_t', outcome: 'y', treatment: 'z' })
    expect(estimatorFor(welch).run.input).toBe('table')
    expect(runAnalysis(welch, table)).toMatchObject({ estimate: 8 / 3 - 13 / 3 })
    expect(() => runAnalysis(welch)).toThrow(/needs a data table/)
    const adjust = analysisSpecSchema.parse({
      estimator: 'p_adjust',
      method: 'bonferroni',
      p: [0.01, 0.2],
    })
    expect(estimatorFor(adjust).run.input).toBe('spec')
    expect(runAnalysis(adjust)).toMatchObject({ adjusted: [0.02, 0.4] })
  })

  it('seeds only sampling estimators that fix no seed of their own', () => {
    const ri = (fields: object) =>
      analysisSpecSchema.parse({
        estimator: 'randomisation_inference',
        outcome: 'y',
        treatment: 'z',
        ...fields,
      })
    const { seeded } = estimatorFor(ri({}))
    expect(seeded).toBeDefined()
    expect(seeded!(ri({ method: 'monte_carlo', simulations: 100 }), 'abc')).toMatchObject({
      seed: 'abc',
    })
    expect(seeded!(ri({ method: 'monte_carlo', simulations: 100, seed: 7 }), 'abc')).toMatchObject({
      seed: 7,
    })
    expect(seeded!(ri({}), 'abc')).not.toHaveProperty('seed')
    expect(
      estimatorFor(analysisSpecSchema.parse({ estimator: 'ols', outcome: 'y', treatment: 'z' }))
        .seeded
    ).toBeUndefined()
  })
})
