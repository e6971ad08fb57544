import type { ComparisonReport } from '../plan/run-plan'

/**
 * The scale an estimator reports its effect on. Only effects on the same scale (and outcome) are pooled.
 *
 * @example
 * const scale: EffectScale = 'log_risk_ratio'
 */
export type EffectScale = 'difference' | 'log_odds_ratio' | 'log_risk_ratio'

/**
 * One comparison's effect on a poolable scale, with its standard error; or why it cannot be pooled.
 *
 * @example
 * const e: ComparisonEffect = { scale: 'difference', estimate: -0.11, stdError: 0.05, reason: null }
 */
export type ComparisonEffect =
  | { scale: EffectScale; estimate: number; stdError: number; reason: null }
  | { scale: null; estimate: null; stdError: null; reason: string }

// Intention-to-treat differences share a scale; iv estimates a complier effect, a different estimand.
const DIFFERENCE = new Set(['difference_in_means', 'ols', 'lin', 'welch_t', 'risk_difference'])

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * Reads the effect of a planned comparison on its pooling scale: differences (means, proportions) as
 * estimated; logistic on the log-odds scale; risk ratios on the log scale (their delta-method SE is
 * for log RR). Tests without an effect estimate (Fisher, chi-square, randomisation inference) and
 * complier effects (iv) are not pooled.
 *
 * @example
 * comparisonEffect(report.comparisons[0]) // { scale: 'difference', estimate: -0.12, stdError: 0.054, reason: null }
 */
export function comparisonEffect(
  comparison: Pick<ComparisonReport, 'spec' | 'result' | 'error'>
): ComparisonEffect {
  const none = (reason: string): ComparisonEffect => ({
    scale: null,
    estimate: null,
    stdError: null,
    reason,
  })
  const r = comparison.result
  if (!r) return none(`not estimated: ${comparison.error?.message ?? 'no result'}`)
  const estimator = comparison.spec.estimator
  let scale: EffectScale
  let estimate: unknown
  if (DIFFERENCE.has(estimator)) [scale, estimate] = ['difference', r.estimate]
  else if (estimator === 'logistic') [scale, estimate] = ['log_odds_ratio', r.estimate]
  else if (estimator === 'risk_ratio') [scale, estimate] = ['log_risk_ratio', r.log_estimate]
  else return none(`${estimator} gives no intention-to-treat effect on a poolable scale`)
  if (!finite(estimate) || !finite(r.std_error) || !(r.std_error > 0))
    return none('no finite estimate with a positive standard error')
  return { scale, estimate, stdError: r.std_error, reason: null }
}
