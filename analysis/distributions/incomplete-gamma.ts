import { logGamma } from './log-gamma'

const EPSILON = 1e-16
const TINY = 1e-300
const MAX_ITERATIONS = 100000

/** Series P(a, x) = x^a e^-x / Gamma(a+1) * sum_n x^n / ((a+1)...(a+n)) (Abramowitz & Stegun 6.5.29). */
function lowerSeries(a: number, x: number, logFront: number): number {
  let term = 1 / a
  let sum = term
  for (let n = 1; n <= MAX_ITERATIONS; n++) {
    term *= x / (a + n)
    sum += term
    if (Math.abs(term) < Math.abs(sum) * EPSILON) break
  }
  return sum * Math.exp(logFront)
}

/** Legendre continued fraction for Q(a, x) (A&S 6.5.31) by modified Lentz, for x >= a + 1. */
function upperContinuedFraction(a: number, x: number, logFront: number): number {
  let b = x + 1 - a
  let c = 1 / TINY
  let d = 1 / b
  let h = d
  for (let i = 1; i <= MAX_ITERATIONS; i++) {
    const an = -i * (i - a)
    b += 2
    d = an * d + b
    if (Math.abs(d) < TINY) d = TINY
    c = b + an / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPSILON) break
  }
  return Math.exp(logFront) * h
}

/**
 * Regularized lower incomplete gamma P(a, x) (R: `pgamma(x, a)`), or the upper Q(a, x) = 1 - P(a, x)
 * computed directly when `upper` is true (`pgamma(x, a, lower.tail = FALSE)`), so far tails keep
 * their relative precision. Series for x < a + 1, continued fraction otherwise (Numerical Recipes 6.2).
 *
 * @example
 * regularizedGamma(1, 2, true) // 0.1353352832366127 (= exp(-2))
 */
export function regularizedGamma(a: number, x: number, upper = false): number {
  if (Number.isNaN(x) || !(a > 0)) return Number.NaN
  if (x <= 0) return upper ? 1 : 0
  if (x === Number.POSITIVE_INFINITY) return upper ? 0 : 1
  const logFront = a * Math.log(x) - x - logGamma(a)
  if (x < a + 1) {
    const lower = lowerSeries(a, x, logFront)
    return upper ? 1 - lower : lower
  }
  const q = upperContinuedFraction(a, x, logFront)
  return upper ? q : 1 - q
}
