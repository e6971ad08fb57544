import { z } from 'zod'
import { InvalidInputError } from '../errors'

/**
 * Study-level effects and their sampling variances, as `metafor::rma(yi, vi)` takes them.
 *
 * @example
 * studyEffectsSchema.parse({ yi: [0.1, -0.2], vi: [0.02, 0.05] })
 */
const studyEffectsSchema = z.object({
  yi: z.array(z.number()).min(1).describe('Study effect estimates (e.g. log odds ratios)'),
  vi: z.array(z.number().positive()).min(1).describe('Their sampling variances'),
})
/**
 * Study estimates and variances, index-aligned.
 *
 * @example
 * const effects: StudyEffects = { yi: [0.1, -0.2], vi: [0.02, 0.05] }
 */
export type StudyEffects = z.infer<typeof studyEffectsSchema>

/**
 * Checks the study effects: equal lengths, finite estimates, positive finite variances.
 * Zero variances would give infinite weights, so they are refused rather than patched.
 *
 * @example
 * checkStudyEffects({ yi: [0.1, 0.3], vi: [0.02, 0.05] }) // passes silently
 */
export function checkStudyEffects(effects: StudyEffects): void {
  const { yi, vi } = effects
  if (yi.length === 0) throw new InvalidInputError('meta-analysis needs at least one study')
  if (yi.length !== vi.length) {
    throw new InvalidInputError('yi and vi must have the same length', {
      yi: yi.length,
      vi: vi.length,
    })
  }
  yi.forEach((y, i) => {
    if (!Number.isFinite(y))
      throw new InvalidInputError(`yi[${i}] is not a finite number`, { index: i })
    if (!(Number.isFinite(vi[i]) && vi[i] > 0)) {
      throw new InvalidInputError(`vi[${i}] must be a positive finite variance`, {
        index: i,
        value: vi[i],
      })
    }
  })
}

/**
 * Weighted sums used by every estimator: sum w, sum w^2, sum w y, and the weighted mean.
 *
 * @example
 * const { sumWeights, mean }: WeightedSums = weightedSums([0, 1], [1, 1], 0) // 2, 0.5
 */
export interface WeightedSums {
  sumWeights: number
  sumSquaredWeights: number
  mean: number
}

/**
 * Inverse-variance weighted sums with weights w_i = 1 / (v_i + tau2).
 *
 * @example
 * weightedSums([0, 1], [1, 1], 0) // { sumWeights: 2, sumSquaredWeights: 2, mean: 0.5 }
 */
export function weightedSums(
  yi: readonly number[],
  vi: readonly number[],
  tau2: number
): WeightedSums {
  let sumWeights = 0
  let sumSquaredWeights = 0
  let sumWeightedY = 0
  for (let i = 0; i < yi.length; i++) {
    const w = 1 / (vi[i] + tau2)
    sumWeights += w
    sumSquaredWeights += w * w
    sumWeightedY += w * yi[i]
  }
  return { sumWeights, sumSquaredWeights, mean: sumWeightedY / sumWeights }
}

/**
 * Cochran's Q: Q = sum w_i (y_i - mu_FE)^2 with w_i = 1 / v_i (Cochran 1954, Biometrics 10:101).
 * metafor floors it at 0 against rounding.
 *
 * @example
 * cochranQ([0, 2], [1, 1]) // 2
 */
export function cochranQ(yi: readonly number[], vi: readonly number[]): number {
  const { mean } = weightedSums(yi, vi, 0)
  let q = 0
  for (let i = 0; i < yi.length; i++) q += ((yi[i] - mean) * (yi[i] - mean)) / vi[i]
  return Math.max(0, q)
}
