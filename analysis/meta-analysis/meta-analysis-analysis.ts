import type { AnalysisResult } from '../analysis-result'
import type { SpecOf } from '../spec'
import { metaAnalysis } from './meta-analysis'

/**
 * The `meta_analysis` analysis of the engine's contract (metafor::rma with z-tests), snake_case fields.
 *
 * @example
 * metaAnalysisAnalysis({ estimator: 'meta_analysis', method: 'DL', yi: [-0.4, -0.1], vi: [0.04, 0.02] }).tau2 // 0.015
 */
export function metaAnalysisAnalysis(spec: SpecOf<'meta_analysis'>): AnalysisResult {
  const fit = metaAnalysis({ yi: spec.yi, vi: spec.vi }, { method: spec.method })
  return {
    method: fit.method,
    k: fit.k,
    estimate: fit.estimate,
    std_error: fit.stdError,
    statistic: fit.statistic,
    p_value: fit.pValue,
    conf_low: fit.confLow,
    conf_high: fit.confHigh,
    tau2: fit.tau2,
    i2: fit.i2,
    h2: fit.h2,
    q: fit.q,
    q_df: fit.qDf,
    q_p_value: fit.qPValue,
    weights_percent: fit.weights.map((w) => (100 * w) / fit.weights.reduce((s, v) => s + v, 0)),
  }
}
