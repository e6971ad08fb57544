import { AllocatorStateMismatchError } from '../errors'
import type { BlockSequenceState } from '../state-schema'
import { createBlockSequence, type BlockSequence } from './block-sequence'
import { resumeStream } from './draw'
import { checkArms } from './resume'
import type { StratumIndex } from './stratum-index'

/**
 * Every stratum's block sequence as plain data, in order of the strata's first appearance. A stratum that has drawn
 * nothing (met only by a refused unit) is left out: restored or not, it starts afresh on its own stream.
 *
 * @example
 * snapshotSequences(index) // [{ key: '["York"]', stream: {...}, block: 2, entries: [1, 0, 0, 1], used: 3 }]
 */
export function snapshotSequences(index: StratumIndex<BlockSequence>): BlockSequenceState[] {
  return index
    .entries()
    .filter((entry) => entry.state.block > 0)
    .map((entry) => ({ key: entry.key, ...entry.state.snapshot() }))
}

/**
 * Puts saved block sequences back into a fresh stratum index, each on its resumed stream.
 *
 * @example
 * restoreSequences(index, saved.strata, [1, 1], [2, 4])
 */
export function restoreSequences(
  index: StratumIndex<BlockSequence>,
  strata: readonly BlockSequenceState[],
  ratios: readonly number[],
  blockSizes: readonly number[]
): void {
  for (const stratum of strata) {
    checkArms(stratum.entries, ratios.length, `block entries of stratum ${stratum.key}`)
    if (stratum.used > stratum.entries.length) {
      throw new AllocatorStateMismatchError(
        `saved stratum ${stratum.key} used ${stratum.used} entries of a block of ${stratum.entries.length}`,
        { key: stratum.key }
      )
    }
    index.restore(
      stratum.key,
      createBlockSequence(resumeStream(stratum.stream), ratios, blockSizes, stratum)
    )
  }
}
