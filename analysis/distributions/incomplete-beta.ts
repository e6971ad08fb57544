import { logBeta } from './log-gamma'

const EPSILON = 1e-16
const TINY = 1e-300
const MAX_ITERATIONS = 100000

/**
 * Continued fraction for I_x(a, b) (Abramowitz & Stegun 26.5.8), evaluated by the modified Lentz
 * method (Lentz 1976, Applied Optics 15(3); Press et al., Numerical Recipes 3rd ed., section 6.4).
 * It converges fast for x < (a + 1) / (a + b + 2); callers use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
 */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b
  const qap = a + 1
  const qam = a - 1
  let c = 1
  let d = 1 - (qab * x) / qap
  if (Math.abs(d) < TINY) d = TINY
  d = 1 / d
  let h = d
  for (let m = 1; m <= MAX_ITERATIONS; m++) {
    const m2 = 2 * m
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    h *= d * c
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2))
    d = 1 + aa * d
    if (Math.abs(d) < TINY) d = TINY
    c = 1 + aa / c
    if (Math.abs(c) < TINY) c = TINY
    d = 1 / d
    const delta = d * c
    h *= delta
    if (Math.abs(delta - 1) < EPSILON) return h
  }
  return h
}

/**
 * Regularized incomplete beta I_x(a, b) (R: `pbeta(x, a, b)`), or its complement 1 - I_x(a, b)
 * (`pbeta(x, a, b, lower.tail = FALSE)`) computed directly, not by subtraction, so small upper tails keep
 * their relative precision. Pass `oneMinusX` when 1 - x is known more precisely than by subtraction
 * (e.g. t^2 / (df + t^2) in the t distribution).
 *
 * I_x(a,b) = x^a (1-x)^b / (a B(a,b)) * CF(x; a, b)   (Abramowitz & Stegun 26.5.8)
 *
 * @example
 * regularizedBeta(0.5, 2, 3) // 0.6875
 */
export function regularizedBeta(
  x: number,
  a: number,
  b: number,
  upper = false,
  oneMinusX = 1 - x
): number {
  if (Number.isNaN(x) || !(a > 0) || !(b > 0)) return Number.NaN
  if (x <= 0) return upper ? 1 : 0
  if (x >= 1 || oneMinusX <= 0) return upper ? 0 : 1
  const logFront = a * Math.log(x) + b * Math.log(oneMinusX) - logBeta(a, b)
  if (x < (a + 1) / (a + b + 2)) {
    const lower = (Math.exp(logFront) * betaContinuedFraction(x, a, b)) / a
    return upper ? 1 - lower : lower
  }
  const complement = (Math.exp(logFront) * betaContinuedFraction(oneMinusX, b, a)) / b
  return upper ? complement : 1 - complement
}
