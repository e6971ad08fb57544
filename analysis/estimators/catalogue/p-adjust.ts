import { z } from 'zod'
import { pAdjustAnalysis } from '../../multiple-comparisons'
import type { EstimatorDescriptor } from './descriptor'

const pAdjustSpec = z
  .strictObject({
    estimator: z.literal('p_adjust'),
    method: z
      .enum(['holm', 'hochberg', 'BH', 'BY', 'bonferroni'])
      .describe('stats::p.adjust method'),
    p: z.array(z.number().min(0).max(1)).min(1).describe('Unadjusted p-values'),
  })
  .describe('stats::p.adjust: multiplicity-adjusted p-values in input order')

/**
 * Multiplicity-adjusted p-values (stats::p.adjust), from the p-values in the spec.
 *
 * @example
 * pAdjustEstimator.run.input // 'spec': it needs no data table
 */
export const pAdjustEstimator: EstimatorDescriptor<'p_adjust', typeof pAdjustSpec, false> = {
  name: 'p_adjust',
  spec: pAdjustSpec,
  run: { input: 'spec', analyse: pAdjustAnalysis },
  outcomes: [],
  effect: null,
  plannable: false,
}
