import { clusterStatistic, clusterTerm } from './cluster-statistic'
import type { Drawer } from './drawer'
import type { CompiledDesign } from './randomisation-design'
import { boundedBelow, xoshiroState } from './xoshiro-state'

/**
 * trialworks-ri/2 for clustered designs: each re-randomisation visits the blocks in order and draws the smaller
 * arm's clusters by a partial Fisher-Yates shuffle (Knuth, TAOCP 2, Algorithm 3.4.2P), cluster i swapped with
 * cluster i + boundedBelow(length - i) from the xoshiro128** stream. No tie path: the statistic depends on the
 * drawn clusters' sizes as well as their sums, and there are few clusters to draw.
 *
 * @example
 * clusterDrawer(y, compileDesign(treated, { clusters }), 'trial-42').countExtreme(10_000, 0.5)
 */
export function clusterDrawer(
  outcome: Float64Array,
  design: CompiledDesign,
  seed: string | number
): Drawer {
  const { observed, clusterSum, clusterSize, strata } = clusterStatistic(outcome, design)
  const state = xoshiroState(seed)
  return {
    observed,
    countExtreme(simulations, threshold, record) {
      let count = 0
      for (let s = 0; s < simulations; s++) {
        let stat = 0
        for (const stratum of strata) {
          const { pool, picks } = stratum
          const length = pool.length
          let sum = 0
          let size = 0
          for (let i = 0; i < picks; i++) {
            const j = i + boundedBelow(state, length - i)
            const chosen = pool[j]
            pool[j] = pool[i]
            pool[i] = chosen
            sum += clusterSum[chosen]
            size += clusterSize[chosen]
          }
          const s1 = stratum.pickTreated ? sum : stratum.total - sum
          const n1 = stratum.pickTreated ? size : stratum.size - size
          stat += clusterTerm(stratum.share, stratum.total, stratum.size, s1, n1)
        }
        if (record !== undefined) record[s] = stat
        if (Math.abs(stat) >= threshold) count++
      }
      return count
    },
  }
}
