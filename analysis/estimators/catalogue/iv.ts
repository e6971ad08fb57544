import { z } from 'zod'
import { instrumentalVariables } from '../instrumental-variables'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import {
  columnName,
  alpha,
  treatmentFields,
  seType,
  covariates,
  clusters,
  checkSeType,
  checkArms,
} from './spec-fields'

const ivSpec = z
  .strictObject({
    estimator: z.literal('iv'),
    outcome: columnName.describe('The outcome column'),
    endogenous: columnName.describe(
      'The endogenous regressor (e.g. take-up); its coefficient is the CACE / LATE'
    ),
    instrument: columnName.describe(
      'The instrument (e.g. the random offer): coded 0/1 unless treatment_arm and control_arm pick two of its values'
    ),
    treatment: columnName
      .optional()
      .describe(
        'Not used by iv (endogenous and instrument define the model); accepted for a uniform vocabulary'
      ),
    treatment_arm: treatmentFields.treatment_arm.describe(
      'With control_arm: the instrument value coded 1 (e.g. the arm offered the intervention); rows of other arms are left out'
    ),
    control_arm: treatmentFields.control_arm.describe(
      'With treatment_arm: the instrument value coded 0 (the control arm)'
    ),
    covariates,
    clusters,
    se_type: seType.optional(),
    alpha,
  })
  .superRefine(checkSeType)
  .superRefine(checkArms)
  .describe('estimatr::iv_robust two-stage least squares')

/**
 * Two-stage least squares (estimatr::iv_robust). Its effect is a complier average causal effect, another estimand than the intention-to-treat effects pooled across trials, so it reports none to pool.
 *
 * @example
 * ivEstimator.effect // null: a complier effect is not pooled with intention-to-treat effects
 */
export const ivEstimator: EstimatorDescriptor<'iv', typeof ivSpec, true> = {
  name: 'iv',
  spec: ivSpec,
  run: { input: 'table', analyse: instrumentalVariables },
  outcomes: ANY_OUTCOME,
  effect: null,
  plannable: true,
}
