import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import type { SpecOf } from '../spec'
import { armSummary } from './arm-summary'
import { ZeroVarianceError } from './errors'
import { tInference } from './inference'
import { numericAt } from './sample-values'

/**
 * Neyman variance of a difference in means with the Welch-Satterthwaite df:
 *   SE^2 = s1^2/n1 + s0^2/n0;  df = SE^4 / ((s1^2/n1)^2/(n1-1) + (s0^2/n0)^2/(n0-1))
 * (Welch 1947, Biometrika 34(1-2), doi:10.1093/biomet/34.1-2.28; Gerber & Green 2012, p. 57, eq. 3.6).
 *
 * @example
 * welchDifference(y, treated, 0.05).df // Welch df
 */
export function welchDifference(
  y: Float64Array,
  treated: Uint8Array,
  alpha: number
): EffectEstimate {
  const arms = armSummary(y, treated)
  const v1 = arms.variance1 / arms.n1
  const v0 = arms.variance0 / arms.n0
  const variance = v1 + v0
  if (variance === 0) {
    throw new ZeroVarianceError(
      'the outcome is constant within both arms, so the difference in means has no standard error',
      {
        mean_treatment: arms.mean1,
        mean_control: arms.mean0,
      }
    )
  }
  const df = (variance * variance) / ((v1 * v1) / (arms.n1 - 1) + (v0 * v0) / (arms.n0 - 1))
  return tInference(
    arms.mean1 - arms.mean0,
    Math.sqrt(variance),
    df,
    alpha,
    y.length,
    'the difference in means'
  )
}

/**
 * Welch's two-sample t-test, R's `t.test(y[t == 1], y[t == 0], var.equal = FALSE)`:
 * estimate = mean1 - mean0 with the Welch-Satterthwaite df.
 *
 * @example
 * welchT({ estimator: 'welch_t', outcome: 'days', treatment: 'arm', alpha: 0.05 }, table).p_value
 */
export function welchT(spec: SpecOf<'welch_t'>, table: DataTable): EffectEstimate {
  const sample = selectAnalysisSample(table, spec, [spec.outcome])
  return welchDifference(numericAt(table, spec.outcome, sample.rows), sample.treated, spec.alpha)
}
