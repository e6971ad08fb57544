import { TooFewUnitsError } from './errors'

/** Size, mean and sample variance (n - 1 divisor) of the outcome in each arm. */
export interface ArmSummary {
  readonly n1: number
  readonly n0: number
  readonly mean1: number
  readonly mean0: number
  readonly variance1: number
  readonly variance0: number
}

/**
 * Per-arm sufficient statistics by two-pass (mean, then centred squares) for accuracy.
 * Variances need two units per arm; `requireVariance` = false allows arms of one (variance NaN).
 *
 * @example
 * armSummary(Float64Array.from([1, 2, 3, 5]), Uint8Array.from([1, 1, 0, 0])) // mean1 1.5, mean0 4, ...
 */
export function armSummary(
  y: ArrayLike<number>,
  treated: ArrayLike<number>,
  requireVariance = true,
  context = ''
): ArmSummary {
  let n1 = 0
  let n0 = 0
  let sum1 = 0
  let sum0 = 0
  for (let i = 0; i < y.length; i++) {
    if (treated[i] === 1) {
      n1++
      sum1 += y[i]
    } else {
      n0++
      sum0 += y[i]
    }
  }
  if (requireVariance && (n1 < 2 || n0 < 2)) {
    const arm = n1 < 2 ? 'treatment' : 'control'
    throw new TooFewUnitsError(
      `the ${arm} arm${context} has ${Math.min(n1, n0)} unit(s); at least two are needed to estimate its variance`,
      {
        n_treatment: n1,
        n_control: n0,
      }
    )
  }
  const mean1 = sum1 / n1
  const mean0 = sum0 / n0
  let ss1 = 0
  let ss0 = 0
  for (let i = 0; i < y.length; i++) {
    if (treated[i] === 1) ss1 += (y[i] - mean1) ** 2
    else ss0 += (y[i] - mean0) ** 2
  }
  return { n1, n0, mean1, mean0, variance1: ss1 / (n1 - 1), variance0: ss0 / (n0 - 1) }
}
