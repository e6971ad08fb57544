import type { CompiledDesign } from './randomisation-design'

/**
 * One block of a clustered design, as the re-randomisation loops see it.
 *
 * @example
 * const { pool, picks, share }: ClusterStratum = clusterStatistic(y, compiled).strata[0]
 */
export interface ClusterStratum {
  /** Clusters of the block; the loops shuffle it in place. */
  pool: Int32Array
  /** Number of clusters in the smaller arm, which is the one drawn. */
  picks: number
  pickTreated: boolean
  /** T_b, the block's outcome total, and N_b, its number of observations. */
  total: number
  size: number
  /** N_b / N. */
  share: number
}

/**
 * Per-cluster sums and sizes and the observed statistic of a clustered design.
 *
 * @example
 * const { observed, clusterSum, clusterSize, strata }: ClusterStatistic = clusterStatistic(y, compiled)
 */
export interface ClusterStatistic {
  observed: number
  clusterSum: Float64Array
  clusterSize: Float64Array
  strata: ClusterStratum[]
}

/**
 * A block's term of the statistic when n1 observations with outcome total s1 are treated:
 *   (N_b / N)(s1 / n1 - (T_b - s1) / (N_b - n1)).
 *
 * @example
 * clusterTerm(0.5, 10, 4, 7, 2) // 0.5 * (7 / 2 - 3 / 2) = 1
 */
export function clusterTerm(
  share: number,
  total: number,
  size: number,
  s1: number,
  n1: number
): number {
  return share * (s1 / n1 - (total - s1) / (size - n1))
}

/**
 * Cluster assignment: n1_b varies with the clusters drawn, so sums and sizes are both tracked per block
 * (Gerber & Green 2012, Field Experiments, ch. 3, on re-randomising whole clusters).
 *
 * @example
 * clusterStatistic(Float64Array.of(1, 2, 3, 4), compileDesign(Uint8Array.of(1, 1, 0, 0), { clusters: Int32Array.of(0, 0, 1, 1) })).observed // -2
 */
export function clusterStatistic(outcome: Float64Array, design: CompiledDesign): ClusterStatistic {
  const n = outcome.length
  const clusterSum = new Float64Array(design.unitCount)
  const clusterSize = new Float64Array(design.unitCount)
  for (let i = 0; i < n; i++) {
    clusterSum[design.unitOf[i]] += outcome[i]
    clusterSize[design.unitOf[i]] += 1
  }
  let observed = 0
  const strata = design.strata.map((stratum): ClusterStratum => {
    let total = 0
    let size = 0
    let s1 = 0
    let n1 = 0
    for (const c of stratum.units) {
      total += clusterSum[c]
      size += clusterSize[c]
      if (design.unitTreated[c] === 1) {
        s1 += clusterSum[c]
        n1 += clusterSize[c]
      }
    }
    const clusters = stratum.units.length
    const pickTreated = stratum.treatedCount <= clusters - stratum.treatedCount
    observed += clusterTerm(size / n, total, size, s1, n1)
    return {
      pool: Int32Array.from(stratum.units),
      picks: pickTreated ? stratum.treatedCount : clusters - stratum.treatedCount,
      pickTreated,
      total,
      size,
      share: size / n,
    }
  })
  return { observed, clusterSum, clusterSize, strata }
}
