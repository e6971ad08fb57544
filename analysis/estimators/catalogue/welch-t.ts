import { z } from 'zod'
import { welchT } from '../welch-t'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms } from './spec-fields'

const welchSpec = z
  .strictObject({ estimator: z.literal('welch_t'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('t.test(var.equal = FALSE): Welch two-sample t')

/**
 * Welch's two-sample t test (t.test with var.equal = FALSE).
 *
 * @example
 * welchTEstimator.run.input // 'table'
 */
export const welchTEstimator: EstimatorDescriptor<'welch_t', typeof welchSpec, true> = {
  name: 'welch_t',
  spec: welchSpec,
  run: { input: 'table', analyse: welchT },
  outcomes: ANY_OUTCOME,
  effect: { scale: 'difference', field: 'estimate' },
  plannable: true,
}
