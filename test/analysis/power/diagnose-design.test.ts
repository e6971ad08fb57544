import { describe, expect, it } from 'vitest'
import {
  diagnoseDesign,
  standardNormalDraw,
  twoSampleTPowerAt,
  type DesignToDiagnose,
  type RandomStream,
  type SimulatedPopulation,
} from '../../../analysis/power'
import { studentTQuantile, studentTTwoSidedP } from '../../../analysis/distributions'
import { InvalidInputError } from '../../../analysis/errors'

const units = 100
const effect = 0.5

function population(rng: RandomStream): SimulatedPopulation {
  const y0 = Array.from({ length: units }, () => standardNormalDraw(rng))
  return { y0, y1: y0.map((y) => y + effect) }
}

/** Complete randomisation of exactly half the units, by a partial Fisher-Yates shuffle. */
function assignHalf(rng: RandomStream): number[] {
  const order = Array.from({ length: units }, (_, i) => i)
  const treatment = new Array<number>(units).fill(0)
  for (let i = 0; i < units / 2; i++) {
    const j = i + Math.floor(rng() * (units - i))
    ;[order[i], order[j]] = [order[j], order[i]]
    treatment[order[i]] = 1
  }
  return treatment
}

/** Student's pooled-variance t-test: exact for normal outcomes with a constant effect. */
function pooledT({
  treatment,
  outcome,
}: {
  treatment: readonly number[]
  outcome: readonly number[]
}) {
  const arms = [0, 1].map((arm) => outcome.filter((_, i) => treatment[i] === arm))
  const means = arms.map((ys) => ys.reduce((s, y) => s + y, 0) / ys.length)
  const ss = arms.map((ys, k) => ys.reduce((s, y) => s + (y - means[k]) ** 2, 0))
  const df = arms[0].length + arms[1].length - 2
  const se = Math.sqrt(((ss[0] + ss[1]) / df) * (1 / arms[0].length + 1 / arms[1].length))
  const estimate = means[1] - means[0]
  const critical = studentTQuantile(0.975, df)
  return {
    estimate,
    pValue: studentTTwoSidedP(estimate / se, df),
    confLow: estimate - critical * se,
    confHigh: estimate + critical * se,
  }
}

const design: DesignToDiagnose<SimulatedPopulation> = {
  population,
  assign: assignHalf,
  estimator: pooledT,
}

describe('diagnoseDesign', () => {
  const diagnosis = diagnoseDesign(design, { simulations: 2000, seed: 'diagnosis-test' })

  it('recovers the analytic t-test power, no bias and nominal coverage within Monte Carlo error', () => {
    // Exact power of this design: pwr.t.test(n = 50, d = 0.5)$power
    const exactPower = twoSampleTPowerAt(effect, units / 2, 0.05, 'two.sided')
    expect(Math.abs(diagnosis.power.value - exactPower)).toBeLessThan(
      4 * diagnosis.power.monteCarloStdError
    )
    expect(Math.abs(diagnosis.bias.value)).toBeLessThan(4 * diagnosis.bias.monteCarloStdError)
    expect(Math.abs(diagnosis.coverage.value - 0.95)).toBeLessThan(
      4 * diagnosis.coverage.monteCarloStdError
    )
    // The SD of the difference in means is sqrt(2 / 50) = 0.2; RMSE of an unbiased estimator equals it.
    expect(Math.abs(diagnosis.rmse.value - 0.2)).toBeLessThan(4 * diagnosis.rmse.monteCarloStdError)
    expect(diagnosis.meanEstimand).toBeCloseTo(effect, 12)
    expect(diagnosis.failures).toBe(0)
  })

  it('is deterministic given the seed and changes with it', () => {
    const again = diagnoseDesign(design, { simulations: 2000, seed: 'diagnosis-test' })
    expect(again).toEqual(diagnosis)
    const other = diagnoseDesign(design, { simulations: 2000, seed: 'another-seed' })
    expect(other.bias.value).not.toBe(diagnosis.bias.value)
  })

  it('counts estimator refusals as failures instead of aborting', () => {
    let calls = 0
    const flaky: DesignToDiagnose<SimulatedPopulation> = {
      ...design,
      estimator: (data) => {
        calls++
        if (calls % 10 === 0) throw new InvalidInputError('an arm is empty')
        return pooledT(data)
      },
    }
    const result = diagnoseDesign(flaky, { simulations: 100, seed: 1 })
    expect(result.failures).toBe(10)
  })

  it('refuses too few simulations and mismatched assignment vectors', () => {
    expect(() => diagnoseDesign(design, { simulations: 1, seed: 1 })).toThrow(InvalidInputError)
    const short = { ...design, assign: () => [1, 0] }
    expect(() => diagnoseDesign(short, { simulations: 10, seed: 1 })).toThrow(InvalidInputError)
  })
})
