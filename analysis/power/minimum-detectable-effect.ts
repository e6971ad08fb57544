import { normalQuantile } from '../distributions'
import { InvalidInputError } from '../errors'

/**
 * The inputs of a power calculation that an MDES needs.
 *
 * @example
 * const inputs: MdesInputs = { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
 */
export interface MdesInputs {
  alpha: number
  power: number
  alternative: 'two.sided' | 'greater'
}

/**
 * Sizes of the two arms: individuals (with the design effect of any clustering), or clusters with their
 * mean size and ICC.
 *
 * @example
 * const sizes: ArmSizes = { kind: 'individual', treatment: 300, control: 150, designEffect: 1.45 }
 */
export type ArmSizes =
  | { kind: 'individual'; treatment: number; control: number; designEffect?: number }
  | {
      kind: 'cluster'
      clustersTreatment: number
      clustersControl: number
      meanClusterSize: number
      icc: number
    }

/**
 * Minimum detectable effect size (SD units) of a two-arm comparison, with normal multipliers:
 *   M = z_{1-alpha/2} + z_{power}  (one-sided: z_{1-alpha} + z_{power})
 *   individual:  MDES = M sqrt((1/n_T + 1/n_C) DE)   (DE = 1 unless given)
 *   cluster:     MDES = M sqrt((icc + (1 - icc)/m) (1/J_T + 1/J_C))
 * Bloom (1995), Evaluation Review 19(5):547-556, doi:10.1177/0193841X9501900504, eq. 1-2; Bloom (2006),
 * "The core analytics of randomized experiments for social research", MDRC, eq. 18 (written for unequal
 * arms); the design effect DE = 1 + (m - 1) icc of Donner, Birkett & Buck (1981), Am J Epidemiol
 * 114(6):906-914, for individuals analysed from clusters. With J per arm equal, the cluster form is
 * `clusterMdes`.
 *
 * @example
 * minimumDetectableEffect({ kind: 'individual', treatment: 500, control: 500 }, { alpha: 0.05, power: 0.8, alternative: 'two.sided' })
 * // 0.17718...
 */
export function minimumDetectableEffect(sizes: ArmSizes, inputs: MdesInputs): number {
  const tail = inputs.alternative === 'two.sided' ? inputs.alpha / 2 : inputs.alpha
  const multiplier = normalQuantile(1 - tail) + normalQuantile(inputs.power)
  if (sizes.kind === 'individual') {
    if (!(sizes.treatment > 0 && sizes.control > 0))
      throw new InvalidInputError('an MDES needs units in both arms', { ...sizes })
    return (
      multiplier * Math.sqrt((1 / sizes.treatment + 1 / sizes.control) * (sizes.designEffect ?? 1))
    )
  }
  const { clustersTreatment, clustersControl, meanClusterSize, icc } = sizes
  if (!(clustersTreatment > 0 && clustersControl > 0 && meanClusterSize > 0))
    throw new InvalidInputError('an MDES needs clusters with units in both arms', { ...sizes })
  if (!(icc >= 0 && icc < 1)) throw new InvalidInputError('icc must lie in [0, 1)', { icc })
  return (
    multiplier *
    Math.sqrt((icc + (1 - icc) / meanClusterSize) * (1 / clustersTreatment + 1 / clustersControl))
  )
}
