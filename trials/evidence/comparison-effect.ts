import { effectOf, type EffectScale } from '../../analysis/estimators/catalogue'
import type { ComparisonReport } from '../plan/run-plan'

export type { EffectScale }

/**
 * One comparison's effect on a poolable scale, with its standard error; or why it cannot be pooled.
 *
 * @example
 * const e: ComparisonEffect = { scale: 'difference', estimate: -0.11, stdError: 0.05, reason: null }
 */
export type ComparisonEffect =
  | { scale: EffectScale; estimate: number; stdError: number; reason: null }
  | { scale: null; estimate: null; stdError: null; reason: string }

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x)

/**
 * Reads the effect of a planned comparison on the pooling scale its estimator's descriptor gives
 * (analysis/estimators/catalogue): differences (means, proportions) as estimated; logistic on the
 * log-odds scale; risk ratios on the log scale (their delta-method SE is for log RR). Tests without an
 * effect estimate (Fisher, chi-square, randomisation inference) and complier effects (iv) are not pooled.
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
  const effect = effectOf(estimator)
  if (effect === null)
    return none(`${estimator} gives no intention-to-treat effect on a poolable scale`)
  const { scale } = effect
  const estimate: unknown = r[effect.field]
  if (!finite(estimate) || !finite(r.std_error) || !(r.std_error > 0))
    return none('no finite estimate with a positive standard error')
  return { scale, estimate, stdError: r.std_error, reason: null }
}
