import { describe, expect, it } from 'vitest'
import {
  chiSquareCdf,
  chiSquareUpperTail,
  fUpperTail,
  logBeta,
  logGamma,
  normalCdf,
  normalQuantile,
  normalUpperTail,
  regularizedBeta,
  studentTCdf,
  studentTQuantile,
  studentTTwoSidedP,
  studentTUpperTail,
} from '../../../analysis/distributions'

/** |got - expected| <= relative * |expected|: the oracle asks p-values to about 1e-8 relative; we test tighter. */
function expectRelative(got: number, expected: number, relative = 1e-12): void {
  expect(Number.isFinite(got)).toBe(true)
  expect(Math.abs(got - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))
}

// Closed forms of Student's t for small integer df (Abramowitz & Stegun 26.7.3-26.7.4), an independent
// reference for the incomplete-beta route.
function tCdfClosedForm(t: number, df: 1 | 2 | 5): number {
  if (df === 1) return 0.5 + Math.atan(t) / Math.PI
  if (df === 2) return 0.5 + t / (2 * Math.sqrt(2 + t * t))
  const theta = Math.atan(t / Math.sqrt(5))
  const c = Math.cos(theta)
  return 0.5 + (theta + Math.sin(theta) * c * (1 + (2 / 3) * c * c)) / Math.PI
}

describe('normal distribution', () => {
  it('matches R far into the tails', () => {
    // R: pnorm(-10) = 7.61985302416047e-24
    expectRelative(normalCdf(-10), 7.61985302416047e-24)
    expectRelative(normalUpperTail(10), 7.61985302416047e-24)
    // R: pnorm(1.96) = 0.9750021048517795
    expectRelative(normalCdf(1.96), 0.9750021048517795, 1e-15)
    // R: pnorm(-1) = 0.158655253931457
    expectRelative(normalCdf(-1), 0.158655253931457, 1e-14)
    expect(normalCdf(0)).toBe(0.5)
  })

  it('inverts with AS 241', () => {
    // R: qnorm(0.975) = 1.959963984540054
    expectRelative(normalQuantile(0.975), 1.959963984540054, 1e-15)
    // R: qnorm(0.95) = 1.644853626951472
    expectRelative(normalQuantile(0.95), 1.644853626951472, 1e-15)
    for (const p of [1e-300, 1e-20, 1e-8, 0.01, 0.3])
      expectRelative(normalCdf(normalQuantile(p)), p, 1e-13)
  })
})

describe('Student t distribution', () => {
  it('matches closed forms for df 1, 2 and 5', () => {
    for (const df of [1, 2, 5] as const) {
      for (const t of [-3, -1.2, 0.3, 2.5])
        expectRelative(studentTCdf(t, df), tCdfClosedForm(t, df), 1e-13)
    }
    // R: pt(-3, 5) = 0.01504962394873...
    expectRelative(studentTCdf(-3, 5), tCdfClosedForm(-3, 5), 1e-13)
  })

  it('gives R quantiles', () => {
    // R: qt(0.975, 10) = 2.228138851986274
    expectRelative(studentTQuantile(0.975, 10), 2.228138851986274, 1e-14)
    // R: qt(0.975, 1) = tan(0.475 * pi) = 12.70620473617471
    expectRelative(studentTQuantile(0.975, 1), Math.tan(0.475 * Math.PI), 1e-13)
    // df = 2 closed form: t = (2p - 1) / sqrt(2 p (1 - p)); R: qt(0.975, 2) = 4.302653
    expectRelative(studentTQuantile(0.975, 2), 0.95 / Math.sqrt(2 * 0.975 * 0.025), 1e-14)
    expectRelative(studentTQuantile(0.025, 7.5), -studentTQuantile(0.975, 7.5), 1e-13)
    for (const df of [1.5, 3, 17.3, 250]) {
      for (const p of [1e-12, 0.001, 0.2, 0.9])
        expectRelative(studentTCdf(studentTQuantile(p, df), df), p, 1e-12)
    }
  })

  it('computes two-sided p-values from the upper tail without cancellation', () => {
    expectRelative(studentTTwoSidedP(2.228138851986274, 10), 0.05, 1e-14)
    expectRelative(studentTUpperTail(100, 2), 1 - tCdfClosedForm(100, 2), 1e-8)
    expect(studentTTwoSidedP(0, 3)).toBe(1)
    // Far tail, df = 1: P(T > 40) = atan(1/40) / pi, exact where 0.5 - atan(40)/pi would cancel
    expectRelative(studentTUpperTail(40, 1), Math.atan(1 / 40) / Math.PI, 1e-13)
  })
})

describe('chi-square and F', () => {
  it('chi-square upper tails match exact identities', () => {
    // df = 1: P(X > x) = 2 pnorm(-sqrt(x)); R: pchisq(50, 1, lower.tail = FALSE) = 1.537459794428e-12
    expectRelative(chiSquareUpperTail(50, 1), 2 * normalCdf(-Math.sqrt(50)), 1e-13)
    expectRelative(chiSquareUpperTail(50, 1), 1.537459794428e-12, 1e-11)
    // df = 2: P(X > x) = exp(-x / 2)
    for (const x of [0.1, 3, 80, 1000])
      expectRelative(chiSquareUpperTail(x, 2), Math.exp(-x / 2), 1e-13)
    // R: pchisq(3.841458820694124, 1) = 0.95
    expectRelative(chiSquareCdf(3.841458820694124, 1), 0.95, 1e-14)
  })

  it('F upper tail with df1 = 1 equals the two-sided t p-value', () => {
    for (const f of [0.5, 4, 30])
      expectRelative(fUpperTail(f, 1, 12), studentTTwoSidedP(Math.sqrt(f), 12), 1e-13)
  })
})

describe('gamma and beta functions', () => {
  it('log-gamma matches factorials and Gamma(1/2)', () => {
    expectRelative(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14)
    // log(99!) = 359.1342053695754 (R: lgamma(100))
    expectRelative(logGamma(100), 359.1342053695754, 1e-15)
    expectRelative(logGamma(7), Math.log(720), 1e-15)
    expectRelative(logBeta(2, 3), Math.log(1 / 12), 1e-15)
    expectRelative(logBeta(2e5, 0.5), logGamma(2e5) + logGamma(0.5) - logGamma(2e5 + 0.5), 1e-9)
  })

  it('regularized beta matches polynomial closed forms', () => {
    // I_x(2, 3) = 6x^2 - 8x^3 + 3x^4
    for (const x of [0.05, 0.5, 0.93])
      expectRelative(regularizedBeta(x, 2, 3), 6 * x * x - 8 * x ** 3 + 3 * x ** 4, 1e-14)
  })
})
