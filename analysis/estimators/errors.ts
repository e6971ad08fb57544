import { DomainError, InvalidInputError } from '../errors'

/**
 * An arm, block or cluster has too few units for the requested estimator.
 *
 * @example
 * throw new TooFewUnitsError('the control arm needs at least two units', { arm: 'control', n: 1 })
 */
export class TooFewUnitsError extends InvalidInputError {
  override readonly code: string = 'too-few-units'
}

/**
 * A variance is zero where the estimator divides by it (a constant outcome, a perfect fit).
 *
 * @example
 * throw new ZeroVarianceError('the outcome is constant in both arms: no standard error exists')
 */
export class ZeroVarianceError extends InvalidInputError {
  override readonly code: string = 'zero-variance'
}

/**
 * An iterative fit did not converge, or the data separate the outcome perfectly.
 *
 * @example
 * throw new ConvergenceError('logistic regression did not converge in 100 iterations')
 */
export class ConvergenceError extends InvalidInputError {
  override readonly code: string = 'no-convergence'
}

/**
 * A computation produced a non-finite number; the engine refuses rather than report NaN or Infinity.
 *
 * @example
 * throw new NonFiniteResultError('std_error is not finite', { field: 'std_error' })
 */
export class NonFiniteResultError extends DomainError {
  override readonly code: string = 'non-finite-result'
}
