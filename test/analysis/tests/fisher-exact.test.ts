import { describe, expect, it } from 'vitest'
import { fisherExact } from '../../../analysis/tests'
import { fromR } from './two-by-two'

// R 4.2.2, fisher.test with its uniroot calls run at tol = 1e-13:
// ft <- fisher.test
// body(ft) <- do.call(substitute, list(body(fisher.test),
//   list(uniroot = quote(function(...) stats::uniroot(..., tol = 1e-13)))))
// r <- ft(matrix(m, 2), conf.level = 0.9); sprintf("%.17g", c(r$p.value, r$estimate, r$conf.int))
const reference: [number[], number, number, number, number][] = [
  [
    [12, 5, 7, 14],
    0.048853111686211259,
    4.5867304343766948,
    1.2303475266328934,
    19.006899516503829,
  ],
  [
    [2, 4, 5, 1],
    0.24242424242424226,
    0.12570018769850472,
    0.0034685303463168494,
    1.6585150630423757,
  ],
  [
    [30, 41, 18, 11],
    0.081841358462394015,
    0.45083743872199616,
    0.19251174599138682,
    1.0282691509053787,
  ],
]

describe('fisherExact', () => {
  it.each(reference)(
    'matches fisher.test(matrix(%j, 2), conf.level = 0.9)',
    (cells, p, or, low, high) => {
      const got = fisherExact(fromR(cells), 0.1)
      expect(Math.abs(got.pValue - p)).toBeLessThanOrEqual(1e-12 * p)
      // Roots to 1e-13 on the odds-ratio (or inverse) scale: agreement to ~1e-11 relative.
      expect(Math.abs(got.oddsRatio - or)).toBeLessThanOrEqual(1e-10 * or)
      expect(Math.abs(got.confLow - low)).toBeLessThanOrEqual(1e-10 * low)
      expect(Math.abs(got.confHigh - high)).toBeLessThanOrEqual(1e-10 * high)
    }
  )

  it('gives a zero estimate and lower limit when the observed cell is at the bottom of its support', () => {
    // R: ft(matrix(c(0, 6, 5, 3), 2), conf.level = 0.9) -> p 0.030969030969030951, OR 0, CI 0 0.75030214776479121
    const got = fisherExact(fromR([0, 6, 5, 3]), 0.1)
    expect(Math.abs(got.pValue - 0.030969030969030951)).toBeLessThan(1e-15)
    expect([got.oddsRatio, got.confLow]).toEqual([0, 0])
    expect(Math.abs(got.confHigh - 0.75030214776479121)).toBeLessThan(1e-11)
  })

  it('gives an infinite estimate and upper limit at the top of the support', () => {
    // R: ft(matrix(c(3, 0, 2, 5), 2), conf.level = 0.9) -> p 0.16666666666666657, OR Inf, CI 0.72571268900583819 Inf
    const got = fisherExact(fromR([3, 0, 2, 5]), 0.1)
    expect(Math.abs(got.pValue - 0.16666666666666657)).toBeLessThan(1e-15)
    expect(got.oddsRatio).toBe(Infinity)
    expect(got.confHigh).toBe(Infinity)
    expect(Math.abs(got.confLow - 0.72571268900583819)).toBeLessThan(1e-11)
  })

  it('returns p = 1 for a table that matches its expectation under independence', () => {
    const got = fisherExact(fromR([5, 5, 5, 5]))
    expect(got.pValue).toBeCloseTo(1, 14)
    expect(got.oddsRatio).toBeCloseTo(1, 10)
  })
})
