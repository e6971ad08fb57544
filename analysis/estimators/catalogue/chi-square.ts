import { z } from 'zod'
import { chiSquareAnalysis } from '../../tests'
import type { EstimatorDescriptor } from './descriptor'
import { treatmentFields, checkArms } from './spec-fields'

const chiSquareSpec = z
  .strictObject({
    estimator: z.literal('chi_square'),
    ...treatmentFields,
    correct: z
      .boolean()
      .default(true)
      .describe("Yates' continuity correction (default true, as chisq.test)"),
  })
  .superRefine(checkArms)
  .describe('chisq.test on the 2x2 table of treatment by binary outcome')

/**
 * The chi-square test of a 0/1 outcome by arm: a test, with no effect estimate to pool.
 *
 * @example
 * chiSquareEstimator.spec.parse({ estimator: 'chi_square', outcome: 'homeless_6m', treatment: 'arm' }).correct // true
 */
export const chiSquareEstimator: EstimatorDescriptor<'chi_square', typeof chiSquareSpec, true> = {
  name: 'chi_square',
  spec: chiSquareSpec,
  run: { input: 'table', analyse: chiSquareAnalysis },
  outcomes: ['binary'],
  effect: null,
  plannable: true,
}
