import { regularizedBeta } from './incomplete-beta'
import { logBeta } from './log-gamma'
import { normalQuantile, normalUpperTail } from './normal'

/**
 * Upper tail of Student's t, P(T > t) (R: `pt(t, df, lower.tail = FALSE)`); df may be fractional
 * (Satterthwaite). For t > 0: P(T > t) = I_x(df/2, 1/2) / 2 with x = df / (df + t^2) (A&S 26.7.1),
 * and 1 - x = t^2 / (df + t^2) passed exactly.
 *
 * @example
 * studentTUpperTail(2.228138851986274, 10) // 0.025
 */
export function studentTUpperTail(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return Number.NaN
  if (df === Number.POSITIVE_INFINITY) return normalUpperTail(t)
  const t2 = t * t
  const half = 0.5 * regularizedBeta(df / (df + t2), df / 2, 0.5, false, t2 / (df + t2))
  return t > 0 ? half : 1 - half
}

/**
 * Student's t distribution function P(T <= t) (R: `pt(t, df)`).
 *
 * @example
 * studentTCdf(0, 5) // 0.5
 */
export function studentTCdf(t: number, df: number): number {
  return studentTUpperTail(-t, df)
}

/**
 * Student's t density (R: `dt(t, df)`).
 *
 * @example
 * studentTDensity(0, 1) // 0.3183098861837907 (= 1/pi)
 */
function studentTDensity(t: number, df: number): number {
  // f(t) = (1 + t^2/df)^(-(df+1)/2) / (sqrt(df) B(df/2, 1/2))
  return Math.exp(
    -((df + 1) / 2) * Math.log1p((t * t) / df) - 0.5 * Math.log(df) - logBeta(df / 2, 0.5)
  )
}

/**
 * Two-sided p-value of a t statistic, 2 P(T > |t|).
 *
 * @example
 * studentTTwoSidedP(2.228138851986274, 10) // 0.05
 */
export function studentTTwoSidedP(t: number, df: number): number {
  return Math.min(1, 2 * studentTUpperTail(Math.abs(t), df))
}

/**
 * Quantile of Student's t (R: `qt(p, df)`). A bracketed Newton iteration on the upper tail, started from
 * the normal quantile, to full double precision; closed forms for df = 1 and 2 are not needed because the
 * iteration is safeguarded by bisection.
 *
 * @example
 * studentTQuantile(0.975, 10) // 2.228138851986274
 */
export function studentTQuantile(p: number, df: number): number {
  if (Number.isNaN(p) || p < 0 || p > 1 || !(df > 0)) return Number.NaN
  if (p === 0) return Number.NEGATIVE_INFINITY
  if (p === 1) return Number.POSITIVE_INFINITY
  if (p === 0.5) return 0
  if (df === Number.POSITIVE_INFINITY) return normalQuantile(p)
  const tail = Math.min(p, 1 - p)
  const sign = p > 0.5 ? 1 : -1
  // Find t > 0 with P(T > t) = tail. The upper tail decreases in t, so bracket [low, high] then polish.
  let low = 0
  let high = Math.max(1, -normalQuantile(tail))
  while (studentTUpperTail(high, df) > tail) {
    low = high
    high *= 2
    if (high > 1e300) return sign * Number.POSITIVE_INFINITY
  }
  let t = Math.min(Math.max(-normalQuantile(tail), low), high)
  if (!(t > low && t < high)) t = (low + high) / 2
  for (let i = 0; i < 200; i++) {
    const excess = studentTUpperTail(t, df) - tail
    if (excess === 0) break
    if (excess > 0) low = t
    else high = t
    // Newton: d/dt P(T > t) = -f(t)
    let next = t + excess / studentTDensity(t, df)
    if (!(next > low && next < high)) next = (low + high) / 2
    if (Math.abs(next - t) <= 1e-15 * Math.abs(t) || high - low <= 1e-15 * high) {
      t = next
      break
    }
    t = next
  }
  return sign * t
}
