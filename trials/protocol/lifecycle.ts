import { z } from 'zod'
import { InvalidTransitionError } from './errors'

/**
 * Every trial status, in lifecycle order: the one list from which the zod enum, the database
 * column enum and its SQL check constraint are built.
 *
 * - `draft`: the protocol is being written; nothing is public.
 * - `registered`: the protocol is locked by hash and the seed committed; no household yet.
 * - `recruiting`: households are randomised as they present; data may be recorded.
 * - `closed`: recruitment has ended and the seed is revealed; follow-up continues, so baseline and
 *   outcome data are still recorded, and a planned analysis run now is interim.
 * - `data_complete`: the registered follow-up windows have passed, or the evaluator declared data
 *   collection complete with a reason; the final planned analysis runs here.
 * - `analysed`: the final planned analysis has run.
 * - `rated`: Centre staff decided on an evidence rating.
 * - `withdrawn`: ended early; public (with its seed) only if it was ever registered.
 *
 * @example
 * TRIAL_STATUSES.includes('closed') // true
 */
export const TRIAL_STATUSES = [
  'draft',
  'registered',
  'recruiting',
  'closed',
  'data_complete',
  'analysed',
  'rated',
  'withdrawn',
] as const

/**
 * Trial statuses as a zod enum.
 *
 * @example
 * trialStatusSchema.parse('recruiting') // 'recruiting'
 */
export const trialStatusSchema = z
  .enum(TRIAL_STATUSES)
  .describe(
    'Trial status: draft -> registered -> recruiting -> closed -> data_complete -> analysed -> rated, or withdrawn before results exist'
  )
/**
 * A trial's lifecycle status.
 *
 * @example
 * const status: LifecycleStatus = 'recruiting'
 */
export type LifecycleStatus = z.infer<typeof trialStatusSchema>

/**
 * Each status as people read it: on the pages' status tags and in every refusal that names a status.
 *
 * @example
 * STATUS_WORDS.data_complete // 'Data complete'
 */
export const STATUS_WORDS: Readonly<Record<LifecycleStatus, string>> = {
  draft: 'Draft',
  registered: 'Registered',
  recruiting: 'Recruiting',
  closed: 'Recruitment closed',
  data_complete: 'Data complete',
  analysed: 'Analysed',
  rated: 'Rated',
  withdrawn: 'Withdrawn',
}

/**
 * Statuses in words, quoted and joined as a list is read: for refusals that say which statuses allow what.
 *
 * @example
 * statusesInWords(['recruiting', 'closed', 'data_complete']) // '"Recruiting", "Recruitment closed" or "Data complete"'
 */
export function statusesInWords(statuses: readonly LifecycleStatus[]): string {
  const quoted = statuses.map((s) => `"${STATUS_WORDS[s]}"`)
  if (quoted.length < 2) return quoted.join('')
  return `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
}

/**
 * The allowed next states. Withdrawal is possible until the final results exist: once a trial is
 * analysed, withdrawing it would hide a result, which is the publication bias registration exists
 * to stop. A registered protocol never goes back to draft; it changes only by amendment.
 *
 * @example
 * TRANSITIONS.closed // ['data_complete', 'withdrawn']
 */
export const TRANSITIONS: Readonly<Record<LifecycleStatus, readonly LifecycleStatus[]>> =
  Object.freeze({
    draft: ['registered', 'withdrawn'],
    registered: ['recruiting', 'withdrawn'],
    recruiting: ['closed', 'withdrawn'],
    closed: ['data_complete', 'withdrawn'],
    data_complete: ['analysed', 'withdrawn'],
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
export function nextStates(status: LifecycleStatus): readonly LifecycleStatus[] {
  return TRANSITIONS[status]
}

/**
 * Whether `from -> to` is an allowed transition.
 *
 * @example
 * canTransition('registered', 'recruiting') // true
 */
export function canTransition(from: LifecycleStatus, to: LifecycleStatus): boolean {
  return TRANSITIONS[from].includes(to)
}

/**
 * Throws `InvalidTransitionError` (code 'invalid-transition', `details` `{ from, to, allowed }`)
 * unless `from -> to` is allowed.
 *
 * @example
 * assertTransition('draft', 'recruiting') // throws; details.allowed = ['registered', 'withdrawn']
 */
export function assertTransition(from: LifecycleStatus, to: LifecycleStatus): void {
  if (canTransition(from, to)) return
  const allowed = [...TRANSITIONS[from]]
  const options =
    allowed.length === 0
      ? `"${STATUS_WORDS[from]}" is a final status`
      : `it can move only to ${statusesInWords(allowed)}`
  const words = (s: LifecycleStatus) => `"${STATUS_WORDS[s]}"`
  throw new InvalidTransitionError(
    `a trial cannot move from ${words(from)} to ${words(to)}; ${options}`,
    {
      from,
      to,
      allowed,
      trial_status: from,
    }
  )
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
  /** Baseline covariates may be recorded or corrected. */
  recordBaseline: boolean
  /** Outcomes and process measures may be recorded or corrected (follow-up continues after close). */
  recordOutcomes: boolean
  /** Analyses may be run at all (interim, final or exploratory). Only after recruitment closes. */
  analyse: boolean
  /** A planned analysis run now is interim: labelled so, never rated, pooled or shown as the result. */
  interimAnalysis: boolean
  /** The final planned analysis may run (data collection is complete). */
  finalAnalysis: boolean
  /** An evidence rating may be produced (from the final analysis). */
  rate: boolean
  /** The randomisation seed is public (revealed at close, or at withdrawal after registration). */
  seedRevealed: boolean
  /** The trial's record is public, provided it was ever registered (see `isPublic`). */
  public: boolean
  /**
   * The final results are public, and with them the publishable dataset they were computed from: once the
   * final planned analysis has run (analysed, rated). Interim runs are never published.
   */
  publishResults: boolean
}

const NONE: StatusPermissions = {
  editDraft: false,
  amend: false,
  enrol: false,
  recordBaseline: false,
  recordOutcomes: false,
  analyse: false,
  interimAnalysis: false,
  finalAnalysis: false,
  rate: false,
  seedRevealed: false,
  public: false,
  publishResults: false,
}
const RECORDING = { recordBaseline: true, recordOutcomes: true }

const PERMISSIONS: Readonly<Record<LifecycleStatus, Readonly<StatusPermissions>>> = Object.freeze({
  draft: { ...NONE, editDraft: true },
  registered: { ...NONE, amend: true, public: true },
  recruiting: { ...NONE, amend: true, enrol: true, ...RECORDING, public: true },
  closed: {
    ...NONE,
    amend: true,
    ...RECORDING,
    analyse: true,
    interimAnalysis: true,
    seedRevealed: true,
    public: true,
  },
  data_complete: {
    ...NONE,
    amend: true,
    ...RECORDING,
    analyse: true,
    finalAnalysis: true,
    seedRevealed: true,
    public: true,
  },
  analysed: {
    ...NONE,
    analyse: true,
    finalAnalysis: true,
    rate: true,
    seedRevealed: true,
    public: true,
    publishResults: true,
  },
  rated: {
    ...NONE,
    analyse: true,
    finalAnalysis: true,
    rate: true,
    seedRevealed: true,
    public: true,
    publishResults: true,
  },
  withdrawn: { ...NONE, seedRevealed: true, public: true },
})

/**
 * What a status permits: editing a draft, amending, enrolling, recording baseline and outcome data,
 * interim and final analyses, rating, whether the seed is public and whether the record is public.
 * Amendments stay possible until the final analysis so that a change can be recorded, and flagged
 * as a deviation, rather than made silently. Recording continues after close: follow-up windows
 * run on after the last household is randomised.
 *
 * @example
 * permissions('recruiting').enrol // true
 * permissions('closed').interimAnalysis // true
 */
export function permissions(status: LifecycleStatus): Readonly<StatusPermissions> {
  return PERMISSIONS[status]
}

/**
 * Whether a trial's record is public: only trials that were ever registered are. A draft withdrawn
 * before registration never was, so it stays private.
 *
 * @example
 * isPublic({ status: 'withdrawn', registeredAt: null }) // false
 */
export function isPublic(trial: { status: LifecycleStatus; registeredAt: Date | null }): boolean {
  return permissions(trial.status).public && trial.registeredAt !== null
}

/**
 * Whether a trial has reports: its flow diagram, records, report documents and datasets. Only a
 * trial that was registered does, since they are all read against its registered protocol; a
 * draft's protocol is incomplete, and a draft withdrawn before registration never had one.
 *
 * @example
 * hasReports({ status: 'draft', registeredAt: null }) // false
 * hasReports({ status: 'withdrawn', registeredAt: new Date() }) // true
 */
export function hasReports(trial: { status: LifecycleStatus; registeredAt: Date | null }): boolean {
  return !permissions(trial.status).editDraft && trial.registeredAt !== null
}

/**
 * The seed as it may be shown: revealed at close, and at withdrawal after registration (a draft
 * has no seed). Null while it must stay secret.
 *
 * @example
 * visibleSeed({ status: 'recruiting', seed: 'ab…' }) // null
 */
export function visibleSeed(trial: {
  status: LifecycleStatus
  seed: string | null
}): string | null {
  return permissions(trial.status).seedRevealed ? trial.seed : null
}

/**
 * Whether Centre staff have decided on an evidence rating of the trial (confirmed or overridden).
 *
 * @example
 * ratingDecided('analysed') // false
 */
export function ratingDecided(status: LifecycleStatus): boolean {
  return status === 'rated'
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
export function recruitmentStarted(status: LifecycleStatus): boolean {
  return status !== 'draft' && status !== 'registered' && status !== 'withdrawn'
}
