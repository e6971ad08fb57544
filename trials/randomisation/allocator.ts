import { CURRENT_ALGORITHM, methodFactory } from './algorithms'
import {
  AllocatorStateMismatchError,
  DuplicateUnitIdError,
  InvalidRandomisationError,
  MissingUnitFieldError,
} from './errors'
import { parseRandomisation } from './parse-config'
import type { RandomisationConfig } from './schema'
import { ALLOCATOR_STATE_FORMAT, allocatorStateSchema, type AllocatorState } from './state-schema'
import type { Allocation, MethodAllocator, RandomisationUnit } from './types'

/** Options of {@link createAllocator}: the algorithm tag to run (default: the current one). */
export interface AllocatorOptions {
  algorithm?: string
}

/** A running allocation sequence: feed units in order of presentation. */
export interface Allocator {
  /** The algorithm tag every allocation from this allocator was made with. */
  readonly algorithm: string
  /** How many units have been allocated so far. */
  readonly allocated: number
  /** Allocates the next unit; throws a `DomainError` (and allocates nothing) if the unit is invalid. */
  allocate(unit: RandomisationUnit): Allocation
  /** The running state as JSON-safe data: {@link restoreAllocator} continues from it exactly. */
  snapshot(): AllocatorState
}

function build(
  config: unknown,
  seed: string,
  options: AllocatorOptions,
  batchTotal: number | undefined,
  saved?: AllocatorState
): Allocator {
  if (typeof seed !== 'string' || seed.length === 0) {
    throw new InvalidRandomisationError('seed must be a non-empty string', { field: 'seed' })
  }
  const parsed: RandomisationConfig = parseRandomisation(config)
  const algorithm = options.algorithm ?? CURRENT_ALGORITHM
  const factory = methodFactory(algorithm)
  const total = parsed.sample_size ?? batchTotal
  if (parsed.method === 'complete' && total === undefined) {
    throw new InvalidRandomisationError(
      'complete randomisation one unit at a time needs sample_size (the planned number of units)',
      { field: 'sample_size' }
    )
  }
  const method: MethodAllocator = factory(parsed, algorithm, seed, total, saved?.method)
  // Ids seen by this allocator only: a restored allocator leaves earlier ids to the store's unique key.
  const positions = new Map<string, number>()
  let allocated = saved?.allocated ?? 0

  return {
    algorithm,
    get allocated() {
      return allocated
    },
    snapshot: () => ({
      format: ALLOCATOR_STATE_FORMAT,
      algorithm,
      allocated,
      method: method.snapshot(),
    }),
    allocate(unit) {
      const position = allocated + 1
      const id = unit?.id
      if (!(
        (typeof id === 'string' && id.length > 0) ||
        (typeof id === 'number' && Number.isFinite(id))
      )) {
        throw new MissingUnitFieldError(
          `unit ${position} has no id (a non-empty string or a number)`,
          { position }
        )
      }
      const idKey = String(id)
      const earlier = positions.get(idKey)
      if (earlier !== undefined) {
        throw new DuplicateUnitIdError(
          `unit id ${JSON.stringify(id)} appears at positions ${earlier} and ${position}`,
          {
            id,
            positions: [earlier, position],
          }
        )
      }
      // Methods validate the unit's fields before touching their state, so a refused unit leaves no trace.
      const allocation = method.allocate(unit, position)
      positions.set(idKey, position)
      allocated = position
      return allocation
    },
  }
}

/**
 * Starts a sequential allocation: `allocate(unit)` gives unit k's allocation from the seed, the configuration and
 * units 1..k only, so one-at-a-time allocation equals a batch of the same units.
 *
 * @example
 * const allocator = createAllocator(
 *   { method: 'permuted_block', arms: [{ name: 'mediation', ratio: 1 }, { name: 'usual_care', ratio: 1 }], block_sizes: [2, 4] },
 *   '9f2c1e7a5b3d4c6e8f0a1b2c3d4e5f60',
 * )
 * allocator.allocate({ id: 'h-1' }) // { id: 'h-1', arm: 'usual_care', block: 1 } (or mediation)
 */
export function createAllocator(
  config: unknown,
  seed: string,
  options: AllocatorOptions = {}
): Allocator {
  return build(config, seed, options, undefined)
}

/**
 * Rebuilds an allocator's state from the units already allocated, in order; the next `allocate` call gives the
 * next unit's allocation. This is how a server recomputes the next allocation inside a transaction.
 *
 * @example
 * const allocator = replayAllocator(config, seed, storedUnits)
 * const next = allocator.allocate(newHousehold)
 */
export function replayAllocator(
  config: unknown,
  seed: string,
  priorUnits: readonly RandomisationUnit[],
  options: AllocatorOptions = {}
): Allocator {
  const allocator = createAllocator(config, seed, options)
  for (const unit of priorUnits) allocator.allocate(unit)
  return allocator
}

/** A unit as it was allocated before: the unit itself and the allocation recorded for it. */
export interface RecordedAllocation {
  unit: RandomisationUnit
  arm: string
  stratum: string | null
  block: number | null
}

/**
 * Brings an allocator forward over units allocated elsewhere since it last ran (another process's enrolments),
 * in order, checking each allocation it makes against the one recorded. Returns false at the first that differs,
 * and the allocator must then be discarded (it has moved on); true when every one agreed, and the allocator
 * then stands exactly where a replay of every unit would.
 *
 * @example
 * const ahead = replayAllocator(config, seed, units.slice(0, k))
 * advanceAllocator(ahead, recorded.slice(k)) // true: `ahead` now equals replayAllocator(config, seed, units)
 */
export function advanceAllocator(
  allocator: Allocator,
  recorded: readonly RecordedAllocation[]
): boolean {
  for (const r of recorded) {
    let a: Allocation
    try {
      a = allocator.allocate(r.unit)
    } catch {
      return false
    }
    if (a.arm !== r.arm || (a.stratum ?? null) !== r.stratum || (a.block ?? null) !== r.block)
      return false
  }
  return true
}

/**
 * Resumes an allocation sequence from a saved {@link Allocator.snapshot}: the next `allocate` gives exactly what
 * the allocator that was saved would have given, which is what a replay of every earlier unit gives. The state is
 * checked against the configuration (method, arms, planned total, algorithm tag); one that does not fit throws
 * {@link AllocatorStateMismatchError} and must be rebuilt by {@link replayAllocator}. Unit ids allocated before
 * the snapshot are not in it: the caller's store must refuse a repeated id.
 *
 * @example
 * const saved = JSON.stringify(replayAllocator(config, seed, units).snapshot())
 * restoreAllocator(config, seed, JSON.parse(saved)).allocate(next) // the allocation replay + allocate gives
 */
export function restoreAllocator(config: unknown, seed: string, state: unknown): Allocator {
  const parsed = allocatorStateSchema.safeParse(state)
  if (!parsed.success) {
    throw new AllocatorStateMismatchError(
      `saved allocator state is malformed: ${parsed.error.issues
        .slice(0, 3)
        .map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`)
        .join('; ')}`,
      { format: ALLOCATOR_STATE_FORMAT }
    )
  }
  return build(config, seed, { algorithm: parsed.data.algorithm }, undefined, parsed.data)
}

/**
 * Allocates a batch in order. For `complete` without `sample_size`, N is the batch size.
 *
 * @example
 * allocateAll(
 *   { method: 'complete', arms: [{ name: 'letter', ratio: 2 }, { name: 'no_letter', ratio: 1 }] },
 *   'c0ffee',
 *   [{ id: 1 }, { id: 2 }, { id: 3 }],
 * ) // two 'letter' and one 'no_letter', in a random order
 */
export function allocateAll(
  config: unknown,
  seed: string,
  units: readonly RandomisationUnit[],
  options: AllocatorOptions = {}
): Allocation[] {
  const allocator = build(config, seed, options, units.length)
  const allocations = new Array<Allocation>(units.length)
  for (let index = 0; index < units.length; index += 1)
    allocations[index] = allocator.allocate(units[index])
  return allocations
}
