import { logGamma } from './log-gamma'
import { normalCdf, normalUpperTail } from './normal'
import { regularizedBeta } from './incomplete-beta'
import { studentTCdf, studentTUpperTail } from './student-t'

const MAX_ITERATIONS = 1000
const ERROR_BOUND = 1e-12
const LOG_SQRT_PI = 0.5723649429247001 // log(sqrt(pi))
const SQRT_2_OVER_PI = 0.7978845608028654 // sqrt(2 / pi)

/** Normal cdf with mean and sd, either tail: the A&S 26.7.10 approximation needs it. */
function normalTail(x: number, mean: number, sd: number, lowerTail: boolean): number {
  const z = (x - mean) / sd
  return lowerTail ? normalCdf(z) : normalUpperTail(z)
}

/**
 * Distribution function of the noncentral t with `df` degrees of freedom and noncentrality `ncp`
 * (R: `pt(t, df, ncp, lower.tail)`), by R's own algorithm (nmath/pnt.c): Lenth's AS 243 twin series.
 *
 *   P(T' <= t) = Phi(-ncp) + sum_j [ p_j I_x(j + 1/2, df/2) + q_j I_x(j + 1, df/2) ],  x = t^2 / (t^2 + df), t >= 0,
 * p_j = e^{-ncp^2/2} (ncp^2/2)^j / (2 j!),  q_j = ncp e^{-ncp^2/2} (ncp^2/2)^j / (sqrt(2) Gamma(j + 3/2) 2);
 * the incomplete beta functions follow by recurrence. Summation stops when the bound 2 s (I_odd - g_odd) < 1e-12 on the remaining mass.
 * Lenth (1989), Appl Stat 38:185 (AS 243); Guenther (1978), J Stat Comput Simul 6:199.
 * For df > 4e5 or huge ncp it uses Abramowitz & Stegun 26.7.10, as R does:
 *   P(T' <= t) ~ Phi((t (1 - 1/(4 df)) - ncp) / sqrt(1 + t^2 / (2 df))).
 * Negative t uses P(T'(df, ncp) <= t) = P(T'(df, -ncp) >= -t).
 *
 * @example
 * noncentralTCdf(2, 10, 1) // 0.807611562530311 (R: pt(2, 10, 1))
 */
export function noncentralTCdf(t: number, df: number, ncp: number, lowerTail = true): number {
  if (Number.isNaN(t) || Number.isNaN(df) || Number.isNaN(ncp) || !(df > 0)) return Number.NaN
  if (ncp === 0) return lowerTail ? studentTCdf(t, df) : studentTUpperTail(t, df)
  if (!Number.isFinite(t)) return t < 0 === lowerTail ? 0 : 1

  let negated = false
  let tt = t
  let del = ncp
  if (t < 0) {
    // pt(q, df, ncp) <= pt(0, df, ncp) = Phi(-ncp): negligible left tail.
    if (ncp > 40 && lowerTail) return 0
    negated = true
    tt = -t
    del = -ncp
  }
  const lower = lowerTail !== negated

  // 2 log(2) * 1021 (-DBL_MIN_EXP): beyond it exp(-del^2 / 2) underflows.
  if (df > 4e5 || del * del > 2 * Math.LN2 * 1021) {
    const s = 1 / (4 * df)
    return normalTail(tt * (1 - s), del, Math.sqrt(1 + tt * tt * 2 * s), lower)
  }

  const x0 = t * t
  const x = x0 / (x0 + df)
  let tnc = 0
  if (x > 0) {
    const lambda = del * del
    let p = 0.5 * Math.exp(-0.5 * lambda)
    if (p === 0) return lower ? 0 : 1
    let q = SQRT_2_OVER_PI * p * del
    let s = 0.5 - p
    if (s < 1e-7) s = -0.5 * Math.expm1(-0.5 * lambda)
    let a = 0.5
    const b = 0.5 * df
    const oneMinusX = df / (x0 + df)
    const rxb = Math.pow(oneMinusX, b)
    const logBetaHalf = LOG_SQRT_PI + logGamma(b) - logGamma(0.5 + b)
    let xodd = regularizedBeta(x, a, b, false, oneMinusX)
    let godd = 2 * rxb * Math.exp(a * Math.log(x) - logBetaHalf)
    const bx = b * x
    let xeven = bx < Number.EPSILON ? bx : 1 - rxb
    let geven = bx * rxb
    tnc = p * xodd + q * xeven
    for (let it = 1; it <= MAX_ITERATIONS; it++) {
      a += 1
      xodd -= godd
      xeven -= geven
      godd *= (x * (a + b - 1)) / a
      geven *= (x * (a + b - 0.5)) / (a + 0.5)
      p *= lambda / (2 * it)
      q *= lambda / (2 * it + 1)
      tnc += p * xodd + q * xeven
      s -= p
      // Rounding has eaten the remaining Poisson mass: stop, as R does (full precision may be lost).
      if (s < -1e-10) break
      if (s <= 0 && it > 1) break
      const errorBound = 2 * s * (xodd - godd)
      if (Math.abs(errorBound) < ERROR_BOUND) break
    }
  }
  tnc += normalCdf(-del)
  const value = Math.min(tnc, 1)
  return lower ? value : Math.max(0, 1 - value)
}
