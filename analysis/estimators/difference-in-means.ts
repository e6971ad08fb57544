import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import { DesignError } from '../errors'
import type { SpecOf } from '../spec'
import {
  matchedPairCombination,
  pairedCombination,
  stratifiedCombination,
  unitBlockEstimates,
  type BlockEstimate,
  type BlockedCombination,
} from './blocked-difference'
import { TooFewUnitsError } from './errors'
import { groupIndex, type GroupIndex } from './group-index'
import { tInference } from './inference'
import { linearRegression } from './linear-regression'
import { labelsAt, numericAt } from './sample-values'
import { welchDifference } from './welch-t'

/** Clustered difference in means: lm_robust(y ~ z, clusters, se_type = "CR2") (estimatr's rule). */
function clusteredDifference(
  y: Float64Array,
  treated: Uint8Array,
  clusters: GroupIndex,
  alpha: number
): EffectEstimate {
  const n = y.length
  return linearRegression({
    names: ['(Intercept)', 'treatment'],
    columns: [new Float64Array(n).fill(1), Float64Array.from(treated)],
    outcome: y,
    target: 1,
    seType: 'CR2',
    clusters,
    alpha,
  })
}

function requireConstantWithinClusters(treated: Uint8Array, clusters: GroupIndex): void {
  const seen = new Int8Array(clusters.levels.length).fill(-1)
  clusters.codes.forEach((code, i) => {
    if (seen[code] === -1) seen[code] = treated[i]
    else if (seen[code] !== treated[i]) {
      throw new DesignError(
        `treatment varies within cluster "${clusters.levels[code]}": all units in a cluster must have the same treatment condition`,
        { cluster: clusters.levels[code] }
      )
    }
  })
}

/**
 * estimatr 1.0.0 refuses a clustered design (blocked or not, unless matched-pair) in which an arm
 * has a single unit: it counts units, not clusters. The engine refuses too, rather than computing
 * with a warning: (1) estimatr is the reference these results are checked against, and its answer
 * here is an error; (2) the single unit is a cluster alone in its arm, so it alone determines that
 * arm's mean (leverage 1): CR2's adjustment for it is undefined and its residual is 0, so the
 * variance would rest on the other arm only and understate the uncertainty.
 */
function requireTwoUnitsPerArm(treated: Uint8Array, where: string, details = {}): void {
  let n1 = 0
  for (const t of treated) n1 += t
  const n0 = treated.length - n1
  if (n1 < 2 || n0 < 2) {
    throw new TooFewUnitsError(
      `${where} has ${n1} treated and ${n0} control unit(s); a clustered difference in means needs at least two units in each arm (as estimatr): a single unit alone in its arm has leverage 1, so no cluster-robust variance exists for it`,
      { ...details, n_treatment: n1, n_control: n0 }
    )
  }
}

function subset<T extends { length: number; [i: number]: number }>(
  values: T,
  rows: readonly number[],
  make: (n: number) => T
): T {
  const out = make(rows.length)
  rows.forEach((r, i) => {
    out[i] = values[r]
  })
  return out
}

/**
 * Blocked and clustered: each block's clustered difference (CR2), weighted by units, df = G - 2 J; when
 * every block holds exactly two clusters the pair estimator is used with df = pairs - 1 (estimatr's rules).
 */
function blockedClusteredDifference(
  y: Float64Array,
  treated: Uint8Array,
  blocks: GroupIndex,
  clusters: GroupIndex,
  alpha: number
): BlockedCombination {
  const members: number[][] = blocks.levels.map(() => [])
  blocks.codes.forEach((code, i) => members[code].push(i))
  const clusterBlock = new Int32Array(clusters.levels.length).fill(-1)
  clusters.codes.forEach((code, i) => {
    if (clusterBlock[code] === -1) clusterBlock[code] = blocks.codes[i]
    else if (clusterBlock[code] !== blocks.codes[i]) {
      throw new DesignError(
        `cluster "${clusters.levels[code]}" spans more than one block; clusters must be nested in blocks`,
        {
          cluster: clusters.levels[code],
        }
      )
    }
  })
  const perBlock = members.map((rows, b) => {
    const label = blocks.levels[b]
    const yb = subset(y, rows, (n) => new Float64Array(n))
    const tb = subset(treated, rows, (n) => new Uint8Array(n))
    const treatedCount = tb.reduce((s, t) => s + t, 0)
    if (treatedCount === 0 || treatedCount === rows.length) {
      throw new DesignError(
        `every cluster in block "${label}" has the same treatment, so the block has no contrast`,
        {
          block: label,
        }
      )
    }
    const cb = groupIndex(rows.map((i) => clusters.levels[clusters.codes[i]]))
    return { label, rows, yb, tb, cb, clusterCount: cb.levels.length }
  })
  const pairs = perBlock.filter((b) => b.clusterCount === 2).length
  const meanDifference = (yb: Float64Array, tb: Uint8Array): number => {
    let s1 = 0
    let n1 = 0
    let s0 = 0
    for (let i = 0; i < yb.length; i++) {
      if (tb[i] === 1) {
        s1 += yb[i]
        n1++
      } else s0 += yb[i]
    }
    return s1 / n1 - s0 / (yb.length - n1)
  }
  if (pairs > 0) {
    const estimates: BlockEstimate[] = perBlock.map((b) => ({
      label: b.label,
      size: b.rows.length,
      estimate: meanDifference(b.yb, b.tb),
      variance: Number.NaN,
    }))
    const combined = pairedCombination(estimates)
    if (pairs < perBlock.length) {
      combined.warnings.push(
        'some blocks hold two clusters and others more: the matched-pair variance estimator is used for the whole design'
      )
    }
    return combined
  }
  const estimates: BlockEstimate[] = perBlock.map((b) => {
    requireTwoUnitsPerArm(b.tb, `block "${b.label}"`, { block: b.label })
    const fit = clusteredDifference(b.yb, b.tb, b.cb, alpha)
    return {
      label: b.label,
      size: b.rows.length,
      estimate: fit.estimate,
      variance: fit.std_error ** 2,
    }
  })
  return stratifiedCombination(estimates, clusters.levels.length - 2 * blocks.levels.length)
}

/**
 * Difference in means under the randomisation design, following estimatr::difference_in_means:
 * * simple: Neyman SE sqrt(s1^2/n1 + s0^2/n0), Welch-Satterthwaite df;
 * * blocks: size-weighted block differences, SE^2 = sum (N_b/N)^2 (s1b^2/n1b + s0b^2/n0b), df = N - 2 J
 *   (Gerber & Green 2012, p. 74); all pairs, or a mix of pairs and larger blocks (with a warning): the
 *   matched-pair variance sum_j (d_j - est)^2 / (J (J - 1)) with df = J - 1 (Gerber & Green 2012, p. 77,
 *   eq. 3.16, as estimatr 1.0.0);
 * * clusters: lm_robust(y ~ z, clusters, CR2) with the Bell-McCaffrey df; treatment must not vary within a
 *   cluster, and each arm needs two units (estimatr's rule; see `requireTwoUnitsPerArm`);
 * * blocks and clusters: df = G - 2 J, or matched-pair clustered with df = pairs - 1.
 *
 * @example
 * differenceInMeans(analysisSpecSchema.parse({ estimator: 'difference_in_means', outcome: 'days', treatment: 'arm', blocks: 'area' }), table)
 */
export function differenceInMeans(
  spec: SpecOf<'difference_in_means'>,
  table: DataTable
): EffectEstimate {
  const extra = [spec.blocks, spec.clusters].filter((c): c is string => c !== undefined)
  const sample = selectAnalysisSample(table, spec, [spec.outcome, ...extra])
  const y = numericAt(table, spec.outcome, sample.rows)
  const treated = sample.treated
  const n = y.length
  const clusters =
    spec.clusters === undefined
      ? undefined
      : groupIndex(labelsAt(table, spec.clusters, sample.rows))
  if (clusters !== undefined) requireConstantWithinClusters(treated, clusters)
  if (spec.blocks === undefined) {
    if (clusters === undefined) return welchDifference(y, treated, spec.alpha)
    requireTwoUnitsPerArm(treated, 'the design')
    return clusteredDifference(y, treated, clusters, spec.alpha)
  }
  const blocks = groupIndex(labelsAt(table, spec.blocks, sample.rows))
  let combined: BlockedCombination
  if (clusters !== undefined) {
    combined = blockedClusteredDifference(y, treated, blocks, clusters, spec.alpha)
  } else {
    const { blocks: estimates, pairs } = unitBlockEstimates(y, treated, blocks)
    if (pairs > 0) {
      combined = matchedPairCombination(estimates)
      if (pairs < estimates.length) {
        combined.warnings.push(
          'some blocks are pairs and others are larger: the matched-pair variance estimator is used for the whole design'
        )
      }
    } else {
      combined = stratifiedCombination(estimates, n - 2 * estimates.length)
    }
  }
  const result = tInference(
    combined.estimate,
    combined.standardError,
    combined.df,
    spec.alpha,
    n,
    'the difference in means'
  )
  return combined.warnings.length > 0 ? { ...result, warnings: combined.warnings } : result
}
