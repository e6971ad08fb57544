import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import {
  compileDesign,
  exactRandomisationTest,
  monteCarloRandomisationTest,
} from '../../../analysis/randomisation-inference'
import { DesignError, InvalidInputError } from '../../../analysis/errors'

// R 4.2.2:
// y <- c(4.2, 7.1, 3.3, 9.8, 5.5, 6.0, 2.4, 8.8, 7.7, 3.9, 5.1); t <- c(1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1)
// cmb <- combn(n, n1); stat <- apply(cmb, 2, function(idx) mean(y[idx]) - mean(y[-idx]))
// c(obs, mean(abs(stat) >= abs(obs) - 1e-12), ncol(cmb)) -> -2.9333333333333336 0.034632034632034632 462
const y = Float64Array.of(4.2, 7.1, 3.3, 9.8, 5.5, 6.0, 2.4, 8.8, 7.7, 3.9, 5.1)
const t = Uint8Array.of(1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1)

// Blocked and clustered designs, exact p-values by enumerating the design's assignments in R:
// yb <- c(4.2, 7.1, 3.3, 9.8, 5.5, 6.0, 2.4, 8.8, 7.7, 3.9, 5.1, 6.6, 4.8, 7.3)
// b  <- c(1,1,1,1,1,1, 2,2,2,2,2,2,2,2); tb <- c(1,0,1,0,0,1, 1,0,0,0,1,0,1,0)
// bstat(tt) = sum_k mean(b == k) * (mean(yb[b == k & tt == 1]) - mean(yb[b == k & tt == 0]))
//   over all choose(6, 3) * choose(8, 3) = 1120 assignments -> obs -2.8485714285714288, p 0.012500000000000001
// cl <- c(1,1,2,2,2,3,4,4,5,6,6,6,7,8); tc <- (cl %in% c(1, 3, 5)); unit-level difference in means
//   over choose(8, 3) = 56 cluster assignments -> obs 0.5, p 0.44642857142857145
const yb = Float64Array.of(4.2, 7.1, 3.3, 9.8, 5.5, 6.0, 2.4, 8.8, 7.7, 3.9, 5.1, 6.6, 4.8, 7.3)
const blocks = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1)
const tb = Uint8Array.of(1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0)
const clusters = Int32Array.of(0, 0, 1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6, 7)
const tc = Uint8Array.of(1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0)

describe('exactRandomisationTest', () => {
  it('matches the R enumeration with combn', () => {
    const got = exactRandomisationTest(y, t)
    expect(got.estimate).toBeCloseTo(-2.9333333333333336, 14)
    expect(got.pValue).toBeCloseTo(0.034632034632034632, 15)
    expect(got.nAssignments).toBe(462)
  })

  it('refuses more than 14 units: enumeration is for small trials', () => {
    expect(() =>
      exactRandomisationTest(
        new Float64Array(15),
        Uint8Array.from({ length: 15 }, (_, i) => i % 2)
      )
    ).toThrow(InvalidInputError)
  })
})

describe('monteCarloRandomisationTest', () => {
  const simulations = 40_000
  const withinMonteCarloError = (p: number, exact: number, se: number) =>
    expect(Math.abs(p - exact)).toBeLessThan(4 * se + 1 / simulations)

  it('agrees with the exact p-value under complete randomisation', () => {
    const got = monteCarloRandomisationTest(
      y,
      t,
      {},
      { simulations, seed: 'complete', pValueConvention: 'proportion' }
    )
    expect(got.estimate).toBeCloseTo(-2.9333333333333336, 13)
    withinMonteCarloError(
      got.pValue,
      0.034632034632034632,
      Math.sqrt((0.0346 * 0.9654) / simulations)
    )
  })

  it('re-randomises within blocks, keeping each block treated count', () => {
    const got = monteCarloRandomisationTest(
      yb,
      tb,
      { blocks },
      { simulations, seed: 'blocks', pValueConvention: 'proportion' }
    )
    expect(got.estimate).toBeCloseTo(-2.8485714285714288, 13)
    withinMonteCarloError(got.pValue, 0.0125, Math.sqrt((0.0125 * 0.9875) / simulations))
  })

  it('assigns whole clusters', () => {
    const got = monteCarloRandomisationTest(
      yb,
      tc,
      { clusters },
      { simulations, seed: 'clusters', pValueConvention: 'proportion' }
    )
    expect(got.estimate).toBeCloseTo(0.5, 13)
    withinMonteCarloError(
      got.pValue,
      0.44642857142857145,
      Math.sqrt((0.4464 * 0.5536) / simulations)
    )
  })

  it('uses (count + 1) / (R + 1) by default and reports its Monte Carlo error', () => {
    const got = monteCarloRandomisationTest(y, t, {}, { simulations: 999, seed: 7 })
    expect(got.pValue).toBe((got.extremeCount + 1) / 1000)
    expect(got.monteCarloStdError).toBeCloseTo(Math.sqrt((got.pValue * (1 - got.pValue)) / 999), 15)
    expect(got.pValueConvention).toBe('plus_one')
  })

  it('is reproducible from its seed', () => {
    const a = monteCarloRandomisationTest(yb, tb, { blocks }, { simulations: 2000, seed: 'same' })
    const b = monteCarloRandomisationTest(yb, tb, { blocks }, { simulations: 2000, seed: 'same' })
    expect(a).toEqual(b)
  })

  it('gives a p-value in (0, 1] that estimates the exact one, for any small complete design', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -50, max: 50 }), { minLength: 4, maxLength: 10 }),
        fc.integer({ min: 0, max: 1000 }),
        (values, seed) => {
          const n = values.length
          const outcome = Float64Array.from(values)
          const treated = Uint8Array.from({ length: n }, (_, i) => (i < Math.floor(n / 2) ? 1 : 0))
          const exact = exactRandomisationTest(outcome, treated).pValue
          const mc = monteCarloRandomisationTest(outcome, treated, {}, { simulations: 4000, seed })
          expect(mc.pValue).toBeGreaterThan(0)
          expect(mc.pValue).toBeLessThanOrEqual(1)
          const se = Math.sqrt((exact * (1 - exact)) / 4000)
          expect(Math.abs(mc.pValue - exact)).toBeLessThan(5 * se + 2 / 4000)
        }
      ),
      { numRuns: 40 }
    )
  })
})

describe('compileDesign', () => {
  it('refuses treatment varying within a cluster, clusters across blocks, and single-arm blocks', () => {
    expect(() =>
      compileDesign(Uint8Array.of(1, 0, 1, 0), { clusters: Int32Array.of(0, 0, 1, 1) })
    ).toThrow(DesignError)
    expect(() =>
      compileDesign(Uint8Array.of(1, 1, 0, 0), {
        clusters: Int32Array.of(0, 0, 1, 1),
        blocks: Int32Array.of(0, 1, 1, 1),
      })
    ).toThrow(DesignError)
    expect(() =>
      compileDesign(Uint8Array.of(1, 1, 0, 0), { blocks: Int32Array.of(0, 0, 1, 1) })
    ).toThrow(DesignError)
  })
})
