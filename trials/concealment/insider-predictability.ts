import type { FieldValue, RandomisationConfig } from '../randomisation/schema'
import { levelImbalance } from '../randomisation/v1'

/**
 * What an enrolling officer can see while a trial recruits. `blockSizes`: `'known'` when the block sizes are in
 * the published protocol, `'sealed'` when only their commitment is (any multiple of the ratio sum is then
 * possible). `blockNumbers`: whether each earlier allocation's block number was shown.
 *
 * @example
 * const view: InsiderView = { blockSizes: 'sealed', blockNumbers: false }
 */
export type InsiderView = { blockSizes: 'known' | 'sealed'; blockNumbers: boolean }

/**
 * One household as the insider saw it afterwards: its method fields, and the arm (and block) it got.
 *
 * @example
 * const unit: InsiderUnit = { fields: { area: 'North' }, arm: 'control', block: 1 }
 */
export type InsiderUnit = {
  fields: Record<string, FieldValue>
  arm: string
  block?: number | null
}

/**
 * The outcome of {@link insiderPredictability}: how many households' arms were certain beforehand.
 *
 * @example
 * const result: Predictability = { households: 10000, certain: 0, share: 0 }
 */
export type Predictability = { households: number; certain: number; share: number }

/**
 * The arms household k could still get in its stratum, given the stratum's earlier arms (and block numbers, if
 * seen) and the candidate block sizes: every segmentation of the history into complete blocks (each with exact
 * ratio counts) followed by a partial block is considered; a partial block allows the arms it still lacks, and
 * a history that can end on a block boundary allows every arm.
 */
function possibleBlockArms(
  history: readonly number[],
  blocks: readonly (number | null | undefined)[] | null,
  ratios: readonly number[],
  sizes: readonly number[]
): Set<number> {
  const ratioSum = ratios.reduce((a, b) => a + b, 0)
  const n = history.length
  const possible = new Set<number>()
  const allArms = () => ratios.forEach((_, arm) => possible.add(arm))
  const countsOf = (from: number, to: number) => {
    const counts = ratios.map(() => 0)
    for (let i = from; i < to; i += 1) counts[history[i]!]! += 1
    return counts
  }
  const longest = Math.max(...sizes)
  const fromStart = (start: number, candidateSizes: readonly number[]) => {
    if (n - start > longest) return
    const counts = countsOf(start, n)
    for (const size of candidateSizes) {
      const m = size / ratioSum
      if (size < n - start || counts.some((c, arm) => c > m * ratios[arm]!)) continue
      if (size === n - start) allArms()
      else counts.forEach((c, arm) => c < m * ratios[arm]! && possible.add(arm))
    }
  }
  if (blocks !== null) {
    // Block numbers seen: the current block starts where the last block number first appears.
    let start = n
    while (start > 0 && blocks[start - 1] === blocks[n - 1]) start -= 1
    if (n === 0) allArms()
    else fromStart(start, sizes)
    return possible
  }
  const reachable = new Set<number>([0])
  for (let start = 0; start <= n; start += 1) {
    if (!reachable.has(start)) continue
    if (start === n) {
      allArms()
      continue
    }
    for (const size of sizes) {
      const end = start + size
      if (end > n) continue
      const m = size / ratioSum
      if (countsOf(start, end).every((c, arm) => c === m * ratios[arm]!)) reachable.add(end)
    }
    fromStart(start, sizes)
  }
  return possible
}

/**
 * Insider predictability: the share of households whose arm was certain before they were randomised, to
 * someone who saw every earlier allocation (arms, method fields, and block numbers when shown) and the
 * household's own fields, and knew the method and any published block sizes. For permuted blocks, a household
 * is certain when every block segmentation consistent with its stratum's history leaves one arm; with sealed
 * block sizes any multiple of the ratio sum is a candidate, so a block longer than the history can always be the
 * current one and no arm is certain. For minimisation, certain when `p_follow` is 1 and the
 * imbalance score has a single minimum (Pocock & Simon 1975); with a random element no arm is certain.
 * Berger (2005), Selection Bias and Covariate Imbalances in Randomized Clinical Trials, ch. 3, discusses this
 * kind of prediction by an insider who tracks the allocation sequence.
 *
 * @example
 * insiderPredictability(config, units, { blockSizes: 'sealed', blockNumbers: false }).share // 0
 */
export function insiderPredictability(
  config: RandomisationConfig,
  units: readonly InsiderUnit[],
  view: InsiderView
): Predictability {
  const armIndex = new Map(config.arms.map((arm, i) => [arm.name, i]))
  const ratios = config.arms.map((arm) => arm.ratio)
  const ratioSum = ratios.reduce((a, b) => a + b, 0)
  let certain = 0
  if (config.method === 'permuted_block' || config.method === 'stratified_permuted_block') {
    const histories = new Map<string, { arms: number[]; blocks: (number | null | undefined)[] }>()
    for (const unit of units) {
      const key =
        config.method === 'permuted_block'
          ? '[]'
          : JSON.stringify(config.strata!.map((field) => unit.fields[field]!))
      const history = histories.get(key) ?? { arms: [], blocks: [] }
      histories.set(key, history)
      // Sealed: one candidate longer than the whole history stands for every multiple of the ratio sum; the
      // other candidates could only add arms to the possible set, so this is the insider's best case.
      const sizes =
        view.blockSizes === 'known'
          ? config.block_sizes!
          : [(Math.ceil(history.arms.length / ratioSum) + 2) * ratioSum]
      const possible = possibleBlockArms(
        history.arms,
        view.blockNumbers ? history.blocks : null,
        ratios,
        sizes
      )
      if (possible.size === 1) certain += 1
      history.arms.push(armIndex.get(unit.arm)!)
      history.blocks.push(unit.block)
    }
  } else if (config.method === 'minimisation') {
    const settings = config.minimisation!
    const weights = settings.weights ?? settings.factors.map(() => 1)
    const lcm = ratios.reduce((a, b) => (a * b) / gcd(a, b), 1)
    const scale = ratios.map((r) => lcm / r)
    const counts = new Map<string, number[]>()
    units.forEach((unit, k) => {
      const levels = settings.factors.map((field) => JSON.stringify([field, unit.fields[field]]))
      if (k > 0 && settings.p_follow >= 1) {
        const scores = ratios.map((_, candidate) =>
          levels.reduce(
            (sum, level, f) =>
              sum +
              weights[f]! *
                levelImbalance(
                  counts.get(level) ?? ratios.map(() => 0),
                  candidate,
                  scale,
                  settings.imbalance
                ),
            0
          )
        )
        const best = Math.min(...scores)
        if (scores.filter((s) => s === best).length === 1) certain += 1
      }
      const arm = armIndex.get(unit.arm)!
      for (const level of levels) {
        const c = counts.get(level) ?? ratios.map(() => 0)
        c[arm]! += 1
        counts.set(level, c)
      }
    })
  }
  return { households: units.length, certain, share: units.length ? certain / units.length : 0 }
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b)
}
