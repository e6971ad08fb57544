import { ALEA_SCALE, aleaState } from './alea-state'
import { clusterStatistic, clusterTerm } from './cluster-statistic'
import type { Drawer, DrawerFactories } from './drawer'
import { unitStatistic } from './unit-statistic'

// Frozen: these loops define the trialworks-ri/1 stream, so that p-values reported under it still reproduce.
// Each draw is a partial Fisher-Yates shuffle of the smaller arm of each block (Knuth, TAOCP 2, Algorithm
// 3.4.2P), with index i + floor(u (length - i)) for the next Alea draw u (stepped inline, see `aleaState`).

/**
 * trialworks-ri/1: every design re-randomised by partial Fisher-Yates shuffles driven by seedrandom's Alea.
 *
 * @example
 * aleaDrawers.unit(outcome, compileDesign(treated), 'trial-42').countExtreme(10_000, 0.5)
 */
export const aleaDrawers: DrawerFactories = {
  unit(outcome, design, seed): Drawer {
    const { observed, constant, weighted, strata } = unitStatistic(outcome, design)
    const pools = strata.map((s) => s.pool)
    const picks = Int32Array.from(strata, (s) => s.picks)
    const state = aleaState(seed)
    return {
      observed,
      countExtreme(simulations, threshold, record) {
        let { c, s0, s1, s2 } = state
        let count = 0
        for (let s = 0; s < simulations; s++) {
          let stat = constant
          for (let b = 0; b < pools.length; b++) {
            const pool = pools[b]
            const length = pool.length
            const k = picks[b]
            // A partial shuffle of any arrangement yields a uniform k-subset, so pools are never reset.
            for (let i = 0; i < k; i++) {
              const t = 2091639 * s0 + c * ALEA_SCALE
              s0 = s1
              s1 = s2
              c = t | 0
              s2 = t - c
              const j = i + Math.floor(s2 * (length - i))
              const chosen = pool[j]
              pool[j] = pool[i]
              pool[i] = chosen
              stat += weighted[chosen]
            }
          }
          if (record !== undefined) record[s] = stat
          if (Math.abs(stat) >= threshold) count++
        }
        Object.assign(state, { c, s0, s1, s2 })
        return count
      },
    }
  },

  cluster(outcome, design, seed): Drawer {
    const { observed, clusterSum, clusterSize, strata } = clusterStatistic(outcome, design)
    const state = aleaState(seed)
    return {
      observed,
      countExtreme(simulations, threshold, record) {
        let { c, s0, s1, s2 } = state
        let count = 0
        for (let s = 0; s < simulations; s++) {
          let stat = 0
          for (const stratum of strata) {
            const { pool, picks } = stratum
            const length = pool.length
            let sum = 0
            let size = 0
            for (let i = 0; i < picks; i++) {
              const t = 2091639 * s0 + c * ALEA_SCALE
              s0 = s1
              s1 = s2
              c = t | 0
              s2 = t - c
              const j = i + Math.floor(s2 * (length - i))
              const chosen = pool[j]
              pool[j] = pool[i]
              pool[i] = chosen
              sum += clusterSum[chosen]
              size += clusterSize[chosen]
            }
            const s1Block = stratum.pickTreated ? sum : stratum.total - sum
            const n1 = stratum.pickTreated ? size : stratum.size - size
            stat += clusterTerm(stratum.share, stratum.total, stratum.size, s1Block, n1)
          }
          if (record !== undefined) record[s] = stat
          if (Math.abs(stat) >= threshold) count++
        }
        Object.assign(state, { c, s0, s1, s2 })
        return count
      },
    }
  },
}
