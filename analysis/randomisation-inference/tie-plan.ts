import { hypergeometricInverse } from './hypergeometric'
import { uniform53, type XoshiroState } from './xoshiro-state'

/**
 * A block's distinct outcome values, for drawing how many of each the drawn arm holds.
 *
 * @example
 * const { counts, weights }: TiePlan = tiePlan(y, pool, picks, weight)
 */
export interface TiePlan {
  /** N_b, the block's size. */
  size: number
  /** k_b, the size of the drawn arm. */
  picks: number
  /** m_j, units with the j-th value, in increasing order of m_j (then of the value). */
  counts: Int32Array
  /** Block weight times v_j: the statistic moves by weights[j] for each drawn unit with value v_j. */
  weights: Float64Array
  /** Estimated cost of one draw, in Fisher-Yates picks (see `prefersTies`). */
  cost: number
}

// Costs measured in units of one Fisher-Yates pick (a xoshiro word, a bounded index, a swap and an addition):
// a hypergeometric draw's fixed part (two words, a 53-bit uniform, the modal probability from nine table
// reads and an exp) and one step of the search (a division and a multiplication). Checked on 10,000 units,
// 5,000 picks: a binary outcome and 10, 100 and 1,000 equally frequent values took the time of 90, 200, 1,600
// and 13,800 picks against estimates of 67, 430, 2,400 and 15,700, so the rule errs only near the crossover,
// where the two paths cost about the same. The rule is part of the trialworks-ri/2 stream: changing it is a new version.
const DRAW_COST = 12
const STEP_COST = 1.5

/**
 * Groups a block's outcomes by distinct value. The counts of each value among the k drawn units are
 * multivariate hypergeometric, drawn as X_1 ~ Hyper(N, m_1, k), X_2 ~ Hyper(N - m_1, m_2, k - X_1), ...,
 * with the last (most frequent) value taking the remaining picks (Johnson, Kotz & Balakrishnan 1997, Discrete
 * Multivariate Distributions, ch. 39). Expected cost, in Fisher-Yates picks:
 *   cost = sum_{j < d} (12 + 1.5 * 1.6 sd_j),  sd_j = sqrt(k (m_j / N)(1 - m_j / N)(N - k) / (N - 1)),
 * 1.6 sd_j being the expected length of the search from the mode.
 *
 * @example
 * tiePlan(Float64Array.of(0, 1, 1, 0, 1), Int32Array.of(0, 1, 2, 3, 4), 2, 0.5).counts // Int32Array [2, 3]
 */
export function tiePlan(
  outcome: Float64Array,
  pool: Int32Array,
  picks: number,
  weight: number
): TiePlan {
  const size = pool.length
  // Filled by a loop: a typed array's `from` with a mapping function is several times slower on large blocks.
  const values = new Float64Array(size)
  for (let i = 0; i < size; i++) values[i] = outcome[pool[i]]
  values.sort()
  // The distinct values in increasing order, with how many units have each.
  const distinctValues = new Float64Array(size)
  const distinctCounts = new Int32Array(size)
  let d = 0
  for (let i = 0; i < size; i++) {
    if (i > 0 && values[i] === values[i - 1]) distinctCounts[d - 1]++
    else {
      distinctValues[d] = values[i]
      distinctCounts[d++] = 1
    }
  }
  // Ordered by count, then by value: a stable counting sort by count of the values in increasing order, linear
  // where a comparison sort of one object per value took seconds on blocks of millions of distinct values.
  const next = new Int32Array(size + 2)
  for (let j = 0; j < d; j++) next[distinctCounts[j] + 1]++
  for (let m = 1; m < next.length; m++) next[m] += next[m - 1]
  const counts = new Int32Array(d)
  const weights = new Float64Array(d)
  for (let j = 0; j < d; j++) {
    const at = next[distinctCounts[j]]++
    counts[at] = distinctCounts[j]
    weights[at] = distinctValues[j]
  }
  let cost = 0
  for (let j = 0; j < d - 1; j++) {
    const share = counts[j] / size
    cost +=
      DRAW_COST +
      STEP_COST * 1.6 * Math.sqrt((picks * share * (1 - share) * (size - picks)) / (size - 1))
  }
  for (let j = 0; j < d; j++) weights[j] = weight * weights[j]
  return { size, picks, counts, weights, cost }
}

/**
 * The trialworks-ri/2 rule: a block takes the tie path when its estimated cost is below its number of picks.
 *
 * @example
 * prefersTies(tiePlan(binaryOutcome, pool, 5000, weight)) // true: one draw of about 40 steps against 5000 picks
 */
export function prefersTies(plan: TiePlan): boolean {
  return plan.cost < plan.picks
}

/**
 * One draw of the tie path: the change in the statistic from the drawn arm, sum_j weights[j] X_j. A draw with
 * a one-point support (and every draw once the picks are used up) takes no uniform; otherwise each takes
 * one 53-bit uniform, and another if the search returns no point (see `hypergeometricInverse`).
 *
 * @example
 * stat += drawTies(plan, state, logFactorial)
 */
export function drawTies(plan: TiePlan, state: XoshiroState, logFactorial: Float64Array): number {
  const { counts, weights } = plan
  const last = counts.length - 1
  let population = plan.size
  let picks = plan.picks
  let sum = 0
  for (let j = 0; j < last && picks > 0; j++) {
    const m = counts[j]
    const lo = Math.max(0, picks - (population - m))
    const hi = Math.min(picks, m)
    let x = lo
    if (lo < hi) {
      do x = hypergeometricInverse(population, m, picks, uniform53(state), logFactorial)
      while (x < 0)
    }
    sum += weights[j] * x
    population -= m
    picks -= x
  }
  return sum + weights[last] * picks
}
