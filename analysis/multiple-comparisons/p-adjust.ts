import { z } from 'zod'
import { InvalidInputError } from '../errors'

/**
 * The adjustment methods, named as `stats::p.adjust` names them.
 *
 * @example
 * pAdjustMethodSchema.parse('BH') // 'BH'
 */
export const pAdjustMethodSchema = z.enum(['holm', 'hochberg', 'BH', 'BY', 'bonferroni'])
/**
 * One of holm, hochberg, BH, BY, bonferroni.
 *
 * @example
 * const method: PAdjustMethod = 'holm'
 */
export type PAdjustMethod = z.infer<typeof pAdjustMethodSchema>

/** Indices of `p` sorted by value; ties keep input order, as R's `order()` does. */
function stableOrder(p: readonly number[], decreasing: boolean): number[] {
  const index = p.map((_, i) => i)
  return index.sort((a, b) => (decreasing ? p[b] - p[a] : p[a] - p[b]) || a - b)
}

/**
 * Adjusts p-values for multiple comparisons, reproducing `stats::p.adjust` (R 4.x) step for step.
 *
 * With p sorted and i its rank among m = `numberOfTests` hypotheses:
 *   bonferroni: min(1, m p)
 *   holm:       min(1, cummax_{ascending} (m + 1 - i) p_(i))         Holm 1979, Scand J Stat 6:65
 *   hochberg:   min(1, cummin_{descending} (m + 1 - i) p_(i))        Hochberg 1988, Biometrika 75:800
 *   BH:         min(1, cummin_{descending} (m / i) p_(i))            Benjamini & Hochberg 1995, JRSS B 57:289
 *   BY:         min(1, cummin_{descending} q (m / i) p_(i)), q = sum_{k=1..m} 1/k
 *                                                                     Benjamini & Yekutieli 2001, Ann Stat 29:1165
 * R applies pmin(1, .) after the cumulative step, so the order of the two is kept here.
 *
 * @param p p-values in [0, 1], any order; results come back in the same order.
 * @param numberOfTests m, the size of the family; defaults to `p.length` (R's `n` argument).
 * @example
 * pAdjust([0.01, 0.02, 0.03], 'holm') // [0.03, 0.04, 0.04]
 */
export function pAdjust(
  p: readonly number[],
  method: PAdjustMethod,
  numberOfTests: number = p.length
): number[] {
  for (const [i, value] of p.entries()) {
    if (!Number.isFinite(value) || value < 0 || value > 1) {
      throw new InvalidInputError(`p-value at position ${i} is not in [0, 1]`, { index: i, value })
    }
  }
  const m = numberOfTests
  if (!Number.isInteger(m) || m < p.length) {
    throw new InvalidInputError(
      'numberOfTests must be an integer no smaller than the number of p-values',
      {
        numberOfTests: m,
        count: p.length,
      }
    )
  }
  // R returns the input untouched when n <= 1.
  if (m <= 1) return [...p]
  const count = p.length
  const adjusted = new Array<number>(count)

  if (method === 'bonferroni') {
    return p.map((value) => Math.min(1, m * value))
  }

  if (method === 'holm') {
    const order = stableOrder(p, false)
    let running = -Infinity
    order.forEach((index, k) => {
      running = Math.max(running, (m - k) * p[index])
      adjusted[index] = Math.min(1, running)
    })
    return adjusted
  }

  // Step-up methods walk from the largest p-value down; R's i runs lp:1.
  const order = stableOrder(p, true)
  let harmonic = 1
  if (method === 'BY') {
    harmonic = 0
    for (let k = 1; k <= m; k++) harmonic += 1 / k
  }
  let running = Infinity
  order.forEach((index, k) => {
    const rank = count - k
    const factor = method === 'hochberg' ? m + 1 - rank : (harmonic * m) / rank
    running = Math.min(running, factor * p[index])
    adjusted[index] = Math.min(1, running)
  })
  return adjusted
}
