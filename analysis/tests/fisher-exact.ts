import { logGamma } from '../distributions'
import { InvalidInputError } from '../errors'
import { findRoot } from '../numeric'
import type { TwoByTwoTable } from './two-by-two'

/**
 * Result of Fisher's exact test on a 2x2 table.
 *
 * @example
 * const { oddsRatio, confLow, confHigh }: FisherExactResult = fisherExact(table)
 */
export interface FisherExactResult {
  /** Two-sided p-value: total probability of tables no more likely than the observed one. */
  pValue: number
  /** Conditional maximum-likelihood odds ratio of an event, treatment against control (0 or Infinity at the edges). */
  oddsRatio: number
  confLow: number
  /** Infinity when the observed table is the most extreme one. */
  confHigh: number
}

const RELATIVE_TIE = 1 + 1e-7
const ROOT_TOLERANCE = 1e-13

function logChoose(n: number, k: number): number {
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1)
}

/**
 * Fisher's exact test on a 2x2 table, as R's `fisher.test` computes it (R 4.2 stats/R/fisher.test.R).
 * Conditioning on the margins, x = cell (control, no event) follows Fisher's noncentral hypergeometric
 * distribution with odds ratio psi:
 *   P(x) proportional to C(m, x) C(n, k - x) psi^x,  x in [max(0, k - n), min(k, m)],
 * m, n = outcome-0 and outcome-1 totals, k = control total. Two-sided p = sum of P_1(y) over y with
 * P_1(y) <= P_1(x) (1 + 1e-7). The estimate solves E_psi[X] = x (conditional MLE); the interval inverts the
 * two one-sided tests at alpha / 2 each. Roots are found to 1e-13, not uniroot's default 1.2e-4.
 * Fisher (1935), JRSS 98:39; Agresti (2013), Categorical Data Analysis, 3rd ed., section 3.5.
 *
 * @example
 * fisherExact({ controlNoEvent: 2, controlEvent: 5, treatedNoEvent: 4, treatedEvent: 1 }).pValue
 * // 0.2424242424242424 (R: fisher.test(matrix(c(2, 4, 5, 1), 2))$p.value)
 */
export function fisherExact(table: TwoByTwoTable, alpha = 0.05): FisherExactResult {
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidInputError('alpha must lie strictly between 0 and 1', { alpha })
  const m = table.controlNoEvent + table.treatedNoEvent
  const n = table.controlEvent + table.treatedEvent
  const k = table.controlNoEvent + table.controlEvent
  const x = table.controlNoEvent
  const lo = Math.max(0, k - n)
  const hi = Math.min(k, m)
  const support: number[] = []
  const logCentral: number[] = []
  for (let y = lo; y <= hi; y++) {
    support.push(y)
    logCentral.push(logChoose(m, y) + logChoose(n, k - y) - logChoose(m + n, k))
  }

  /** Noncentral hypergeometric probabilities at odds ratio psi, scaled to avoid overflow. */
  const density = (psi: number): number[] => {
    const logPsi = Math.log(psi)
    const logs = logCentral.map((l, i) => l + logPsi * support[i])
    let top = -Infinity
    for (const l of logs) if (l > top) top = l
    const d = logs.map((l) => Math.exp(l - top))
    const total = d.reduce((s, v) => s + v, 0)
    return d.map((v) => v / total)
  }
  const mean = (psi: number): number => {
    if (psi === 0) return lo
    if (psi === Infinity) return hi
    return density(psi).reduce((s, p, i) => s + p * support[i], 0)
  }
  const tail = (psi: number, upper: boolean): number => {
    if (psi === 0) return Number(upper ? x <= lo : x >= lo)
    if (psi === Infinity) return Number(upper ? x <= hi : x >= hi)
    return density(psi).reduce(
      (s, p, i) => s + ((upper ? support[i] >= x : support[i] <= x) ? p : 0),
      0
    )
  }

  const central = density(1)
  const observed = central[x - lo]
  let pValue = 0
  for (const p of central) if (p <= observed * RELATIVE_TIE) pValue += p
  pValue = Math.min(1, pValue)

  // Each search runs over t in (0, 1) directly, or over 1/t when the answer exceeds 1, as fisher.test does.
  const solve = (f: (psi: number) => number, target: number, aboveOne: boolean): number =>
    aboveOne
      ? 1 / findRoot((t) => f(1 / t) - target, Number.EPSILON, 1, { tolerance: ROOT_TOLERANCE })
      : findRoot((t) => f(t) - target, 0, 1, { tolerance: ROOT_TOLERANCE })

  let oddsRatio: number
  if (x === lo) oddsRatio = 0
  else if (x === hi) oddsRatio = Infinity
  else {
    const mu = mean(1)
    oddsRatio = mu === x ? 1 : solve(mean, x, mu < x)
  }

  const half = alpha / 2
  let confLow: number
  if (x === lo) confLow = 0
  else {
    const p = tail(1, true)
    confLow = p === half ? 1 : solve((psi) => tail(psi, true), half, p < half)
  }
  let confHigh: number
  if (x === hi) confHigh = Infinity
  else {
    const p = tail(1, false)
    confHigh = p === half ? 1 : solve((psi) => tail(psi, false), half, p > half)
  }
  return { pValue, oddsRatio, confLow, confHigh }
}
