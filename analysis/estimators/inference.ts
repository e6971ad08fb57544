import type { EffectEstimate } from '../analysis-result'
import {
  normalQuantile,
  normalUpperTail,
  studentTQuantile,
  studentTTwoSidedP,
} from '../distributions'
import { ZeroVarianceError } from './errors'

function checkStandardError(standardError: number, what: string): void {
  if (!(standardError > 0) || !Number.isFinite(standardError)) {
    throw new ZeroVarianceError(
      `the standard error of ${what} is ${standardError === 0 ? 'zero' : 'undefined'}: the outcome does not vary enough to estimate uncertainty`,
      { standard_error: Number.isFinite(standardError) ? standardError : String(standardError) }
    )
  }
}

/**
 * t-based inference: statistic = estimate / SE, two-sided p = 2 P(T_df > |t|),
 * CI = estimate -/+ qt(1 - alpha/2, df) SE.
 *
 * @example
 * tInference(2, 1, 10, 0.05, 12).p_value // 0.0734...
 */
export function tInference(
  estimate: number,
  standardError: number,
  df: number,
  alpha: number,
  n: number,
  what = 'the estimate'
): EffectEstimate {
  checkStandardError(standardError, what)
  if (!(df > 0) || !Number.isFinite(df)) {
    throw new ZeroVarianceError(`no degrees of freedom are left for ${what} (df = ${df})`, { df })
  }
  const statistic = estimate / standardError
  const critical = studentTQuantile(1 - alpha / 2, df)
  return {
    estimate,
    std_error: standardError,
    statistic,
    df,
    p_value: studentTTwoSidedP(statistic, df),
    conf_low: estimate - critical * standardError,
    conf_high: estimate + critical * standardError,
    n,
  }
}

/**
 * Normal (Wald z) inference: p = 2 P(Z > |z|), CI = estimate -/+ qnorm(1 - alpha/2) SE; df is null.
 *
 * @example
 * zInference(1.96, 1, 0.05, 100).p_value // 0.04999579...
 */
export function zInference(
  estimate: number,
  standardError: number,
  alpha: number,
  n: number,
  what = 'the estimate'
): EffectEstimate {
  checkStandardError(standardError, what)
  const statistic = estimate / standardError
  const critical = -normalQuantile(alpha / 2)
  return {
    estimate,
    std_error: standardError,
    statistic,
    df: null,
    p_value: Math.min(1, 2 * normalUpperTail(Math.abs(statistic))),
    conf_low: estimate - critical * standardError,
    conf_high: estimate + critical * standardError,
    n,
  }
}
