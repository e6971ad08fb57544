import { z } from 'zod'
import { InvalidInputError } from '../errors'
import { designEffect } from './design-effect'

/**
 * Inputs of {@link clusterSampleSize}.
 *
 * @example
 * clusterSampleSizeInputSchema.parse({ individualNPerArm: 175.4, clusterSize: 15, icc: 0.05 })
 */
const clusterSampleSizeInputSchema = z.object({
  individualNPerArm: z
    .number()
    .gt(0)
    .describe('Units per arm an individually randomised trial would need'),
  clusterSize: z.number().gt(0).describe('Mean units per cluster'),
  icc: z.number().min(0).max(1),
  clusterSizeCv: z.number().min(0).default(0),
})
/**
 * Input of {@link clusterSampleSize} before defaults.
 *
 * @example
 * const input: ClusterSampleSizeInput = { individualNPerArm: 175.4, clusterSize: 15, icc: 0.05 }
 */
export type ClusterSampleSizeInput = z.input<typeof clusterSampleSizeInputSchema>

/**
 * A cluster trial sized from an individually randomised one.
 *
 * @example
 * const { clustersPerArm }: ClusterSampleSizeResult = clusterSampleSize(input) // 20
 */
export interface ClusterSampleSizeResult {
  designEffect: number
  /** individualNPerArm x design effect, unrounded. */
  nPerArm: number
  /** Whole clusters needed per arm: ceiling(nPerArm / clusterSize). */
  clustersPerArm: number
  /** Units recruited per arm once clusters are whole: clustersPerArm x clusterSize. */
  unitsPerArm: number
}

/**
 * Inflates an individually randomised sample size (e.g. from `twoSampleTPower` or `twoProportionsPower`) for
 * cluster randomisation: n_cluster = n_individual x DE, clusters per arm = ceiling(n_cluster / m).
 * Donner & Klar (2000), Design and Analysis of Cluster Randomization Trials, section 5.2;
 * Eldridge, Ashby & Kerry (2006) for unequal cluster sizes.
 *
 * @example
 * clusterSampleSize({ individualNPerArm: 175.4, clusterSize: 15, icc: 0.05 }).clustersPerArm // 20
 */
export function clusterSampleSize(input: ClusterSampleSizeInput): ClusterSampleSizeResult {
  const parsed = clusterSampleSizeInputSchema.safeParse(input)
  if (!parsed.success)
    throw new InvalidInputError('invalid cluster sample size input', {
      issues: parsed.error.issues,
    })
  const { individualNPerArm, clusterSize, icc, clusterSizeCv } = parsed.data
  const de = designEffect(clusterSize, icc, clusterSizeCv)
  const nPerArm = individualNPerArm * de
  // The 1e-9 slack keeps an exact multiple (e.g. 300 / 15) from rounding up to an extra cluster.
  const clustersPerArm = Math.ceil(nPerArm / clusterSize - 1e-9)
  return { designEffect: de, nPerArm, clustersPerArm, unitsPerArm: clustersPerArm * clusterSize }
}
