import { DesignError } from '../errors'
import { armSummary } from './arm-summary'
import { TooFewUnitsError } from './errors'
import type { GroupIndex } from './group-index'

/** One block's contribution: its size, its difference in means and (when defined) its sampling variance. */
export interface BlockEstimate {
  readonly label: string
  readonly size: number
  readonly estimate: number
  readonly variance: number
}

/** Combined estimate of a blocked design, before t inference. */
export interface BlockedCombination {
  readonly estimate: number
  readonly standardError: number
  readonly df: number
  readonly warnings: string[]
}

/**
 * Size-weighted blocked estimate with the stratified Neyman variance:
 *   est = sum_b (N_b/N) est_b;  SE^2 = sum_b (N_b/N)^2 (s1b^2/n1b + s0b^2/n0b)
 * (Gerber & Green 2012, Field Experiments, p. 74, eq. 3.12).
 *
 * @example
 * stratifiedCombination([{ label: 'a', size: 10, estimate: 1, variance: 0.2 }, ...], 36)
 */
export function stratifiedCombination(
  blocks: readonly BlockEstimate[],
  df: number
): BlockedCombination {
  const total = blocks.reduce((s, b) => s + b.size, 0)
  let estimate = 0
  let variance = 0
  for (const b of blocks) {
    const w = b.size / total
    estimate += w * b.estimate
    variance += w * w * b.variance
  }
  return { estimate, standardError: Math.sqrt(variance), df, warnings: [] }
}

/**
 * Matched-pair clustered estimator (pairs of clusters), weighted by block size, estimatr's rule:
 *   est = sum_b (N_b/N) est_b;  SE^2 = J / ((J - 1) N^2) sum_b (N_b est_b - N est / J)^2;  df = J - 1
 * (Imai, King & Nall 2009, Statistical Science 24(1), 29-53, doi:10.1214/08-STS274, p. 36, eq. 6).
 *
 * @example
 * pairedCombination([{ label: 'p1', size: 6, estimate: 3, variance: NaN }, ...])
 */
export function pairedCombination(blocks: readonly BlockEstimate[]): BlockedCombination {
  const pairs = requirePairs(blocks)
  const total = blocks.reduce((s, b) => s + b.size, 0)
  const estimate = blocks.reduce((s, b) => s + (b.size / total) * b.estimate, 0)
  let sum = 0
  for (const b of blocks) sum += (b.size * b.estimate - (total * estimate) / pairs) ** 2
  const variance = (pairs / ((pairs - 1) * total * total)) * sum
  return { estimate, standardError: Math.sqrt(variance), df: pairs - 1, warnings: [] }
}

/**
 * Matched-pair estimator of a unit-randomised design (every block a pair, or some pairs and some
 * larger blocks), estimatr 1.0.0's rule: the point estimate weights blocks by size, but the block
 * estimates enter the variance unweighted, as in the equal-pairs formula
 *   est = sum_j (N_j/N) d_j;  SE^2 = sum_j (d_j - est)^2 / (J (J - 1));  df = J - 1
 * (Gerber & Green 2012, Field Experiments, p. 77, eq. 3.16; estimatr's difference_in_means for a
 * "Matched-pair" design). With equal pairs it equals `pairedCombination`.
 *
 * @example
 * matchedPairCombination([{ label: 'p1', size: 2, estimate: 2, variance: NaN }, ...]).standardError
 */
export function matchedPairCombination(blocks: readonly BlockEstimate[]): BlockedCombination {
  const pairs = requirePairs(blocks)
  const total = blocks.reduce((s, b) => s + b.size, 0)
  const estimate = blocks.reduce((s, b) => s + (b.size / total) * b.estimate, 0)
  let sum = 0
  for (const b of blocks) sum += (b.estimate - estimate) ** 2
  const variance = sum / (pairs * (pairs - 1))
  return { estimate, standardError: Math.sqrt(variance), df: pairs - 1, warnings: [] }
}

function requirePairs(blocks: readonly BlockEstimate[]): number {
  if (blocks.length < 2) {
    throw new TooFewUnitsError(
      `the matched-pair estimator needs at least two blocks; the design has ${blocks.length}`,
      { blocks: blocks.length }
    )
  }
  return blocks.length
}

/**
 * Checks estimatr's block rules for a unit-randomised blocked design and returns each block's estimate.
 * A block of one unit and a block whose units all have the same treatment are errors. When no block
 * is a pair, every block needs two units in each arm (its variance is estimated within it); once any
 * block is a pair the matched-pair variance is used, which needs only each block's difference, so a
 * larger block with a single treated or control unit is accepted, as estimatr 1.0.0 does.
 *
 * @example
 * unitBlockEstimates(y, treated, groupIndex(blockLabels)) // [{ label, size, estimate, variance }, ...]
 */
export function unitBlockEstimates(
  y: Float64Array,
  treated: Uint8Array,
  blocks: GroupIndex
): { blocks: BlockEstimate[]; pairs: number } {
  const members: number[][] = blocks.levels.map(() => [])
  blocks.codes.forEach((code, i) => members[code].push(i))
  let pairs = 0
  const estimates = members.map((rows, b) => {
    const label = blocks.levels[b]
    if (rows.length === 1) {
      throw new DesignError(
        `block "${label}" has a single unit; every block needs units in both arms`,
        {
          block: label,
        }
      )
    }
    const yb = rows.map((i) => y[i])
    const tb = rows.map((i) => treated[i])
    const treatedCount = tb.reduce((s, t) => s + t, 0)
    if (treatedCount === 0 || treatedCount === rows.length) {
      throw new DesignError(
        `every unit in block "${label}" has the same treatment, so the block has no contrast`,
        {
          block: label,
        }
      )
    }
    const isPair = rows.length === 2
    if (isPair) pairs++
    const arms = armSummary(yb, tb, false)
    const variance = isPair ? Number.NaN : arms.variance1 / arms.n1 + arms.variance0 / arms.n0
    return { label, size: rows.length, estimate: arms.mean1 - arms.mean0, variance, isPair, arms }
  })
  if (pairs === 0) {
    for (const b of estimates) {
      if (!b.isPair && (b.arms.n1 < 2 || b.arms.n0 < 2)) {
        throw new TooFewUnitsError(
          `block "${b.label}" has ${b.arms.n1} treated and ${b.arms.n0} control units; blocks that are not pairs need at least two in each arm`,
          { block: b.label, n_treatment: b.arms.n1, n_control: b.arms.n0 }
        )
      }
    }
  }
  return {
    blocks: estimates.map(({ label, size, estimate, variance }) => ({
      label,
      size,
      estimate,
      variance,
    })),
    pairs,
  }
}
