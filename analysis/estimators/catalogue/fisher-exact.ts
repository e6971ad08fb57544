import { z } from 'zod'
import { fisherExactAnalysis } from '../../tests'
import type { EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms } from './spec-fields'

const fisherSpec = z
  .strictObject({ estimator: z.literal('fisher_exact'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('fisher.test on the 2x2 table of treatment by binary outcome')

/**
 * Fisher's exact test of a 0/1 outcome by arm: a test, with no effect estimate to pool.
 *
 * @example
 * fisherExactEstimator.effect // null
 */
export const fisherExactEstimator: EstimatorDescriptor<'fisher_exact', typeof fisherSpec, true> = {
  name: 'fisher_exact',
  spec: fisherSpec,
  run: { input: 'table', analyse: fisherExactAnalysis },
  outcomes: ['binary'],
  effect: null,
  plannable: true,
}
