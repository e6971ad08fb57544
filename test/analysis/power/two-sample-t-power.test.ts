import { describe, expect, it } from 'vitest'
import { twoSampleTPower, twoSampleTPowerAt } from '../../../analysis/power'
import { InvalidInputError } from '../../../analysis/errors'

const close = (got: number, expected: number, relative: number) =>
  expect(Math.abs(got - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))

describe('twoSampleTPower', () => {
  it.each([
    // R: sprintf("%.17g", pwr::pwr.t.test(n = , d = , sig.level = , alternative = )$power)
    [0.4, 80, 0.05, 'two.sided', 0.71037010581043547],
    [1.1, 12.5, 0.01, 'two.sided', 0.49059771269355046],
    [0.35, 50, 0.05, 'greater', 0.53706740809567588],
    [-0.2, 50, 0.05, 'greater', 0.0041699109410794355],
    [-0.5, 30, 0.05, 'less', 0.6060253278868073],
  ] as const)(
    'power for d = %d, n = %d, alpha = %d, %s matches pwr to 1e-12',
    (d, n, alpha, alternative, power) => {
      close(twoSampleTPower({ d, n, alpha, alternative }).power, power, 1e-12)
    }
  )

  // pw() below is pwr.t.test's own p.body; solved with uniroot(tol = 1e-13) on pwr's brackets:
  // pw <- function(n, d, a, alt) { nu <- (n - 1) * 2; ncp <- sqrt(n/2) * d; qu <- qt(a/2, nu, lower = FALSE)
  //   pt(qu, nu, ncp, lower = FALSE) + pt(-qu, nu, ncp, lower = TRUE) }   (one-sided analogues for greater/less)
  it('solves n to pwr precision: uniroot(function(n) pw(n, 0.25, 0.05) - 0.9, c(2 + 1e-10, 1e9), tol = 1e-13)', () => {
    const result = twoSampleTPower({ d: 0.25, power: 0.9 })
    close(result.n, 337.20068124251588, 1e-12)
    // Stock pwr stops at uniroot's default tolerance: pwr.t.test(d = 0.25, power = 0.9)$n = 337.20068491529116
    expect(Math.abs(result.n - 337.20068491529116)).toBeGreaterThan(1e-6)
  })

  it('solves n for a one-sided test', () => {
    close(
      twoSampleTPower({ d: 0.6, power: 0.85, alpha: 0.1, alternative: 'greater' }).n,
      30.276325154354875,
      1e-12
    )
  })

  it('solves d, two-sided and less', () => {
    close(twoSampleTPower({ n: 40, power: 0.8 }).d, 0.63429852913740792, 1e-12)
    close(
      twoSampleTPower({ n: 40, power: 0.8, alternative: 'less' }).d,
      -0.56087920615538311,
      1e-12
    )
  })

  it('reports |d| for two-sided tests, as pwr does', () => {
    expect(twoSampleTPower({ d: -0.4, n: 80 }).d).toBe(0.4)
    expect(twoSampleTPowerAt(-0.4, 80, 0.05, 'two.sided')).toBeCloseTo(
      twoSampleTPowerAt(0.4, 80, 0.05, 'two.sided'),
      14
    )
  })

  it('round-trips: the power at the solved n is the requested power', () => {
    const { n } = twoSampleTPower({ d: 0.3, power: 0.8 })
    expect(Math.abs(twoSampleTPowerAt(0.3, n, 0.05, 'two.sided') - 0.8)).toBeLessThan(1e-12)
  })

  it('refuses under- or over-determined requests and unreachable targets', () => {
    expect(() => twoSampleTPower({ d: 0.3 })).toThrow(InvalidInputError)
    expect(() => twoSampleTPower({ d: 0.3, n: 50, power: 0.8 })).toThrow(InvalidInputError)
    // A one-sided test against an effect in the wrong direction never reaches 80% power.
    expect(() => twoSampleTPower({ d: -0.3, power: 0.8, alternative: 'greater' })).toThrow(
      InvalidInputError
    )
  })
})
