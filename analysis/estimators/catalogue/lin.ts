import { z } from 'zod'
import { lin } from '../lin'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import {
  treatmentFields,
  seType,
  covariates,
  clusters,
  checkSeType,
  checkArms,
} from './spec-fields'

const linSpec = z
  .strictObject({
    estimator: z.literal('lin'),
    ...treatmentFields,
    covariates,
    clusters,
    se_type: seType.optional(),
  })
  .superRefine((s, ctx) => (checkArms(s, ctx), checkSeType(s, ctx)))
  .describe('estimatr::lm_lin: Lin (2013) centred covariates interacted with treatment')

/**
 * Lin's (2013) interacted regression adjustment (estimatr::lm_lin).
 *
 * @example
 * linEstimator.effect // { scale: 'difference', field: 'estimate' }
 */
export const linEstimator: EstimatorDescriptor<'lin', typeof linSpec, true> = {
  name: 'lin',
  spec: linSpec,
  run: { input: 'table', analyse: lin },
  outcomes: ANY_OUTCOME,
  effect: { scale: 'difference', field: 'estimate' },
  plannable: true,
}
