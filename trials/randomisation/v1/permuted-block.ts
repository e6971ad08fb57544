import type { RandomisationConfig } from '../schema'
import type { MethodState } from '../state-schema'
import type { MethodAllocator } from '../types'
import { createBlockSequence, type BlockSequence } from './block-sequence'
import { createStream } from './draw'
import { restoreSequences, snapshotSequences } from './sequences-state'
import { createStratumIndex } from './stratum-index'

/**
 * Permuted blocks, stratified or not: each stratum has its own block sequence on the stream
 * `stratum|<canonical key>` (the unstratified method uses the key `[]`), so strata never disturb each other.
 *
 * @example
 * const method = createPermutedBlock(config, 'trialworks-randomisation/1', 'c0ffee')
 * method.allocate({ id: 'h-1', council: 'York' }, 1) // { id: 'h-1', arm: 'mediation', stratum: '["York"]', block: 1 }
 */
export function createPermutedBlock(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  saved?: Extract<MethodState, { kind: 'permuted_block' }>
): MethodAllocator {
  const ratios = config.arms.map((arm) => arm.ratio)
  const blockSizes = config.block_sizes ?? []
  const names = config.arms.map((arm) => arm.name)
  const stratified = config.strata !== undefined
  const index = createStratumIndex<BlockSequence>(
    config.strata ?? [],
    config.strata_values,
    (key) => createBlockSequence(createStream(tag, seed, `stratum|${key}`), ratios, blockSizes)
  )
  if (saved) restoreSequences(index, saved.strata, ratios, blockSizes)
  return {
    snapshot: () => ({ kind: 'permuted_block', strata: snapshotSequences(index) }),
    allocate(unit, position) {
      const entry = index.lookup(unit, position)
      const sequence = entry.state
      const arm = names[sequence.next()]
      return stratified
        ? { id: unit.id, arm, stratum: entry.key, block: sequence.block }
        : { id: unit.id, arm, block: sequence.block }
    },
  }
}
