import type { RandomisationConfig } from '../schema'
import type { MethodAllocator } from '../types'
import { createCluster } from './cluster'
import { createComplete } from './complete'
import { createMinimisation } from './minimisation'
import { createPermutedBlock } from './permuted-block'
import { createSimple } from './simple'

/**
 * Version 1 of the engine: picks the method's running state. `total` is the planned N for `complete`.
 *
 * @example
 * const method = createMethodV1(config, 'trialworks-randomisation/1', 'c0ffee', undefined)
 */
export function createMethodV1(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  total: number | undefined
): MethodAllocator {
  switch (config.method) {
    case 'simple':
      return createSimple(config, tag, seed)
    case 'complete':
      return createComplete(config, tag, seed, total ?? 0)
    case 'permuted_block':
    case 'stratified_permuted_block':
      return createPermutedBlock(config, tag, seed)
    case 'cluster':
    case 'stratified_cluster':
      return createCluster(config, tag, seed)
    case 'minimisation':
      return createMinimisation(config, tag, seed)
  }
}

export { completeCounts } from './complete'
export { levelImbalance } from './minimisation'
export { stratumKey } from './stratum-index'
