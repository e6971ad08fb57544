import { DomainError } from '../errors'
import type { FactProblem } from './invalid-facts-error'

/**
 * Staff-supplied rating options outside their domain; lists every problem (path + reason).
 *
 * @example
 * throw new InvalidRatingOptionsError([{ path: 'sms_rct_floor', reason: 'Too big: expected number to be <=5' }])
 */
export class InvalidRatingOptionsError extends DomainError {
  override readonly code: string = 'invalid-rating-options'
  readonly problems: FactProblem[]

  constructor(problems: FactProblem[]) {
    super(
      `${problems.length} rating option${problems.length === 1 ? '' : 's'} outside their domain`,
      { problems }
    )
    this.problems = problems
  }
}
