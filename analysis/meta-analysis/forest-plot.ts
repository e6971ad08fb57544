import { normalQuantile } from '../distributions'
import type { MetaAnalysisResult } from './meta-analysis'
import type { StudyEffects } from './study-effects'

/**
 * One row of a forest plot.
 *
 * @example
 * const row: ForestPlotRow = { label: 'Leeds', estimate: -0.4, confLow: -0.79, confHigh: -0.01, weightPercent: 33.3 }
 */
export interface ForestPlotRow {
  label: string
  estimate: number
  confLow: number
  confHigh: number
  /** Share of the pooled weight, in percent (metafor's `weights(fit)`); 100 for the summary row. */
  weightPercent: number
}

/**
 * Study rows in input order, then the pooled summary row.
 *
 * @example
 * const plot: ForestPlotData = forestPlotData(effects, fit) // plot.summary.label === 'Random effects (REML)'
 */
export interface ForestPlotData {
  studies: ForestPlotRow[]
  summary: ForestPlotRow
}

/**
 * The numbers a forest plot draws: each study's estimate with a Wald interval y_i +/- z_{1-alpha/2} sqrt(v_i),
 * its weight share 100 w_i / sum w under the fitted model (w_i = 1 / (v_i + tau2)), and the pooled estimate.
 * Lewis & Clarke (2001), BMJ 322:1479.
 *
 * @example
 * const effects = { yi: [-0.4, -0.1], vi: [0.04, 0.02] }
 * forestPlotData(effects, metaAnalysis(effects, { method: 'FE' }), ['Leeds', 'Bristol']).studies[1].weightPercent
 * // 66.66666666666667
 */
export function forestPlotData(
  effects: StudyEffects,
  fit: MetaAnalysisResult,
  labels?: readonly string[],
  alpha = 0.05
): ForestPlotData {
  const z = normalQuantile(1 - alpha / 2)
  const totalWeight = fit.weights.reduce((s, w) => s + w, 0)
  const studies = effects.yi.map((y, i) => {
    const halfWidth = z * Math.sqrt(effects.vi[i])
    return {
      label: labels?.[i] ?? `Study ${i + 1}`,
      estimate: y,
      confLow: y - halfWidth,
      confHigh: y + halfWidth,
      weightPercent: (100 * fit.weights[i]) / totalWeight,
    }
  })
  return {
    studies,
    summary: {
      label: fit.method === 'FE' ? 'Fixed effect' : `Random effects (${fit.method})`,
      estimate: fit.estimate,
      confLow: fit.confLow,
      confHigh: fit.confHigh,
      weightPercent: 100,
    },
  }
}
