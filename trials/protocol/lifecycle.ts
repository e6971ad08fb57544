import { z } from 'zod'
import { InvalidTransitionError } from './errors'

/**
 * Trial statuses. `withdrawn` ends a trial early; the record and any registration stay public.
 *
 * @example
 * trialStatusSchema.parse('recruiting') // 'recruiting'
 */
export const trialStatusSchema = z
  .enum(['draft', 'registered', 'recruiting', 'closed', 'analysed', 'rated', 'withdrawn'])
  .describe(
    'Trial status: draft -> registered -> recruiting -> closed -> analysed -> rated, or withdrawn before results exist'
  )
/**
 * A trial status.
 *
 * @example
 * const status: TrialStatus = 'recruiting'
 */
export type TrialStatus = z.infer<typeof trialStatusSchema>

/**
 * The allowed next states. Withdrawal is possible until results exist: once a trial is analysed,
 * withdrawing it would hide a result, which is the publication bias registration exists to stop.
 * A registered protocol never goes back to draft; it changes only by amendment.
 *
 * @example
 * TRANSITIONS.closed // ['analysed', 'withdrawn']
 */
export const TRANSITIONS: Readonly<Record<TrialStatus, readonly TrialStatus[]>> = Object.freeze({
  draft: ['registered', 'withdrawn'],
  registered: ['recruiting', 'withdrawn'],
  recruiting: ['closed', 'withdrawn'],
  closed: ['analysed', 'withdrawn'],
  analysed: ['rated'],
  rated: [],
  withdrawn: [],
})

/**
 * The states a trial may move to from `status` (empty for the terminal states rated and withdrawn).
 *
 * @example
 * nextStates('draft') // ['registered', 'withdrawn']
 */
export function nextStates(status: TrialStatus): readonly TrialStatus[] {
  return TRANSITIONS[status]
}

/**
 * Whether `from -> to` is an allowed transition.
 *
 * @example
 * canTransition('registered', 'recruiting') // true
 */
export function canTransition(from: TrialStatus, to: TrialStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * Throws `InvalidTransitionError` (code 'invalid-transition', `details` `{ from, to, allowed }`)
 * unless `from -> to` is allowed.
 *
 * @example
 * assertTransition('draft', 'recruiting') // throws; details.allowed = ['registered', 'withdrawn']
 */
export function assertTransition(from: TrialStatus, to: TrialStatus): void {
  if (canTransition(from, to)) return
  const allowed = [...TRANSITIONS[from]]
  const options =
    allowed.length === 0 ? `${from} is a final state` : `allowed next states: ${allowed.join(', ')}`
  throw new InvalidTransitionError(`a trial cannot move from ${from} to ${to}; ${options}`, {
    from,
    to,
    allowed,
  })
}

/**
 * What a trial in a given status permits.
 *
 * @example
 * const { enrol }: StatusPermissions = permissions('recruiting')
 */
export type StatusPermissions = {
  /** The protocol is a draft and may be changed freely, without an amendment record. */
  editDraft: boolean
  /** The registered protocol may be changed, only by a recorded amendment. */
  amend: boolean
  /** Households (or clusters) may be enrolled and randomised. */
  enrol: boolean
  /** Outcome analyses may be run. Only after recruitment closes, so that no one sees effects early. */
  analyse: boolean
  /** An evidence rating may be produced. */
  rate: boolean
  /** The randomisation seed is public (revealed at close, or at withdrawal after registration). */
  seedRevealed: boolean
}

const PERMISSIONS: Readonly<Record<TrialStatus, Readonly<StatusPermissions>>> = Object.freeze({
  draft: {
    editDraft: true,
    amend: false,
    enrol: false,
    analyse: false,
    rate: false,
    seedRevealed: false,
  },
  registered: {
    editDraft: false,
    amend: true,
    enrol: false,
    analyse: false,
    rate: false,
    seedRevealed: false,
  },
  recruiting: {
    editDraft: false,
    amend: true,
    enrol: true,
    analyse: false,
    rate: false,
    seedRevealed: false,
  },
  closed: {
    editDraft: false,
    amend: true,
    enrol: false,
    analyse: true,
    rate: false,
    seedRevealed: true,
  },
  analysed: {
    editDraft: false,
    amend: false,
    enrol: false,
    analyse: true,
    rate: true,
    seedRevealed: true,
  },
  rated: {
    editDraft: false,
    amend: false,
    enrol: false,
    analyse: true,
    rate: true,
    seedRevealed: true,
  },
  withdrawn: {
    editDraft: false,
    amend: false,
    enrol: false,
    analyse: false,
    rate: false,
    seedRevealed: true,
  },
})

/**
 * What a status permits: editing a draft, amending, enrolling, analysing, rating, and whether the
 * seed is public. Amendments stay possible while closed (before analysis) so that a change can be
 * recorded, and flagged as a deviation, rather than made silently.
 *
 * @example
 * permissions('recruiting').enrol // true
 * permissions('recruiting').seedRevealed // false
 */
export function permissions(status: TrialStatus): Readonly<StatusPermissions> {
  return PERMISSIONS[status]
}

/**
 * Whether recruitment has started in this status, the point after which changes to the primary
 * outcome or the analysis plan are deviations (see `classifyAmendment`). For `withdrawn` the
 * status alone cannot tell (a trial may be withdrawn before or after its first household), so it
 * returns false and callers should ask whether any unit was enrolled.
 *
 * @example
 * recruitmentStarted('registered') // false
 */
export function recruitmentStarted(status: TrialStatus): boolean {
  return (
    status === 'recruiting' || status === 'closed' || status === 'analysed' || status === 'rated'
  )
}
