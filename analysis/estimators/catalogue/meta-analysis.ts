import { z } from 'zod'
import { metaAnalysisAnalysis } from '../../meta-analysis'
import type { EstimatorDescriptor } from './descriptor'

const metaAnalysisSpec = z
  .strictObject({
    estimator: z.literal('meta_analysis'),
    method: z
      .enum(['FE', 'DL', 'REML'])
      .describe('Fixed effect, DerSimonian-Laird or REML random effects'),
    yi: z.array(z.number()).min(1).describe('Study effect estimates'),
    vi: z.array(z.number().positive()).min(1).describe('Study sampling variances'),
  })
  .superRefine((s, ctx) => {
    if (s.yi.length !== s.vi.length)
      ctx.addIssue({ code: 'custom', path: ['vi'], message: 'yi and vi must have the same length' })
  })
  .describe('metafor::rma(yi, vi, method) with z-tests')

/**
 * Fixed-effect and random-effects meta-analysis (metafor::rma), from the estimates in the spec.
 *
 * @example
 * metaAnalysisEstimator.run.input // 'spec'
 */
export const metaAnalysisEstimator: EstimatorDescriptor<
  'meta_analysis',
  typeof metaAnalysisSpec,
  false
> = {
  name: 'meta_analysis',
  spec: metaAnalysisSpec,
  run: { input: 'spec', analyse: metaAnalysisAnalysis },
  outcomes: [],
  effect: null,
  plannable: false,
}
