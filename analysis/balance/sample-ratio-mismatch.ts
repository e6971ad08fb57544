import { chiSquareUpperTail } from '../distributions'
import { InvalidInputError } from '../errors'

/**
 * Goodness of fit of arm sizes to the planned allocation.
 *
 * @example
 * const srm: SampleRatioMismatch = sampleRatioMismatch([310, 290], [1, 1]) // srm.expected: [300, 300]
 */
export interface SampleRatioMismatch {
  observed: number[]
  expected: number[]
  statistic: number
  df: number
  pValue: number
}

/**
 * Sample-ratio-mismatch test: Pearson's chi-square goodness of fit of the observed arm sizes to the planned
 * allocation ratios, as R's `chisq.test(counts, p = ratios / sum(ratios))`:
 *   E_k = N r_k / sum r,  X^2 = sum (O_k - E_k)^2 / E_k  on K - 1 df.
 * A small p-value says the arms are not the sizes the randomisation should produce: a broken allocation,
 * lost records or post-randomisation exclusions (Fabijan et al. 2019, KDD '19, doi:10.1145/3292500.3330722).
 *
 * @example
 * sampleRatioMismatch([310, 290], [1, 1]).statistic // 0.6666666666666666
 */
export function sampleRatioMismatch(
  observed: readonly number[],
  plannedRatios: readonly number[]
): SampleRatioMismatch {
  if (observed.length !== plannedRatios.length || observed.length < 2) {
    throw new InvalidInputError('give one planned ratio per arm, for at least two arms', {
      arms: observed.length,
      ratios: plannedRatios.length,
    })
  }
  if (observed.some((o) => !Number.isInteger(o) || o < 0))
    throw new InvalidInputError('arm counts must be non-negative integers')
  if (plannedRatios.some((r) => !(r > 0) || !Number.isFinite(r)))
    throw new InvalidInputError('planned ratios must be positive')
  const total = observed.reduce((s, o) => s + o, 0)
  if (total === 0) throw new InvalidInputError('no units were randomised')
  const ratioSum = plannedRatios.reduce((s, r) => s + r, 0)
  // total * (r / sum r): the order R evaluates n * p in.
  const expected = plannedRatios.map((r) => total * (r / ratioSum))
  let statistic = 0
  observed.forEach((o, k) => {
    statistic += ((o - expected[k]) * (o - expected[k])) / expected[k]
  })
  const df = observed.length - 1
  return {
    observed: [...observed],
    expected,
    statistic,
    df,
    pValue: chiSquareUpperTail(statistic, df),
  }
}
