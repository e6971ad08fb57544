import type { FieldValue } from './schema'
import type { MethodState } from './state-schema'

/** A unit's id as presented: a non-empty string or a finite number. Ids are compared as strings. */
export type UnitId = string | number

/**
 * One unit (household) in order of presentation: its id plus any fields the method reads (strata, cluster,
 * minimisation factors). Other fields are ignored.
 */
export type RandomisationUnit = { readonly id: UnitId } & { readonly [field: string]: unknown }

/**
 * The allocation of one unit. `stratum` is the canonical stratum key (stratified methods); `block` is the 1-based
 * number of the block within its stratum (block and cluster methods; for clusters, the block of the cluster).
 */
export interface Allocation {
  id: UnitId
  arm: string
  stratum?: string
  block?: number
}

/**
 * A method's running state: it sees units one at a time, 1-based `position` in order of presentation, and
 * returns the whole allocation (building it once matters at a million units). The allocator has checked the id.
 */
export interface MethodAllocator {
  allocate(unit: RandomisationUnit, position: number): Allocation
  /** The running state as plain JSON-safe data; a method created from it continues identically. */
  snapshot(): MethodState
}

export type { FieldValue }
