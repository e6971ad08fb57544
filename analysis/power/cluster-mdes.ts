import { z } from 'zod'
import { normalQuantile, studentTQuantile } from '../distributions'
import { InvalidInputError } from '../errors'
import { designEffect } from './design-effect'

/**
 * Inputs of {@link clusterMdes}; J clusters of m units per arm.
 *
 * @example
 * clusterMdesInputSchema.parse({ clustersPerArm: 20, clusterSize: 15, icc: 0.05 }).power // 0.8
 */
const clusterMdesInputSchema = z.object({
  clustersPerArm: z.number().int().min(2),
  clusterSize: z.number().gt(0).describe('Mean units per cluster'),
  icc: z.number().min(0).max(1),
  alpha: z.number().gt(0).lt(1).default(0.05),
  power: z.number().gt(0).lt(1).default(0.8),
  clusterSizeCv: z.number().min(0).default(0).describe('Coefficient of variation of cluster sizes'),
  /** `normal`: z multipliers (the usual planning formula); `t`: t on 2 J - 2 df, Bloom (2006). */
  multiplier: z.enum(['normal', 't']).default('normal'),
})
/**
 * Input of {@link clusterMdes} before defaults.
 *
 * @example
 * const input: ClusterMdesInput = { clustersPerArm: 20, clusterSize: 15, icc: 0.05 }
 */
export type ClusterMdesInput = z.input<typeof clusterMdesInputSchema>

/**
 * Design effect, effective sample size per arm and the MDES in SD units.
 *
 * @example
 * const { mdes }: ClusterMdesResult = clusterMdes({ clustersPerArm: 20, clusterSize: 15, icc: 0.05 })
 */
export interface ClusterMdesResult {
  designEffect: number
  effectiveNPerArm: number
  /** Minimum detectable effect size, in outcome SD units. */
  mdes: number
}

/**
 * Minimum detectable effect size of a two-arm cluster-randomised trial with J clusters of m units per arm:
 *   DE = 1 + (m - 1) icc,  n_eff = J m / DE,  MDES = (z_{1-alpha/2} + z_{power}) sqrt(2 / n_eff)
 * Bloom (2006), "The core analytics of randomized experiments for social research", MDRC, eq. 5 and 18;
 * with `multiplier: 't'` the z quantiles become t quantiles on 2J - 2 df (Bloom's small-sample multiplier).
 *
 * @example
 * clusterMdes({ clustersPerArm: 20, clusterSize: 15, icc: 0.05 }).designEffect // 1.7
 */
export function clusterMdes(input: ClusterMdesInput): ClusterMdesResult {
  const parsed = clusterMdesInputSchema.safeParse(input)
  if (!parsed.success)
    throw new InvalidInputError('invalid cluster MDES input', { issues: parsed.error.issues })
  const { clustersPerArm, clusterSize, icc, alpha, power, clusterSizeCv, multiplier } = parsed.data
  const de = designEffect(clusterSize, icc, clusterSizeCv)
  const effectiveNPerArm = (clustersPerArm * clusterSize) / de
  const df = 2 * clustersPerArm - 2
  const factor =
    multiplier === 'normal'
      ? normalQuantile(1 - alpha / 2) + normalQuantile(power)
      : studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df)
  return { designEffect: de, effectiveNPerArm, mdes: factor * Math.sqrt(2 / effectiveNPerArm) }
}
