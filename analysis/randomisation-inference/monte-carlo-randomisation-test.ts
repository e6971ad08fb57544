import { InvalidInputError } from '../errors'
import { ALEA_SCALE, aleaState, type AleaState } from './alea-state'
import { compileDesign, type CompiledDesign, type RandomisationDesign } from './randomisation-design'

const TIE_TOLERANCE = 1e-12

/**
 * `plus_one`: (count + 1) / (R + 1), which counts the observed assignment among the draws and so is a valid
 * p-value at any R, never 0 (Phipson & Smyth 2010, Stat Appl Genet Mol Biol 9:39). `proportion`: count / R,
 * the plain Monte Carlo estimate of the exact p-value.
 *
 * @example
 * const convention: PValueConvention = 'plus_one'
 */
export type PValueConvention = 'plus_one' | 'proportion'

/**
 * How many re-randomisations, from which seed, and how p is formed.
 *
 * @example
 * const options: MonteCarloOptions = { simulations: 10_000, seed: 'trial-42', pValueConvention: 'plus_one' }
 */
export interface MonteCarloOptions {
  simulations: number
  seed: string | number
  pValueConvention?: PValueConvention
}

/**
 * Result of a Monte Carlo randomisation test.
 *
 * @example
 * const { pValue, monteCarloStdError }: MonteCarloRandomisationResult = monteCarloRandomisationTest(y, t, {}, options)
 */
export interface MonteCarloRandomisationResult {
  /** Observed statistic: the (block-size weighted) difference in means. */
  estimate: number
  pValue: number
  /** sqrt(p (1 - p) / R): the Monte Carlo error of p as an estimate of the exact p-value. */
  monteCarloStdError: number
  nSimulations: number
  /** Re-randomised statistics at least as extreme as the observed one. */
  extremeCount: number
  pValueConvention: PValueConvention
}

/**
 * Monte Carlo randomisation test of the sharp null of no effect, re-randomising with the trial's own design:
 * complete randomisation keeps the number treated; blocked randomisation keeps each block's treated count;
 * cluster randomisation assigns whole clusters (within blocks if blocked), keeping the number of treated clusters.
 * The statistic is the block-size weighted difference in means (the plain difference without blocks),
 *   stat = sum_b (N_b / N) (S1_b / n1_b - (T_b - S1_b) / (N_b - n1_b)),
 * computed from the sum of treated outcomes S1_b alone; the two-sided p-value counts |stat| >= |observed| - 1e-12.
 * Each draw is a partial Fisher-Yates shuffle of the smaller arm of each block (Knuth, TAOCP 2, Algorithm 3.4.2P),
 * driven by seedrandom's Alea stream (stepped inline, see `aleaState`), so the result is reproducible from the seed.
 * Gerber & Green (2012), Field Experiments, section 3.4; Rosenbaum (2002), Observational Studies, ch. 2.
 *
 * @example
 * monteCarloRandomisationTest(y, treated, { blocks }, { simulations: 10_000, seed: 'trial-42' }).pValue
 */
export function monteCarloRandomisationTest(
  outcome: Float64Array,
  treated: Uint8Array,
  design: RandomisationDesign,
  options: MonteCarloOptions,
): MonteCarloRandomisationResult {
  const { simulations, seed } = options
  const pValueConvention = options.pValueConvention ?? 'plus_one'
  if (!Number.isInteger(simulations) || simulations < 1) {
    throw new InvalidInputError('simulations must be a positive integer', { simulations })
  }
  if (outcome.length !== treated.length) throw new InvalidInputError('outcome and treatment must have the same length')
  const compiled = compileDesign(treated, design)
  const draw = design.clusters ? clusterDrawer(outcome, compiled) : unitDrawer(outcome, compiled)
  const observed = draw.observed
  const extremeCount = draw.countExtreme(simulations, aleaState(seed), Math.abs(observed) - TIE_TOLERANCE)
  const pValue =
    pValueConvention === 'plus_one' ? (extremeCount + 1) / (simulations + 1) : extremeCount / simulations
  return {
    estimate: observed,
    pValue,
    monteCarloStdError: Math.sqrt((pValue * (1 - pValue)) / simulations),
    nSimulations: simulations,
    extremeCount,
    pValueConvention,
  }
}

interface Drawer {
  observed: number
  /** Runs the simulations, advancing `state`, and counts |stat| >= threshold. */
  countExtreme: (simulations: number, state: AleaState, threshold: number) => number
}

/**
 * Individual assignment. With n1_b fixed the statistic is linear in the selected outcomes:
 *   stat = sum_b c_b S1_b - K,  c_b = (N_b / N)(1 / n1_b + 1 / n0_b),  K = sum_b (N_b / N) T_b / n0_b,
 * and drawing the smaller arm C_b instead uses S1_b = T_b - S_C. Both are folded into signed per-unit
 * weights and one constant, so a draw costs one random index and one addition per selected unit.
 */
function unitDrawer(outcome: Float64Array, design: CompiledDesign): Drawer {
  const n = outcome.length
  const weighted = new Float64Array(n)
  const picks = new Int32Array(design.strata.length)
  const pools = design.strata.map((s) => Int32Array.from(s.units))
  let constant = 0
  let observed = 0
  design.strata.forEach((stratum, b) => {
    const size = stratum.units.length
    const n1 = stratum.treatedCount
    const n0 = size - n1
    const c = (size / n) * (1 / n1 + 1 / n0)
    let blockTotal = 0
    let treatedTotal = 0
    for (const u of stratum.units) {
      blockTotal += outcome[u]
      if (design.unitTreated[u] === 1) treatedTotal += outcome[u]
    }
    const pickTreated = n1 <= n0
    picks[b] = pickTreated ? n1 : n0
    const sign = pickTreated ? 1 : -1
    for (const u of stratum.units) weighted[u] = sign * c * outcome[u]
    constant += -((size / n) * blockTotal) / n0 + (pickTreated ? 0 : c * blockTotal)
    observed += c * treatedTotal - ((size / n) * blockTotal) / n0
  })
  return {
    observed,
    countExtreme(simulations, state, threshold) {
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
        if (Math.abs(stat) >= threshold) count++
      }
      Object.assign(state, { c, s0, s1, s2 })
      return count
    },
  }
}

/** Cluster assignment: n1_b varies with the clusters drawn, so sums and sizes are both tracked per block. */
function clusterDrawer(outcome: Float64Array, design: CompiledDesign): Drawer {
  const n = outcome.length
  const clusterSum = new Float64Array(design.unitCount)
  const clusterSize = new Float64Array(design.unitCount)
  for (let i = 0; i < n; i++) {
    clusterSum[design.unitOf[i]] += outcome[i]
    clusterSize[design.unitOf[i]] += 1
  }
  const strata = design.strata.map((stratum) => {
    let total = 0
    let size = 0
    for (const c of stratum.units) {
      total += clusterSum[c]
      size += clusterSize[c]
    }
    const clusters = stratum.units.length
    const pickTreated = stratum.treatedCount <= clusters - stratum.treatedCount
    return {
      pool: Int32Array.from(stratum.units),
      picks: pickTreated ? stratum.treatedCount : clusters - stratum.treatedCount,
      pickTreated,
      total,
      size,
      share: size / n,
    }
  })
  const term = (share: number, total: number, size: number, s1: number, n1: number): number =>
    share * (s1 / n1 - (total - s1) / (size - n1))
  let observed = 0
  design.strata.forEach((stratum, b) => {
    let s1 = 0
    let n1 = 0
    for (const c of stratum.units) {
      if (design.unitTreated[c] === 1) {
        s1 += clusterSum[c]
        n1 += clusterSize[c]
      }
    }
    observed += term(strata[b].share, strata[b].total, strata[b].size, s1, n1)
  })
  return {
    observed,
    countExtreme(simulations, state, threshold) {
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
          stat += term(stratum.share, stratum.total, stratum.size, s1Block, n1)
        }
        if (Math.abs(stat) >= threshold) count++
      }
      Object.assign(state, { c, s0, s1, s2 })
      return count
    },
  }
}
