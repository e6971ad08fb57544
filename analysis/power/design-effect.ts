import { InvalidInputError } from '../errors'

/**
 * Design effect of a cluster-randomised trial: the variance inflation against individual randomisation.
 *   equal cluster sizes m:             DE = 1 + (m - 1) icc                 (Kish 1965, Survey Sampling, eq. 5.4.1)
 *   sizes with coefficient of variation cv: DE = 1 + ((cv^2 + 1) m - 1) icc  (Eldridge, Ashby & Kerry 2006,
 *                                                                             Int J Epidemiol 35:1292, eq. 4)
 *
 * @example
 * designEffect(15, 0.05) // 1.7
 */
export function designEffect(clusterSize: number, icc: number, clusterSizeCv = 0): number {
  if (!(clusterSize > 0) || !Number.isFinite(clusterSize)) {
    throw new InvalidInputError('cluster size must be a positive number', { clusterSize })
  }
  if (!(icc >= 0 && icc <= 1)) throw new InvalidInputError('icc must lie in [0, 1]', { icc })
  if (!(clusterSizeCv >= 0) || !Number.isFinite(clusterSizeCv)) {
    throw new InvalidInputError(
      'the coefficient of variation of cluster sizes must be non-negative',
      { clusterSizeCv }
    )
  }
  return 1 + ((clusterSizeCv * clusterSizeCv + 1) * clusterSize - 1) * icc
}
