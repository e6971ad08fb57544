import { z } from 'zod'
import { logistic } from '../logistic'
import type { EstimatorDescriptor } from './descriptor'
import { treatmentFields, covariates, checkArms } from './spec-fields'

const logisticSpec = z
  .strictObject({ estimator: z.literal('logistic'), ...treatmentFields, covariates })
  .superRefine(checkArms)
  .describe('glm(outcome ~ treatment + covariates, binomial) with model-based SE and Wald interval')

/**
 * Logistic regression of a 0/1 outcome; its effect is the log odds ratio.
 *
 * @example
 * logisticEstimator.outcomes // ['binary']
 */
export const logisticEstimator: EstimatorDescriptor<'logistic', typeof logisticSpec, true> = {
  name: 'logistic',
  spec: logisticSpec,
  run: { input: 'table', analyse: logistic },
  outcomes: ['binary'],
  effect: { scale: 'log_odds_ratio', field: 'estimate' },
  plannable: true,
}
