import { z } from 'zod'
import { riskDifference } from '../risk-difference'
import type { EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms } from './spec-fields'

const riskDifferenceSpec = z
  .strictObject({ estimator: z.literal('risk_difference'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('p1 - p0 with the unpooled Wald SE')

/**
 * The risk difference of a 0/1 outcome with the unpooled Wald standard error.
 *
 * @example
 * riskDifferenceEstimator.outcomes // ['binary']
 */
export const riskDifferenceEstimator: EstimatorDescriptor<
  'risk_difference',
  typeof riskDifferenceSpec,
  true
> = {
  name: 'risk_difference',
  spec: riskDifferenceSpec,
  run: { input: 'table', analyse: riskDifference },
  outcomes: ['binary'],
  effect: { scale: 'difference', field: 'estimate' },
  plannable: true,
}
