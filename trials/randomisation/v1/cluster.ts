import { ClusterStratumConflictError } from '../errors'
import type { RandomisationConfig } from '../schema'
import type { MethodState } from '../state-schema'
import type { Allocation, FieldValue, MethodAllocator, RandomisationUnit } from '../types'
import { createBlockSequence, type BlockSequence } from './block-sequence'
import { createStream } from './draw'
import { checkArms } from './resume'
import { restoreSequences, snapshotSequences } from './sequences-state'
import { createStratumIndex } from './stratum-index'
import { describeUnit, readField } from './unit-fields'

interface ClusterAllocation {
  arm: number
  stratum: string
  block: number
}

/**
 * Cluster randomisation, stratified or not. A cluster is allocated when its first member presents, by taking the
 * next entry of its stratum's permuted-block sequence (the same sequence and stream `stratum|<key>` as
 * permuted blocks, but advanced once per new cluster rather than once per unit). Later members inherit the
 * cluster's arm and draw nothing. Clusters are identified by value and type (office 3 and "3" differ).
 * With a single block size equal to the number of clusters this is complete randomisation of clusters.
 *
 * @example
 * const method = createCluster(config, 'trialworks-randomisation/1', 'c0ffee')
 * method.allocate({ id: 'h-1', caseworker: 'cw-7' }, 1) // { id: 'h-1', arm: 'mediation', block: 1 }
 */
export function createCluster(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  saved?: Extract<MethodState, { kind: 'cluster' }>
): MethodAllocator {
  const ratios = config.arms.map((arm) => arm.ratio)
  const names = config.arms.map((arm) => arm.name)
  const clusterField = config.cluster ?? ''
  const stratified = config.strata !== undefined
  const index = createStratumIndex<BlockSequence>(
    config.strata ?? [],
    config.strata_values,
    (key) =>
      createBlockSequence(
        createStream(tag, seed, `stratum|${key}`),
        ratios,
        config.block_sizes ?? []
      )
  )
  const clusters = new Map<FieldValue, ClusterAllocation>()
  if (saved) {
    restoreSequences(index, saved.strata, ratios, config.block_sizes ?? [])
    checkArms(
      saved.clusters.map((c) => c.arm),
      ratios.length,
      'cluster arms'
    )
    for (const { cluster, arm, stratum, block } of saved.clusters)
      clusters.set(cluster, { arm, stratum, block })
  }

  function outcome(unit: RandomisationUnit, cluster: ClusterAllocation): Allocation {
    return stratified
      ? { id: unit.id, arm: names[cluster.arm], stratum: cluster.stratum, block: cluster.block }
      : { id: unit.id, arm: names[cluster.arm], block: cluster.block }
  }

  return {
    snapshot: () => ({
      kind: 'cluster',
      strata: snapshotSequences(index),
      clusters: Array.from(clusters, ([cluster, c]) => ({ cluster, ...c })),
    }),
    allocate(unit, position) {
      const clusterValue = readField(unit, clusterField, position, 'cluster field')
      const entry = index.lookup(unit, position)
      const known = clusters.get(clusterValue)
      if (known !== undefined) {
        if (known.stratum !== entry.key) {
          throw new ClusterStratumConflictError(
            `${describeUnit(unit, position)} is in stratum ${entry.key} but its cluster ${clusterField} ` +
              `${JSON.stringify(clusterValue)} was allocated in stratum ${known.stratum}`,
            { position, cluster: clusterValue, stratum: entry.key, clusterStratum: known.stratum }
          )
        }
        return outcome(unit, known)
      }
      const arm = entry.state.next()
      const allocated = { arm, stratum: entry.key, block: entry.state.block }
      clusters.set(clusterValue, allocated)
      return outcome(unit, allocated)
    },
  }
}
