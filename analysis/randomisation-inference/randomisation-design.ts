import { DesignError, InvalidInputError } from '../errors'

/**
 * How units were randomised, as integer codes per unit: optional blocks (strata) and clusters
 * (the unit of assignment). Re-randomisation must follow this design, or the test is not exact.
 *
 * @example
 * const design: RandomisationDesign = { blocks: Int32Array.of(0, 0, 1, 1) }
 */
export interface RandomisationDesign {
  readonly blocks?: Int32Array
  readonly clusters?: Int32Array
}

/**
 * One group of randomisation units (a block, or the whole sample) and how many of them were treated.
 *
 * @example
 * const stratum: AssignmentStratum = { units: Int32Array.of(0, 1, 2), treatedCount: 1 }
 */
export interface AssignmentStratum {
  /** Indices of the randomisation units (units, or clusters) in this stratum. */
  readonly units: Int32Array
  readonly treatedCount: number
}

/**
 * The design compiled for fast re-randomisation.
 *
 * @example
 * const compiled: CompiledDesign = compileDesign(treated, { clusters }) // compiled.unitCount clusters
 */
export interface CompiledDesign {
  /** Randomisation units: one per unit, or one per cluster. */
  readonly unitCount: number
  /** Unit (or cluster) of each observation. */
  readonly unitOf: Int32Array
  /** Block of each randomisation unit (all 0 without blocks). */
  readonly blockOfUnit: Int32Array
  readonly blockCount: number
  readonly strata: AssignmentStratum[]
  /** Observed assignment of each randomisation unit. */
  readonly unitTreated: Uint8Array
}

/**
 * Compiles observations, their observed assignment and the design into randomisation units grouped by block,
 * checking what makes re-randomisation meaningful: treatment constant within each cluster, clusters nested in
 * blocks, and each block holding both arms.
 *
 * @example
 * compileDesign(Uint8Array.of(1, 0, 1, 0), { blocks: Int32Array.of(0, 0, 1, 1) }).strata.length // 2
 */
export function compileDesign(
  treated: Uint8Array,
  design: RandomisationDesign = {}
): CompiledDesign {
  const n = treated.length
  const { blocks, clusters } = design
  if ((blocks && blocks.length !== n) || (clusters && clusters.length !== n)) {
    throw new InvalidInputError('blocks and clusters must have one entry per observation')
  }
  let unitCount = n
  let unitOf: Int32Array = new Int32Array(n)
  for (let i = 0; i < n; i++) unitOf[i] = i
  if (clusters) {
    unitOf = clusters
    unitCount = 0
    for (let i = 0; i < n; i++) unitCount = Math.max(unitCount, clusters[i] + 1)
  }
  const unitTreated = new Uint8Array(unitCount).fill(255)
  const blockOfUnit = new Int32Array(unitCount).fill(-1)
  for (let i = 0; i < n; i++) {
    const unit = unitOf[i]
    if (unitTreated[unit] === 255) unitTreated[unit] = treated[i]
    else if (unitTreated[unit] !== treated[i]) {
      throw new DesignError(
        'treatment varies within a cluster, so clusters were not the unit of assignment',
        {
          cluster: unit,
        }
      )
    }
    const block = blocks ? blocks[i] : 0
    if (blockOfUnit[unit] === -1) blockOfUnit[unit] = block
    else if (blockOfUnit[unit] !== block) {
      throw new DesignError(
        'a cluster spans more than one block; clusters must be nested in blocks',
        { cluster: unit }
      )
    }
  }
  let blockCount = 0
  for (let u = 0; u < unitCount; u++) {
    if (blockOfUnit[u] === -1)
      throw new InvalidInputError('cluster codes must be contiguous from 0', { cluster: u })
    blockCount = Math.max(blockCount, blockOfUnit[u] + 1)
  }
  // Each block's units in increasing order, written straight into typed arrays (one per block, sized first).
  const blockSizes = new Int32Array(blockCount)
  for (let u = 0; u < unitCount; u++) blockSizes[blockOfUnit[u]]++
  const members = Array.from({ length: blockCount }, (_, b) => new Int32Array(blockSizes[b]))
  const filled = new Int32Array(blockCount)
  for (let u = 0; u < unitCount; u++) members[blockOfUnit[u]][filled[blockOfUnit[u]]++] = u
  const strata = members.map((units, block) => {
    let treatedCount = 0
    for (let i = 0; i < units.length; i++) treatedCount += unitTreated[units[i]]
    if (units.length === 0)
      throw new InvalidInputError('block codes must be contiguous from 0', { block })
    if (treatedCount === 0 || treatedCount === units.length) {
      throw new DesignError(
        'every unit of a block has the same treatment, so it carries no randomisation',
        { block }
      )
    }
    return { units, treatedCount }
  })
  return { unitCount, unitOf, blockOfUnit, blockCount, strata, unitTreated }
}
