import type { AnalysisResult } from '../analysis-result'
import type { SpecOf } from '../spec'
import { pAdjust } from './p-adjust'

/**
 * The `p_adjust` analysis of the engine's contract: adjusted p-values in input order.
 *
 * @example
 * pAdjustAnalysis({ estimator: 'p_adjust', method: 'BH', p: [0.01, 0.04] }) // { adjusted: [0.02, 0.04] }
 */
export function pAdjustAnalysis(spec: SpecOf<'p_adjust'>): AnalysisResult {
  return { method: spec.method, adjusted: pAdjust(spec.p, spec.method) }
}
