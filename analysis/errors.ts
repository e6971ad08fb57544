/**
 * Base class of every error the pure core (`analysis/`, `trials/`) throws.
 * The core never speaks HTTP: `src/problem.ts` alone maps a `code` to a status.
 *
 * @example
 * class TooFewUnitsError extends DomainError { override readonly code = 'too-few-units' }
 * throw new TooFewUnitsError('difference in means needs at least two units in each arm')
 */
export class DomainError extends Error {
  /** Stable machine-readable code, kebab-case. */
  readonly code: string = 'domain-error'
  /** Optional structured detail: offending field paths, allowed values, row numbers. */
  readonly details?: Record<string, unknown>

  constructor(message: string, details?: Record<string, unknown>) {
    super(message)
    this.name = new.target.name
    if (details !== undefined) this.details = details
  }
}

/** Input that is structurally fine but cannot be analysed (constant outcome, empty arm, ...). */
export class InvalidInputError extends DomainError {
  override readonly code: string = 'invalid-input'
}

/** Input whose design makes the requested computation undefined (e.g. treatment varies within a cluster). */
export class DesignError extends DomainError {
  override readonly code: string = 'design-error'
}
