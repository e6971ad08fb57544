import { z } from 'zod'
import { randomisationInferenceAnalysis } from '../../randomisation-inference'
import { RI_ALGORITHMS, type RiAlgorithm } from '../../randomisation-inference/ri-algorithm'
import { ANY_OUTCOME, type EstimatorDescriptor } from './descriptor'
import { treatmentFields, blocks, clusters, checkArms } from './spec-fields'

const randomisationSpec = z
  .strictObject({
    estimator: z.literal('randomisation_inference'),
    ...treatmentFields,
    method: z
      .enum(['exact', 'monte_carlo'])
      .default('exact')
      .describe('exact enumerates every assignment (small n); monte_carlo samples assignments'),
    simulations: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Number of sampled assignments (monte_carlo)'),
    seed: z
      .union([z.string().min(1), z.number().int()])
      .optional()
      .describe('Seed of the sampled assignments (monte_carlo)'),
    blocks: blocks.describe(
      "Block column: monte_carlo re-randomises within blocks, keeping each block's treated count"
    ),
    clusters: clusters.describe(
      'Cluster column: monte_carlo assigns whole clusters, as the trial did'
    ),
    p_value_convention: z
      .enum(['plus_one', 'proportion'])
      .default('plus_one')
      .describe('monte_carlo p-value: (count + 1) / (R + 1) (valid at any R) or count / R'),
    ri_algorithm: z
      .enum(Object.keys(RI_ALGORITHMS) as [RiAlgorithm, ...RiAlgorithm[]])
      .optional()
      .describe(
        'monte_carlo stream version (default the current one); name the version a stored result reports to reproduce it exactly'
      ),
  })
  .superRefine(checkArms)
  .describe('Randomisation inference for the difference in means under the sharp null of no effect')

/**
 * Randomisation inference for the difference in means under the sharp null: a p-value, with no standard error to pool.
 *
 * @example
 * randomisationInferenceEstimator.spec.parse({ estimator: 'randomisation_inference', outcome: 'y', treatment: 'z' }).method // 'exact'
 */
export const randomisationInferenceEstimator: EstimatorDescriptor<
  'randomisation_inference',
  typeof randomisationSpec,
  true
> = {
  name: 'randomisation_inference',
  spec: randomisationSpec,
  run: { input: 'table', analyse: randomisationInferenceAnalysis },
  outcomes: ANY_OUTCOME,
  effect: null,
  plannable: true,
  seeded: (spec, seed) =>
    spec.method === 'monte_carlo' && spec.seed === undefined ? { ...spec, seed } : spec,
}
