import type { BlockSequenceState } from '../state-schema'
import type { Stream } from './draw'

/** Running permuted-block state of one stratum: `next()` gives the next arm index; `block` is its 1-based block. */
export interface BlockSequence {
  next(): number
  readonly block: number
  /** The sequence as plain data (without the stratum key, which its owner adds). */
  snapshot(): Omit<BlockSequenceState, 'key'>
}

/**
 * Permuted blocks with randomly chosen sizes, one stream per stratum. For each new block:
 *   size = blockSizes[floor(u * blockSizes.length)]       (one draw, even when only one size is allowed)
 *   multiset = arm 0 repeated m*r_0 times, then arm 1 repeated m*r_1 times, ..., with m = size / sum(r)
 *   for i = size-1 down to 1: j = floor(u * (i + 1)); swap(multiset[i], multiset[j])   (Fisher–Yates)
 * Units then take the block's entries in order. `resume` continues a saved sequence (its stream must be the
 * saved stream resumed) exactly where it stopped.
 * Knuth, TAOCP vol. 2, 3rd ed., §3.4.2 Algorithm P (p. 145).
 *
 * @example
 * const sequence = createBlockSequence(rng, [2, 1], [3, 6])
 * sequence.next() // 0 or 1; sequence.block is now 1
 */
export function createBlockSequence(
  rng: Stream,
  ratios: readonly number[],
  blockSizes: readonly number[],
  resume?: Omit<BlockSequenceState, 'key' | 'stream'>
): BlockSequence {
  const ratioSum = ratios.reduce((sum, ratio) => sum + ratio, 0)
  const templates = blockSizes.map((size) => {
    const multiplier = size / ratioSum
    const template: number[] = []
    ratios.forEach((ratio, arm) => {
      for (let copy = 0; copy < multiplier * ratio; copy += 1) template.push(arm)
    })
    return Int32Array.from(template)
  })
  let current = resume ? Int32Array.from(resume.entries) : new Int32Array(0)
  let offset = resume ? resume.used : 0

  function startBlock(): void {
    const template = templates[Math.floor(rng() * templates.length)]
    current = template.slice()
    for (let i = current.length - 1; i >= 1; i -= 1) {
      const j = Math.floor(rng() * (i + 1))
      const held = current[i]
      current[i] = current[j]
      current[j] = held
    }
    offset = 0
    sequence.block += 1
  }

  const sequence = {
    block: resume ? resume.block : 0,
    next(): number {
      if (offset === current.length) startBlock()
      const arm = current[offset]
      offset += 1
      return arm
    },
    snapshot() {
      return {
        stream: rng.state(),
        block: sequence.block,
        entries: Array.from(current),
        used: offset,
      }
    },
  }
  return sequence
}
