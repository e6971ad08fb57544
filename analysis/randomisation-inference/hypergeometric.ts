import { logGamma } from '../distributions'

/**
 * log(k!) for k = 0..size, from log-gamma: the table the hypergeometric sampler reads its modal probability from.
 *
 * @example
 * logFactorialTable(10)[10] // 15.104412573075516 (= log(3628800))
 */
export function logFactorialTable(size: number): Float64Array {
  const table = new Float64Array(size + 1)
  for (let k = 2; k <= size; k++) table[k] = logGamma(k + 1)
  return table
}

/**
 * Inverts a uniform u in [0, 1) into a draw X ~ Hypergeometric(population, successes, draws): the number of
 * successes among `draws` units taken without replacement from `population` units of which `successes` are
 * successes (R's rhyper(1, m = successes, n = population - successes, k = draws)). The support
 * lo..hi = max(0, draws - (population - successes)) .. min(draws, successes) is walked from the mode
 *   M = floor((draws + 1)(successes + 1) / (population + 2))
 * in the fixed order M, M + 1, M - 1, M + 2, M - 2, ... (points outside the support skipped), adding
 * probabilities until their sum exceeds u: inversion by sequential search from the mode (Devroye 1986,
 * Non-Uniform Random Variate Generation, section III.2; Kemp 1986, Commun Stat Theory Methods 15:805-813).
 * Any fixed order of the support gives an exact sampler; starting at the mode makes the expected number of
 * steps about 1.6 standard deviations. p(M) comes from `logFactorial`,
 *   log p(x) = lf(m) - lf(x) - lf(m - x) + lf(N - m) - lf(k - x) - lf(N - m - k + x) - lf(N) + lf(k) + lf(N - k),
 * and its neighbours from the ratio recurrence
 *   p(x + 1) / p(x) = (m - x)(k - x) / ((x + 1)(N - m - k + x + 1)).
 * Returns -1 when rounding leaves u above the total of the computed probabilities (they sum to 1 within about
 * 1e-12): the caller then draws a fresh uniform, which keeps the draw exact for the computed probabilities.
 * A one-point support returns that point whatever u is (callers do not draw u for it).
 *
 * @example
 * hypergeometricInverse(20, 7, 9, 0.1, logFactorialTable(20)) // 3, the mode of R's dhyper(0:7, 7, 13, 9)
 */
export function hypergeometricInverse(
  population: number,
  successes: number,
  draws: number,
  u: number,
  logFactorial: Float64Array
): number {
  const failures = population - successes
  const lo = Math.max(0, draws - failures)
  const hi = Math.min(draws, successes)
  if (lo === hi) return lo
  const mode = Math.floor(((draws + 1) * (successes + 1)) / (population + 2))
  const lf = logFactorial
  const atMode = Math.exp(
    lf[successes] -
      lf[mode] -
      lf[successes - mode] +
      lf[failures] -
      lf[draws - mode] -
      lf[failures - draws + mode] -
      lf[population] +
      lf[draws] +
      lf[population - draws]
  )
  let remaining = u - atMode
  if (remaining < 0) return mode
  // `up` and `down` are the last points reached on each side, with their probabilities.
  let up = mode
  let pUp = atMode
  let down = mode
  let pDown = atMode
  const offset = failures - draws
  while (up < hi || down > lo) {
    if (up < hi) {
      pUp *= ((successes - up) * (draws - up)) / ((up + 1) * (offset + up + 1))
      up++
      remaining -= pUp
      if (remaining < 0) return up
    }
    if (down > lo) {
      pDown *= (down * (offset + down)) / ((successes - down + 1) * (draws - down + 1))
      down--
      remaining -= pDown
      if (remaining < 0) return down
    }
  }
  return -1
}
