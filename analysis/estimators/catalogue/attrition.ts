import { z } from 'zod'
import { attritionAnalysis } from '../../balance'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms, plannedAllocation } from './spec-fields'

const attritionSpec = z
  .strictObject({
    estimator: z.literal('attrition'),
    outcome: treatmentFields.outcome,
    treatment: treatmentFields.treatment,
    treatment_arm: treatmentFields.treatment_arm,
    control_arm: treatmentFields.control_arm,
    planned_allocation: plannedAllocation,
  })
  .superRefine(checkArms)
  .describe('Overall and differential attrition (missing outcome) over all randomised rows')

/**
 * Overall and differential attrition; run for every trial, so not named in a plan.
 *
 * @example
 * attritionEstimator.plannable // false
 */
export const attritionEstimator: EstimatorDescriptor<'attrition', typeof attritionSpec, false> = {
  name: 'attrition',
  spec: attritionSpec,
  run: { input: 'table', analyse: attritionAnalysis },
  outcomes: ANY_OUTCOME,
  effect: null,
  plannable: false,
}
