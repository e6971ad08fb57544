import { selectAnalysisSample, type DataTable } from '../data'
import type { SpecOf } from '../spec'
import { ZeroVarianceError } from './errors'
import { zInference } from './inference'
import { armRisks } from './risk-difference'
import { binaryAt } from './sample-values'

/** Risk ratio with the delta-method inference on the log scale. */
export interface RiskRatioEstimate {
  readonly estimate: number
  readonly log_estimate: number
  readonly std_error: number
  readonly statistic: number
  readonly p_value: number
  readonly conf_low: number
  readonly conf_high: number
  readonly n: number
}

/**
 * Risk ratio p1/p0; SE of log RR = sqrt((1-p1)/(n1 p1) + (1-p0)/(n0 p0)) (delta method; Agresti 2013,
 * Categorical Data Analysis 3rd ed., section 3.1.4); z = log RR / SE; CI = exp(log RR -/+ z SE).
 * A zero risk in either arm leaves log RR undefined: that is an error.
 *
 * @example
 * riskRatio(analysisSpecSchema.parse({ estimator: 'risk_ratio', outcome: 'homeless', treatment: 'arm' }), table).estimate
 */
export function riskRatio(spec: SpecOf<'risk_ratio'>, table: DataTable): RiskRatioEstimate {
  const sample = selectAnalysisSample(table, spec, [spec.outcome])
  const y = binaryAt(table, spec.outcome, sample.rows)
  const { p1, p0, n1, n0 } = armRisks(y, sample.treated)
  if (p1 === 0 || p0 === 0) {
    throw new ZeroVarianceError(
      `no events in the ${p1 === 0 ? 'treatment' : 'control'} arm: the risk ratio and its log are undefined`,
      { risk_treatment: p1, risk_control: p0 }
    )
  }
  const logEstimate = Math.log(p1 / p0)
  const standardError = Math.sqrt((1 - p1) / (n1 * p1) + (1 - p0) / (n0 * p0))
  const z = zInference(logEstimate, standardError, spec.alpha, y.length, 'the log risk ratio')
  return {
    estimate: p1 / p0,
    log_estimate: logEstimate,
    std_error: standardError,
    statistic: z.statistic,
    p_value: z.p_value,
    conf_low: Math.exp(z.conf_low),
    conf_high: Math.exp(z.conf_high),
    n: y.length,
  }
}
