import { z } from 'zod'
import { ols } from '../ols'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import {
  treatmentFields,
  seType,
  covariates,
  blocks,
  clusters,
  checkSeType,
  checkArms,
} from './spec-fields'

const olsSpec = z
  .strictObject({
    estimator: z.literal('ols'),
    ...treatmentFields,
    covariates,
    blocks,
    clusters,
    se_type: seType.optional(),
  })
  .superRefine((s, ctx) => (checkArms(s, ctx), checkSeType(s, ctx)))
  .describe('estimatr::lm_robust(outcome ~ treatment + covariates); blocks enter as fixed effects')

/**
 * Covariate-adjusted OLS with robust or cluster-robust standard errors (estimatr::lm_robust).
 *
 * @example
 * olsEstimator.spec.parse({ estimator: 'ols', outcome: 'days_in_ta', treatment: 'arm', covariates: ['prior_presentations'] }).se_type // undefined (HC2)
 */
export const olsEstimator: EstimatorDescriptor<'ols', typeof olsSpec, true> = {
  name: 'ols',
  spec: olsSpec,
  run: { input: 'table', analyse: ols },
  outcomes: ANY_OUTCOME,
  effect: { scale: 'difference', field: 'estimate' },
  plannable: true,
}
