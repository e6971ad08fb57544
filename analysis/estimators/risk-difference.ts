import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import type { SpecOf } from '../spec'
import { ZeroVarianceError } from './errors'
import { zInference } from './inference'
import { binaryAt } from './sample-values'

/** Risks p1, p0 and arm sizes of a binary outcome. */
export function armRisks(
  y: Uint8Array,
  treated: Uint8Array
): { p1: number; p0: number; n1: number; n0: number } {
  let n1 = 0
  let n0 = 0
  let e1 = 0
  let e0 = 0
  for (let i = 0; i < y.length; i++) {
    if (treated[i] === 1) {
      n1++
      e1 += y[i]
    } else {
      n0++
      e0 += y[i]
    }
  }
  return { p1: e1 / n1, p0: e0 / n0, n1, n0 }
}

/**
 * Risk difference p1 - p0 with the unpooled Wald SE sqrt(p1(1-p1)/n1 + p0(1-p0)/n0), a normal p-value and
 * a normal CI (Agresti 2013, Categorical Data Analysis 3rd ed., section 3.1.2). df is null.
 *
 * @example
 * riskDifference(analysisSpecSchema.parse({ estimator: 'risk_difference', outcome: 'homeless', treatment: 'arm' }), table)
 */
export function riskDifference(spec: SpecOf<'risk_difference'>, table: DataTable): EffectEstimate {
  const sample = selectAnalysisSample(table, spec, [spec.outcome])
  const y = binaryAt(table, spec.outcome, sample.rows)
  const { p1, p0, n1, n0 } = armRisks(y, sample.treated)
  const standardError = Math.sqrt((p1 * (1 - p1)) / n1 + (p0 * (1 - p0)) / n0)
  if (standardError === 0) {
    throw new ZeroVarianceError(
      'the outcome is 0 for everyone or 1 for everyone within each arm: the Wald SE of the risk difference is zero',
      {
        risk_treatment: p1,
        risk_control: p0,
      }
    )
  }
  return zInference(p1 - p0, standardError, spec.alpha, y.length, 'the risk difference')
}
