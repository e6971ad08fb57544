import { describe, expect, it } from 'vitest'
import { attrition, covariateBalance, sampleRatioMismatch } from '../../../analysis/balance'
import { InvalidInputError } from '../../../analysis/errors'

// R 4.2.2 (base R, the contract's formulas):
// x <- c(34, 51, 29, 62, 45, 38, 55, 41, 47, 36, 58, 30); w <- c(1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0)
// t <- c(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
// c(m1, m0, (m1 - m0)/sqrt((s1^2 + s0^2)/2), (m1 - m0)/sp * (1 - 3/(4 * (n1 + n0) - 9)),
//   (qlogis(m1) - qlogis(m0))/1.65, s1^2/s0^2)
const t = Uint8Array.of(1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0)
const x = Float64Array.of(34, 51, 29, 62, 45, 38, 55, 41, 47, 36, 58, 30)
const w = Float64Array.of(1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 0, 0)
const close = (got: number | null, expected: number) =>
  expect(Math.abs((got as number) - expected)).toBeLessThanOrEqual(1e-13 * Math.abs(expected))

describe('covariateBalance', () => {
  it('matches R for a continuous covariate, with no Cox index', () => {
    const b = covariateBalance(x, t)
    close(b.meanTreatment, 44.200000000000003)
    close(b.meanControl, 43.571428571428569)
    close(b.smd, 0.053156989084176279)
    close(b.hedgesG, 0.050339560068741074)
    close(b.varianceRatio, 1.6645644283121597)
    expect(b.coxIndex).toBeNull()
  })

  it('matches R for a binary covariate, Cox index included', () => {
    const b = covariateBalance(w, t)
    close(b.smd, 0.31677820640907284)
    close(b.hedgesG, 0.29312646869074882)
    close(b.coxIndex, 0.42008920033936076)
  })

  it('gives a null Cox index when a proportion is 0 or 1, and null effect sizes for a constant covariate', () => {
    expect(
      covariateBalance(Float64Array.of(1, 1, 0, 1), Uint8Array.of(1, 1, 0, 0)).coxIndex
    ).toBeNull()
    const constant = covariateBalance(Float64Array.of(5, 5, 5, 5), Uint8Array.of(1, 1, 0, 0))
    expect([constant.smd, constant.hedgesG]).toEqual([null, null])
  })

  it('refuses a covariate observed in one arm only', () => {
    expect(() => covariateBalance(Float64Array.of(1, 2), Uint8Array.of(1, 1))).toThrow(
      InvalidInputError
    )
  })
})

describe('attrition', () => {
  it('computes overall, by-arm and differential attrition', () => {
    // 2 of 5 treated and 1 of 7 controls missing
    const observed = [true, false, true, false, true, true, true, true, false, true, true, true]
    const a = attrition(observed, t)
    expect(a.overallAttrition).toBeCloseTo(3 / 12, 15)
    expect(a.attritionTreatment).toBeCloseTo(2 / 5, 15)
    expect(a.attritionControl).toBeCloseTo(1 / 7, 15)
    expect(a.differentialAttrition).toBeCloseTo(2 / 5 - 1 / 7, 15)
    expect([a.nRandomised, a.nAnalysed]).toEqual([12, 9])
  })
})

describe('sampleRatioMismatch', () => {
  it('matches chisq.test(counts, p = ratios)', () => {
    // R: chisq.test(c(312, 288), p = c(0.5, 0.5)) -> X-squared 0.95999999999999996, p 0.32718687779030564
    const even = sampleRatioMismatch([312, 288], [1, 1])
    close(even.statistic, 0.95999999999999996)
    close(even.pValue, 0.32718687779030564)
    // R: chisq.test(c(405, 195), p = c(2, 1)/3) -> 0.1875, p 0.66500554210202911, expected 400 200
    const twoToOne = sampleRatioMismatch([405, 195], [2, 1])
    close(twoToOne.statistic, 0.1875)
    close(twoToOne.pValue, 0.66500554210202911)
    expect(twoToOne.expected).toEqual([400, 200])
    expect(twoToOne.df).toBe(1)
  })

  it('refuses mismatched arms and non-positive ratios', () => {
    expect(() => sampleRatioMismatch([10, 12], [1])).toThrow(InvalidInputError)
    expect(() => sampleRatioMismatch([10, 12], [1, 0])).toThrow(InvalidInputError)
  })
})

describe('the balance sample-ratio block', () => {
  it('labels each count with its arm, control first', async () => {
    const { analyse, tableOf } = await import('../estimators/helpers')
    const table = tableOf({
      arm: ['mediation', 'usual', 'usual', 'mediation', 'usual', 'usual'],
      x: [1, 2, 3, 4, 5, 6],
    })
    const result = analyse(
      {
        estimator: 'balance',
        treatment: 'arm',
        treatment_arm: 'mediation',
        control_arm: 'usual',
        covariates: ['x'],
        planned_allocation: [1, 2],
      },
      table
    )
    // 2 treated and 4 control against a planned 1:2: expected 2 and 4, a perfect fit.
    expect(result.sample_ratio_mismatch).toMatchObject({
      arms: ['usual', 'mediation'],
      observed: [4, 2],
      expected: [4, 2],
      statistic: 0,
    })
  })
})
