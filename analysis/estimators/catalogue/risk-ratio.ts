import { z } from 'zod'
import { riskRatio } from '../risk-ratio'
import type { EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms } from './spec-fields'

const riskRatioSpec = z
  .strictObject({ estimator: z.literal('risk_ratio'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('p1 / p0 with the delta-method SE of log(p1 / p0)')

/**
 * The risk ratio of a 0/1 outcome; its delta-method standard error is for the log risk ratio, the scale it is pooled on.
 *
 * @example
 * riskRatioEstimator.effect // { scale: 'log_risk_ratio', field: 'log_estimate' }
 */
export const riskRatioEstimator: EstimatorDescriptor<'risk_ratio', typeof riskRatioSpec, true> = {
  name: 'risk_ratio',
  spec: riskRatioSpec,
  run: { input: 'table', analyse: riskRatio },
  outcomes: ['binary'],
  effect: { scale: 'log_risk_ratio', field: 'log_estimate' },
  plannable: true,
}
