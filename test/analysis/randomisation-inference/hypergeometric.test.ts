import { describe, expect, it } from 'vitest'
import {
  hypergeometricInverse,
  logFactorialTable,
  uniform53,
  xoshiroState,
} from '../../../analysis/randomisation-inference'
import { goodnessOfFit } from './chi-square-checks'

// Each case walks the support in the sampler's documented order (mode, mode + 1, mode - 1, ...) and lists the
// cumulative probabilities from R 4.2.2; a uniform just below the i-th sum must give the i-th point, and one just
// above it the next. This checks the modal probability, the recurrence and the order, to about 1e-10.
const cases = [
  {
    // options(digits = 17); ord <- c(3, 4, 2, 5, 1, 6, 0, 7); cumsum(dhyper(ord, 7, 13, 9))
    population: 20,
    successes: 7,
    draws: 9,
    order: [3, 4, 2, 5, 1, 6, 0, 7],
    cumulative: [
      0.35758513931888547, 0.62577399380804954, 0.840325077399381, 0.92972136222910229,
      0.98335913312693513, 0.99527863777089798, 0.99953560371517047, 1.00000000000000022,
    ],
  },
  {
    // ord <- c(1500, rbind(1501:1506, 1499:1494)); cumsum(dhyper(ord, 3000, 7000, 5000))
    population: 10_000,
    successes: 3000,
    draws: 5000,
    order: [1500, 1501, 1499, 1502, 1498, 1503, 1497, 1504, 1496, 1505, 1495, 1506, 1494],
    cumulative: [
      0.017409631139702238, 0.03480269414453073, 0.052195757149359222, 0.069539210282358432,
      0.086882663415357664, 0.104143747639663525, 0.121404831863969373, 0.13855125632719667,
      0.155697680790423953, 0.172697803877133543, 0.189697926963843133, 0.206520931225771393,
      0.22334393548769968,
    ],
  },
  {
    // A rare value: ord <- c(20, rbind(21:23, 19:17)); cumsum(dhyper(ord, 40, 9960, 5000))
    population: 10_000,
    successes: 40,
    draws: 5000,
    order: [20, 21, 19, 22, 18, 23, 17],
    cumulative: [
      0.12562217112249727, 0.24523831479034672, 0.36485445845819608, 0.46809710295221307,
      0.57133974744623006, 0.65205726454560176, 0.73277478164497334,
    ],
  },
]

describe('hypergeometricInverse', () => {
  it.each(cases)(
    'inverts Hyper(N = $population, m = $successes, k = $draws) as R dhyper says',
    ({ population, successes, draws, order, cumulative }) => {
      const table = logFactorialTable(population)
      order.forEach((x, i) => {
        if (cumulative[i] < 1)
          expect(
            hypergeometricInverse(population, successes, draws, cumulative[i] - 1e-10, table)
          ).toBe(x)
        if (i + 1 < order.length)
          expect(
            hypergeometricInverse(population, successes, draws, cumulative[i] + 1e-10, table)
          ).toBe(order[i + 1])
      })
    }
  )

  it('returns the single point of a degenerate support, and -1 only for u beyond the computed mass', () => {
    const table = logFactorialTable(20)
    expect(hypergeometricInverse(20, 7, 0, 0.5, table)).toBe(0)
    expect(hypergeometricInverse(20, 20, 9, 0.5, table)).toBe(9)
    expect(hypergeometricInverse(20, 7, 20, 0.5, table)).toBe(7)
    expect(hypergeometricInverse(20, 7, 9, 1 + 1e-9, table)).toBe(-1)
  })

  it('draws the pmf of R dhyper(0:7, 7, 13, 9) from the trialworks-ri/2 stream', () => {
    // R: dhyper(0:7, 7, 13, 9)
    const pmf = [
      0.0042569659442724464, 0.053637770897832816, 0.21455108359133149, 0.35758513931888547,
      0.26818885448916407, 0.089396284829721298, 0.011919504643962844, 0.00046439628482972106,
    ]
    const table = logFactorialTable(20)
    const state = xoshiroState('hypergeometric')
    const counts = new Array<number>(8).fill(0)
    for (let i = 0; i < 200_000; i++)
      counts[hypergeometricInverse(20, 7, 9, uniform53(state), table)]++
    expect(goodnessOfFit(counts, pmf).pValue).toBeGreaterThan(1e-4)
  })

  it('has the mean and variance of Hyper(10000, 3000, 5000)', () => {
    // R: x <- 0:3000; p <- dhyper(x, 3000, 7000, 5000); sum(x * p); sum((x - 1500)^2 * p) -> 1500, 525.05250525052509
    const table = logFactorialTable(10_000)
    const state = xoshiroState('moments')
    const draws = 200_000
    let sum = 0
    let sumSquares = 0
    for (let i = 0; i < draws; i++) {
      let x: number
      do x = hypergeometricInverse(10_000, 3000, 5000, uniform53(state), table)
      while (x < 0)
      sum += x
      sumSquares += (x - 1500) ** 2
    }
    const mean = sum / draws
    // Tolerances are 4 standard errors: sqrt(525 / 2e5) = 0.051 for the mean; for the variance about
    // 525 sqrt(2 / 2e5) = 1.66 (the hypergeometric here is close to normal, excess kurtosis about -0.001).
    expect(Math.abs(mean - 1500)).toBeLessThan(4 * 0.051)
    expect(Math.abs(sumSquares / draws - 525.05250525052509)).toBeLessThan(4 * 1.66)
  })
})

describe('logFactorialTable', () => {
  it('matches R lfactorial', () => {
    // R: options(digits = 17); lfactorial(c(0, 1, 2, 10, 100, 10000))
    const table = logFactorialTable(10_000)
    expect(table[0]).toBe(0)
    expect(table[1]).toBe(0)
    // log-gamma is accurate to a few ulps (1e-14 relative), far below what the sampler's probabilities need.
    const reference: [number, number][] = [
      [2, 0.69314718055994529],
      [10, 15.104412573075519],
      [100, 363.73937555556347],
      [10_000, 82108.927836814357],
    ]
    for (const [k, value] of reference) expect(Math.abs(table[k] / value - 1)).toBeLessThan(1e-14)
  })
})
