import { AllocatorStateMismatchError } from '../errors'
import type { RandomisationConfig } from '../schema'
import type { MethodState } from '../state-schema'
import type { MethodAllocator } from '../types'
import { createCluster } from './cluster'
import { createComplete } from './complete'
import { createMinimisation } from './minimisation'
import { createPermutedBlock } from './permuted-block'
import { createSimple } from './simple'

const stateKind = {
  simple: 'simple',
  complete: 'complete',
  permuted_block: 'permuted_block',
  stratified_permuted_block: 'permuted_block',
  cluster: 'cluster',
  stratified_cluster: 'cluster',
  minimisation: 'minimisation',
} as const

type StateOf<K extends MethodState['kind']> = Extract<MethodState, { kind: K }>

/**
 * Version 1 of the engine: picks the method's running state. `total` is the planned N for `complete`. With
 * `state` (a method's `snapshot()`), the method resumes from it instead of starting afresh.
 *
 * @example
 * const method = createMethodV1(config, 'trialworks-randomisation/1', 'c0ffee', undefined)
 * const resumed = createMethodV1(config, 'trialworks-randomisation/1', 'c0ffee', undefined, method.snapshot())
 */
export function createMethodV1(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  total: number | undefined,
  state?: MethodState
): MethodAllocator {
  const kind = stateKind[config.method]
  if (state !== undefined && state.kind !== kind) {
    throw new AllocatorStateMismatchError(
      `saved allocator state is for ${state.kind}, the configuration's method is ${config.method}`,
      { saved: state.kind, method: config.method }
    )
  }
  const saved = <K extends MethodState['kind']>() => state as StateOf<K> | undefined
  switch (config.method) {
    case 'simple':
      return createSimple(config, tag, seed, saved<'simple'>())
    case 'complete':
      return createComplete(config, tag, seed, total ?? 0, saved<'complete'>())
    case 'permuted_block':
    case 'stratified_permuted_block':
      return createPermutedBlock(config, tag, seed, saved<'permuted_block'>())
    case 'cluster':
    case 'stratified_cluster':
      return createCluster(config, tag, seed, saved<'cluster'>())
    case 'minimisation':
      return createMinimisation(config, tag, seed, saved<'minimisation'>())
  }
}

export { completeCounts } from './complete'
export { levelImbalance } from './minimisation'
