import { DomainError } from '../../analysis'

/**
 * A trial status change that the lifecycle does not allow (e.g. `draft -> recruiting`).
 * `details` carries `from`, `to` and `allowed`, the states reachable from `from`.
 *
 * @example
 * throw new InvalidTransitionError('cannot move a trial from draft to recruiting', {
 *   from: 'draft', to: 'recruiting', allowed: ['registered', 'withdrawn'],
 * })
 */
export class InvalidTransitionError extends DomainError {
  override readonly code: string = 'invalid-transition'
}

/**
 * A protocol that cannot be registered because it cannot be executed as written.
 * `details.problems` lists every problem found (path, code, message), not just the first.
 *
 * @example
 * throw new ProtocolInvalidError('the protocol has 2 problems', { problems })
 */
export class ProtocolInvalidError extends DomainError {
  override readonly code: string = 'protocol-invalid'
}

/**
 * A randomisation seed that does not meet the documented format (see `seed.ts`).
 *
 * @example
 * throw new InvalidSeedError('a seed must be at least 32 lowercase hex characters (128 bits)')
 */
export class InvalidSeedError extends DomainError {
  override readonly code: string = 'invalid-seed'
}

/**
 * A value that has no RFC 8785 canonical form: NaN, Infinity, a lone surrogate, `undefined` in an
 * array, a bigint, a function, or an object that is not plain JSON data (Date, Map, class instance).
 * `details.path` is the JSON pointer of the offending value.
 *
 * @example
 * throw new NotCanonicalisableError('NaN has no JSON form', { path: '/sampleSize/power' })
 */
export class NotCanonicalisableError extends DomainError {
  override readonly code: string = 'not-canonicalisable'
}

/**
 * An amendment whose protocol is identical to the current version: there is nothing to record.
 *
 * @example
 * throw new NoChangesError('the amended protocol is identical to the current version')
 */
export class NoChangesError extends DomainError {
  override readonly code: string = 'no-changes'
}
