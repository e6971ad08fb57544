import { DomainError } from '../../analysis'

/**
 * A command refused because of the trial's current state (its status, or what was recorded so
 * far): the request was well formed, the trial is not ready for it. `details.trial_status` names
 * the status. `src/problem.ts` answers these with 409.
 *
 * @example
 * throw new NotRecruitingError('households can be randomised only while recruiting', { trial_status: 'closed' })
 */
export class StateConflictError extends DomainError {
  override readonly code: string = 'state-conflict'
}

/**
 * A command that needs a registered protocol, on a trial that was never registered.
 *
 * @example
 * throw new NotRegisteredError('the trial was never registered', { trial_status: 'draft' })
 */
export class NotRegisteredError extends StateConflictError {
  override readonly code: string = 'not-registered'
}

/**
 * The protocol was registered and is locked: it changes only by amendment.
 *
 * @example
 * throw new ProtocolLockedError('the protocol was registered and is locked', { trial_status: 'registered' })
 */
export class ProtocolLockedError extends StateConflictError {
  override readonly code: string = 'protocol-locked'
}

/**
 * The trial's status does not allow an amendment (drafts are edited, analysed trials are final).
 *
 * @example
 * throw new NotAmendableError('an analysed trial cannot be amended', { trial_status: 'analysed' })
 */
export class NotAmendableError extends StateConflictError {
  override readonly code: string = 'not-amendable'
}

/**
 * An amendment that changes what can never change once households are allocated (randomisation,
 * arms, unit of randomisation) or at all (the intervention). `details.paths` lists the changes.
 *
 * @example
 * throw new AmendmentNotAllowedError('the intervention cannot change', { paths: ['/intervention/id'] })
 */
export class AmendmentNotAllowedError extends StateConflictError {
  override readonly code: string = 'amendment-not-allowed'
}

/**
 * Households can be randomised only while the trial is recruiting.
 *
 * @example
 * throw new NotRecruitingError('the trial is closed', { trial_status: 'closed' })
 */
export class NotRecruitingError extends StateConflictError {
  override readonly code: string = 'not-recruiting'
}

/**
 * Data of this kind cannot be recorded in the trial's status.
 *
 * @example
 * throw new NotRecordingError('outcomes are recorded from recruitment until data collection ends', { trial_status: 'draft' })
 */
export class NotRecordingError extends StateConflictError {
  override readonly code: string = 'not-recording'
}

/**
 * Analyses (and the allocation export) wait until recruitment has closed.
 *
 * @example
 * throw new NotClosedError('analyses run once recruitment has closed', { trial_status: 'recruiting' })
 */
export class NotClosedError extends StateConflictError {
  override readonly code: string = 'not-closed'
}

/**
 * A rating needs the final registered analysis to have run.
 *
 * @example
 * throw new NotAnalysedError('a rating needs the final analysis', { trial_status: 'closed' })
 */
export class NotAnalysedError extends StateConflictError {
  override readonly code: string = 'not-analysed'
}

/**
 * A decision on a rating that a newer rating has replaced.
 *
 * @example
 * throw new RatingSupersededError('decide on the newer rating', { latest_rating_id: id })
 */
export class RatingSupersededError extends StateConflictError {
  override readonly code: string = 'rating-superseded'
}

/**
 * The data changed after the analysis a command relies on.
 *
 * @example
 * throw new AnalysisStaleError('rerun the analysis before rating', { run_id: id })
 */
export class AnalysisStaleError extends StateConflictError {
  override readonly code: string = 'analysis-stale'
}

/** One invalid field of a command, by JSON Pointer into the request. */
export type FieldProblem = {
  pointer: string
  detail: string
  code: string
  allowed?: readonly unknown[]
}

/**
 * A command whose fields break a rule; `details.errors` lists every problem (JSON Pointers into
 * the request). Answered with 422.
 *
 * @example
 * throw new FieldProblemsError('an override needs a reason', [{ pointer: '/reason', detail: 'at least 10 characters', code: 'too_small' }])
 */
export class FieldProblemsError extends DomainError {
  override readonly code: string = 'validation-failed'
  constructor(
    message: string,
    errors: readonly FieldProblem[],
    extra: Record<string, unknown> = {}
  ) {
    super(message, { errors: [...errors], ...extra })
  }
}

/**
 * The final analysis was requested while some arm has no value of the primary outcome;
 * `details.missing` lists each outcome and arm without one. Answered with 422.
 *
 * @example
 * throw new OutcomesMissingError('no primary outcome recorded in arm mediation', { missing: [{ outcome: 'homeless_6m', arm: 'mediation' }] })
 */
export class OutcomesMissingError extends DomainError {
  override readonly code: string = 'outcomes-missing'
}
