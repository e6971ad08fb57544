import { InvalidInputError } from '../errors'

/** Summary statistics of one arm on the analytic sample. */
export type ArmMoments = { n: number; mean: number; sd: number }

/**
 * Small-sample correction used by WWC for both baseline effect sizes (EVIDENCE_RATINGS.md §4.4):
 *   omega = 1 - 3 / (4N - 9),  N = n_T + n_C
 * (Hedges 1981, J Educ Stat 6:107, eq. 6b with df = N - 2, since 4(N - 2) - 1 = 4N - 9).
 *
 * @example
 * smallSampleCorrection(40) // 0.980132... (= 148/151)
 */
export function smallSampleCorrection(totalN: number): number {
  return 1 - 3 / (4 * totalN - 9)
}

/**
 * Hedges' g for a continuous baseline characteristic (WWC Procedures Handbook v4.1, Appendix E;
 * EVIDENCE_RATINGS.md §4.4):
 *   g = omega * (mean_T - mean_C) / s_pooled,
 *   s_pooled = sqrt(((n_T - 1) s_T^2 + (n_C - 1) s_C^2) / (n_T + n_C - 2))
 * The sign is kept for display; the §4.3 thresholds read |g|.
 *
 * @example
 * hedgesG({ n: 20, mean: 1, sd: 1 }, { n: 20, mean: 0, sd: 1 }) // 0.980132... (148/151)
 */
export function hedgesG(treatment: ArmMoments, control: ArmMoments): number {
  for (const [arm, s] of [
    ['treatment', treatment],
    ['control', control],
  ] as const) {
    if (
      !Number.isInteger(s.n) ||
      s.n < 2 ||
      !(s.sd >= 0) ||
      !Number.isFinite(s.mean) ||
      !Number.isFinite(s.sd)
    ) {
      throw new InvalidInputError(
        `hedgesG needs at least two units and a finite mean and SD in the ${arm} arm`,
        {
          arm,
          ...s,
        }
      )
    }
  }
  const pooledVariance =
    ((treatment.n - 1) * treatment.sd ** 2 + (control.n - 1) * control.sd ** 2) /
    (treatment.n + control.n - 2)
  if (pooledVariance === 0) {
    throw new InvalidInputError(
      'hedgesG is undefined when the characteristic does not vary (pooled SD 0)',
      {}
    )
  }
  return (
    (smallSampleCorrection(treatment.n + control.n) * (treatment.mean - control.mean)) /
    Math.sqrt(pooledVariance)
  )
}
