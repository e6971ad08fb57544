import { z } from 'zod'
import { balanceAnalysis } from '../../balance'
import type { EstimatorDescriptor } from './descriptor'
import { columnName, treatmentFields, checkArms, plannedAllocation } from './spec-fields'

const balanceSpec = z
  .strictObject({
    estimator: z.literal('balance'),
    treatment: treatmentFields.treatment,
    treatment_arm: treatmentFields.treatment_arm,
    control_arm: treatmentFields.control_arm,
    covariates: z.array(columnName).min(1).describe('Baseline covariates to compare between arms'),
    planned_allocation: plannedAllocation,
  })
  .superRefine(checkArms)
  .describe('Baseline balance: standardised mean differences, Hedges g, Cox index')

/**
 * Baseline balance between arms; run for every trial, so not named in a plan.
 *
 * @example
 * balanceEstimator.plannable // false
 */
export const balanceEstimator: EstimatorDescriptor<'balance', typeof balanceSpec, false> = {
  name: 'balance',
  spec: balanceSpec,
  run: { input: 'table', analyse: balanceAnalysis },
  outcomes: [],
  effect: null,
  plannable: false,
}
