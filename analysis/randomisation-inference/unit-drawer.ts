import { logFactorialTable } from './hypergeometric'
import type { Drawer } from './drawer'
import type { CompiledDesign } from './randomisation-design'
import { drawTies, prefersTies, tiePlan, type TiePlan } from './tie-plan'
import { unitStatistic } from './unit-statistic'
import { boundedBelow, LEMIRE_MAX_BOUND, lemireRetry, xoshiroState } from './xoshiro-state'

/**
 * Which path a block takes: the tie path's plan, or null for the permutation path.
 *
 * @example
 * const permutationOnly: PathRule = () => null
 */
export type PathRule = (plan: TiePlan) => TiePlan | null

/** The trialworks-ri/2 rule (`prefersTies`). */
const automatic: PathRule = (plan) => (prefersTies(plan) ? plan : null)

/**
 * trialworks-ri/2 for unit-level designs (complete or blocked). One xoshiro128** stream (`xoshiroState`);
 * each re-randomisation visits the blocks in order, and each block takes one of two paths:
 * - tie path (`drawTies`): the counts of each distinct outcome value in the drawn arm, by sequential
 *   conditional hypergeometric draws, O(distinct values) per draw;
 * - permutation path: a partial Fisher-Yates shuffle of the block's units (Knuth, TAOCP 2, Algorithm 3.4.2P),
 *   unit i swapped with unit i + boundedBelow(length - i), never reset between draws (a partial shuffle of
 *   any arrangement yields a uniform subset), O(picks) per draw.
 * `rule` chooses per block; tests pass their own to compare the paths on the same data.
 *
 * @example
 * unitDrawer(y, compileDesign(treated), 'trial-42').countExtreme(10_000, 0.5)
 */
export function unitDrawer(
  outcome: Float64Array,
  design: CompiledDesign,
  seed: string | number,
  rule: PathRule = automatic
): Drawer {
  const { observed, constant, weighted, strata } = unitStatistic(outcome, design)
  const plans = strata.map((s) => rule(tiePlan(outcome, s.pool, s.picks, s.weight)))
  // The permutation path shuffles the weighted outcomes themselves: one memory access per pick, not two.
  const pools = strata.map((s) => {
    const pool = new Float64Array(s.pool.length)
    for (let i = 0; i < pool.length; i++) pool[i] = weighted[s.pool[i]]
    return pool
  })
  const largest = plans.reduce((m, p) => Math.max(m, p === null ? 0 : p.size), 0)
  const logFactorial = logFactorialTable(largest)
  const state = xoshiroState(seed)
  return {
    observed,
    countExtreme(simulations, threshold, record) {
      let count = 0
      for (let s = 0; s < simulations; s++) {
        let stat = constant
        for (let b = 0; b < strata.length; b++) {
          const plan = plans[b]
          if (plan !== null) {
            stat += drawTies(plan, state, logFactorial)
            continue
          }
          const pool = pools[b]
          const picks = strata[b].picks
          const length = pool.length
          if (length > LEMIRE_MAX_BOUND) {
            for (let i = 0; i < picks; i++) {
              const j = i + boundedBelow(state, length - i)
              const chosen = pool[j]
              pool[j] = pool[i]
              pool[i] = chosen
              stat += chosen
            }
            continue
          }
          let { a, b: w1, c, d } = state
          for (let i = 0; i < picks; i++) {
            // xoshiro128** step (see `nextUint32`), then Lemire's bounded index (see `boundedBelow`).
            const r = Math.imul(w1, 5)
            const word = Math.imul((r << 7) | (r >>> 25), 9) >>> 0
            const t = w1 << 9
            c ^= a
            d ^= w1
            w1 ^= c
            a ^= d
            c ^= t
            d = (d << 11) | (d >>> 21)
            const bound = length - i
            const product = word * bound
            let offset = Math.floor(product * 2.3283064365386963e-10)
            if (product - offset * 4294967296 < bound) {
              state.a = a
              state.b = w1
              state.c = c
              state.d = d
              offset = lemireRetry(state, bound, product)
              ;({ a, b: w1, c, d } = state)
            }
            const j = i + offset
            const chosen = pool[j]
            pool[j] = pool[i]
            pool[i] = chosen
            stat += chosen
          }
          state.a = a
          state.b = w1
          state.c = c
          state.d = d
        }
        if (record !== undefined) record[s] = stat
        if (Math.abs(stat) >= threshold) count++
      }
      return count
    },
  }
}
