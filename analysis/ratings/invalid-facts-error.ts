import { DomainError } from '../errors'

/** One refused fact: where it is (dotted path, e.g. `threats.0.severity`) and why. */
export type FactProblem = { path: string; reason: string }

/**
 * Facts outside their domain (§1). Lists every problem at once so an officer can fix them in one pass.
 *
 * @example
 * throw new InvalidFactsError([{ path: 'n_analysed_control', reason: 'exceeds n_randomised_control' }])
 */
export class InvalidFactsError extends DomainError {
  override readonly code: string = 'invalid-facts'
  readonly problems: FactProblem[]

  constructor(problems: FactProblem[]) {
    super(`${problems.length} fact${problems.length === 1 ? '' : 's'} outside their domain`, {
      problems,
    })
    this.problems = problems
  }
}
