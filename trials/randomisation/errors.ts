import { DomainError } from '../../analysis'

/**
 * A randomisation section (or request) that fails its schema; `details.issues` lists every problem with its path.
 *
 * @example
 * throw new InvalidRandomisationError('block_sizes.0: block size 4 is not a multiple of the ratio sum 3', { issues: [] })
 */
export class InvalidRandomisationError extends DomainError {
  override readonly code: string = 'invalid-randomisation'
}

/**
 * A unit lacks a field the method needs (stratum, cluster or minimisation factor), or carries a value of the wrong type.
 *
 * @example
 * throw new MissingUnitFieldError('unit 3 (id "h-17") has no value for stratum field "council"')
 */
export class MissingUnitFieldError extends DomainError {
  override readonly code: string = 'missing-unit-field'
}

/**
 * A unit's stratum value is not among the allowed values of that field; the message lists the allowed values.
 *
 * @example
 * throw new UnknownStratumValueError('unit 2 (id "h-9"): council "Leeds" is not allowed; allowed: "York", "Hull"')
 */
export class UnknownStratumValueError extends DomainError {
  override readonly code: string = 'unknown-stratum-value'
}

/**
 * Two units share an id; the message names both positions (1-based, in order of presentation).
 *
 * @example
 * throw new DuplicateUnitIdError('unit id "h-9" appears at positions 2 and 7')
 */
export class DuplicateUnitIdError extends DomainError {
  override readonly code: string = 'duplicate-unit-id'
}

/**
 * Complete randomisation asked for more units than its planned `sample_size`.
 *
 * @example
 * throw new SampleSizeExceededError('complete randomisation planned 100 units; unit 101 cannot be allocated')
 */
export class SampleSizeExceededError extends DomainError {
  override readonly code: string = 'sample-size-exceeded'
}

/**
 * A member of an already allocated cluster presents in a different stratum from the cluster's first member.
 *
 * @example
 * throw new ClusterStratumConflictError('cluster "office-3" was allocated in stratum ["York"] but unit 8 is in ["Hull"]')
 */
export class ClusterStratumConflictError extends DomainError {
  override readonly code: string = 'cluster-stratum-conflict'
}

/**
 * An algorithm tag that this engine does not know, e.g. from an export written by a newer release.
 *
 * @example
 * throw new UnknownAlgorithmError('unknown randomisation algorithm "trialworks-randomisation/9"')
 */
export class UnknownAlgorithmError extends DomainError {
  override readonly code: string = 'unknown-algorithm'
}

/**
 * An allocation export document that fails its schema; `details.issues` lists every problem with its path.
 *
 * @example
 * throw new InvalidAllocationExportError('invalid allocation export: seed_commitment: Invalid string', { issues: [] })
 */
export class InvalidAllocationExportError extends DomainError {
  override readonly code: string = 'invalid-allocation-export'
}

/**
 * A saved allocator state that does not fit the configuration, seed or algorithm it is restored with (another
 * method, another number of arms, a malformed snapshot). The state is a cache: rebuild it by replay.
 *
 * @example
 * throw new AllocatorStateMismatchError('saved state is for minimisation, the configuration says simple')
 */
export class AllocatorStateMismatchError extends DomainError {
  override readonly code: string = 'allocator-state-mismatch'
}
