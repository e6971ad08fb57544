import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { compileDesign, exactRandomisationTest } from '../../../analysis/randomisation-inference'
import { prefersTies, tiePlan } from '../../../analysis/randomisation-inference/tie-plan'
import { unitDrawer, type PathRule } from '../../../analysis/randomisation-inference/unit-drawer'
import { unitStatistic } from '../../../analysis/randomisation-inference/unit-statistic'
import { atomIndex, exactDistribution, goodnessOfFit, homogeneity } from './chi-square-checks'

// The chi-square checks below run on fixed seeds, so they are deterministic; the threshold p > 1e-4 is the rate
// at which a correct sampler would fail them were the seeds drawn at random. With 100,000 draws they detect a
// shift of about 1.5% of the mass of any cell that expects 5% of the draws (z = 4 at 0.05 * 0.015 * 1e5 / sqrt(0.05 * 1e5)).
const ALPHA = 1e-4
const ties: PathRule = (plan) => plan
const permutation: PathRule = () => null

// R 4.2.2 (exact enumeration, as in randomisation-inference.test.ts):
// yBin <- c(1,0,1,1,0,0,1,0,0,1,1,0,1,0); tBin <- c(1,1,0,1,0,0,1,0,0,0,1,0,1,0)
// yCount <- c(0,2,1,0,3,1,0,5,2,1,0,1,4,2); tCount <- c(1,0,0,1,0,1,0,1,0,0,1,0,0,1)
// cmb <- combn(14, 6); stat <- apply(cmb, 2, function(idx) mean(y[idx]) - mean(y[-idx]))
// mean(abs(stat) >= abs(obs) - 1e-12) -> binary 0.10256410256410256 (obs 0.58333333333333337),
//   count 0.74192474192474189 (obs -0.41666666666666674), over 3003 assignments
// b <- rep(1:2, each = 7); the blocked statistic over choose(7, 3)^2 = 1225 assignments with yCount and tCount
//   -> obs -0.41666666666666663, p 0.72979591836734692
const yBin = Float64Array.of(1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 1, 0, 1, 0)
const tBin = Uint8Array.of(1, 1, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0)
const yCount = Float64Array.of(0, 2, 1, 0, 3, 1, 0, 5, 2, 1, 0, 1, 4, 2)
const tCount = Uint8Array.of(1, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1)
const twoBlocks = Int32Array.from({ length: 14 }, (_, i) => (i < 7 ? 0 : 1))
const oneBlock = new Int32Array(14)

function draws(
  outcome: Float64Array,
  treated: Uint8Array,
  blocks: Int32Array | undefined,
  rule: PathRule,
  seed: string,
  count: number
) {
  const drawer = unitDrawer(outcome, compileDesign(treated, { blocks }), seed, rule)
  const record = new Float64Array(count)
  const extreme = drawer.countExtreme(count, Math.abs(drawer.observed) - 1e-12, record)
  return { observed: drawer.observed, record, extreme }
}

describe('tie path against exact enumeration', () => {
  const cases = [
    {
      name: 'binary outcome, complete',
      y: yBin,
      t: tBin,
      blocks: undefined,
      exactP: 0.10256410256410256,
      observed: 0.58333333333333337,
    },
    {
      name: 'count outcome, complete',
      y: yCount,
      t: tCount,
      blocks: undefined,
      exactP: 0.74192474192474189,
      observed: -0.41666666666666674,
    },
    {
      name: 'count outcome, two blocks',
      y: yCount,
      t: tCount,
      blocks: twoBlocks,
      exactP: 0.72979591836734692,
      observed: -0.41666666666666663,
    },
  ]

  it.each(cases)(
    '$name: the drawn statistic has the exact randomisation distribution',
    ({ y, t, blocks }) => {
      const exact = exactDistribution(y, t, blocks ?? oneBlock)
      const { record } = draws(y, t, blocks, ties, 'gof', 100_000)
      const observed = new Array<number>(exact.atoms.length).fill(0)
      for (const stat of record) observed[atomIndex(exact.atoms, stat)]++
      const fit = goodnessOfFit(observed, exact.probabilities)
      expect(fit.cells).toBeGreaterThan(4)
      expect(fit.pValue).toBeGreaterThan(ALPHA)
    }
  )

  it.each(cases)(
    '$name: the p-value estimates the exact one within Monte Carlo error',
    ({ y, t, blocks, exactP, observed }) => {
      const simulations = 40_000
      const got = draws(y, t, blocks, ties, 'p-value', simulations)
      expect(got.observed).toBeCloseTo(observed, 13)
      const se = Math.sqrt((exactP * (1 - exactP)) / simulations)
      expect(Math.abs(got.extreme / simulations - exactP)).toBeLessThan(4 * se)
    }
  )

  it('agrees with exactRandomisationTest for any small count outcome', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 5, maxLength: 12 }),
        fc.integer({ min: 0, max: 10_000 }),
        (values, seed) => {
          const n = values.length
          const outcome = Float64Array.from(values)
          const treated = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0))
          const exact = exactRandomisationTest(outcome, treated).pValue
          const got = draws(outcome, treated, undefined, ties, String(seed), 4000)
          const se = Math.sqrt((exact * (1 - exact)) / 4000)
          expect(Math.abs(got.extreme / 4000 - exact)).toBeLessThan(5 * se + 2 / 4000)
        }
      ),
      { numRuns: 40 }
    )
  })
})

describe('tie path against permutation path', () => {
  // The treated sum S (or, blocked, the sum over blocks of equal weight) is an integer for count outcomes:
  // stat = c S - K, so S is recovered exactly from each draw and the two paths compared value by value.
  function treatedSums(
    outcome: Float64Array,
    treated: Uint8Array,
    blocks: Int32Array | undefined,
    rule: PathRule,
    seed: string,
    count: number
  ) {
    const compiled = compileDesign(treated, { blocks })
    const { constant, strata } = unitStatistic(outcome, compiled)
    const weight = strata[0].weight
    for (const s of strata) expect(s.weight).toBe(weight)
    const { record } = draws(outcome, treated, blocks, rule, seed, count)
    // Every draw's distance from an integer, checked in one assertion (120,000 calls of expect cost
    // seconds; the largest distance is below 1e-6 exactly when each one is).
    let farthest = 0
    const sums = Array.from(record, (stat) => {
      const sum = (stat - constant) / weight
      farthest = Math.max(farthest, Math.abs(sum - Math.round(sum)))
      return Math.round(sum)
    })
    expect(farthest).toBeLessThan(1e-6)
    return sums
  }

  function countOutcome(n: number, seed: number): Float64Array {
    // A small linear congruential sequence is enough to make a skewed count outcome (0..7).
    let state = seed
    return Float64Array.from({ length: n }, () => {
      state = (Math.imul(state, 1103515245) + 12345) >>> 0
      return Math.floor(8 * (state / 4294967296) ** 2)
    })
  }

  it('gives the same distribution of the treated sum, complete randomisation of 300 households', () => {
    const outcome = countOutcome(300, 1)
    const treated = Uint8Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? 1 : 0))
    const a = treatedSums(outcome, treated, undefined, ties, 'homogeneity', 60_000)
    const b = treatedSums(outcome, treated, undefined, permutation, 'homogeneity', 60_000)
    const test = homogeneity(a, b)
    expect(test.cells).toBeGreaterThan(20)
    expect(test.pValue).toBeGreaterThan(ALPHA)
  })

  it('gives the same distribution within blocks (four blocks of 60, 25 treated in each)', () => {
    const outcome = Float64Array.from(countOutcome(240, 2), (v) => (v > 2 ? 1 : 0))
    const blocks = Int32Array.from({ length: 240 }, (_, i) => Math.floor(i / 60))
    const treated = Uint8Array.from({ length: 240 }, (_, i) => (i % 60 < 25 ? 1 : 0))
    const a = treatedSums(outcome, treated, blocks, ties, 'blocked', 60_000)
    const b = treatedSums(outcome, treated, blocks, permutation, 'blocked', 60_000)
    const test = homogeneity(a, b)
    expect(test.cells).toBeGreaterThan(10)
    expect(test.pValue).toBeGreaterThan(ALPHA)
  })
})

describe('path rule', () => {
  const n = 10_000
  const pool = Int32Array.from({ length: n }, (_, i) => i)
  it('takes the tie path for binary and small-count outcomes of large trials', () => {
    expect(
      prefersTies(
        tiePlan(
          Float64Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0)),
          pool,
          5000,
          1
        )
      )
    ).toBe(true)
    expect(
      prefersTies(
        tiePlan(
          Float64Array.from({ length: n }, (_, i) => (i * 7) % 30),
          pool,
          5000,
          1
        )
      )
    ).toBe(true)
  })
  it('keeps the permutation path for continuous outcomes and for few picks', () => {
    expect(
      prefersTies(
        tiePlan(
          Float64Array.from({ length: n }, (_, i) => Math.sqrt(i)),
          pool,
          5000,
          1
        )
      )
    ).toBe(false)
    expect(
      prefersTies(
        tiePlan(
          Float64Array.from({ length: n }, (_, i) => i % 2),
          pool,
          5,
          1
        )
      )
    ).toBe(false)
  })
  it('orders values by count, the most frequent last, and weights them by value', () => {
    const plan = tiePlan(
      Float64Array.of(2, 0, 1, 1, 0, 1, 2, 1),
      Int32Array.of(0, 1, 2, 3, 4, 5, 6, 7),
      3,
      -0.5
    )
    expect(Array.from(plan.counts)).toEqual([2, 2, 4])
    expect(Array.from(plan.weights)).toEqual([-0, -1, -0.5])
  })
})
