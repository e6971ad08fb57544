import { studentTQuantile } from '../distributions'
import type { MetaAnalysisResult } from './meta-analysis'

/**
 * Where the true effect of a new, similar trial is expected to lie under a random-effects model:
 *
 *   mu +/- t_{k-2, 1-alpha/2} sqrt(tau2 + SE(mu)^2)
 *
 * Higgins, Thompson & Spiegelhalter (2009), "A re-evaluation of random-effects meta-analysis",
 * J R Stat Soc A 172:137-159, eq. 12 (k - 2 degrees of freedom, as in R's `meta::metagen`
 * prediction interval). Undefined for fewer than three trials (no degrees of freedom) and for a
 * fixed-effect fit, which assumes no between-trial variation: returns null then.
 *
 * @example
 * predictionInterval({ method: 'REML', k: 5, estimate: -0.1, stdError: 0.05, tau2: 0.01 } as MetaAnalysisResult)
 * // { low: -0.4558083136678709, high: 0.2558083136678709, df: 3 }
 */
export function predictionInterval(
  fit: Pick<MetaAnalysisResult, 'method' | 'k' | 'estimate' | 'stdError' | 'tau2'>,
  alpha = 0.05
): { low: number; high: number; df: number } | null {
  if (fit.method === 'FE' || fit.k < 3) return null
  const df = fit.k - 2
  const half = studentTQuantile(1 - alpha / 2, df) * Math.sqrt(fit.tau2 + fit.stdError ** 2)
  return { low: fit.estimate - half, high: fit.estimate + half, df }
}
