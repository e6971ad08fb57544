import { SCHEME_LEVELS, type OverridableScheme, type RatingReport } from '../../analysis/ratings'
import { canTransition, permissions } from '../protocol/lifecycle'
import {
  FieldProblemsError,
  NotAnalysedError,
  RatingSupersededError,
  type FieldProblem,
} from './errors'
import type { StoredRatingReport } from './compute-rating'
import { trialEvent, type AuditEvent, type TrialPatch, type TrialState } from './state'

/**
 * A level on a scheme's own scale (padlocks, WWC category, RoB 2 judgement, ...).
 *
 * @example
 * const level: RatingLevel = 'meets_with_reservations'
 */
export type RatingLevel = number | string | null

/**
 * The schemes Centre staff confirm or override, in the order the API lists them.
 *
 * @example
 * RATING_SCHEMES[0] // 'eef_padlocks'
 */
export const RATING_SCHEMES = [
  'eef_padlocks',
  'wwc',
  'wwc_effect_level',
  'maryland_sms',
  'nesta_level',
  'rob2_overall',
] as const satisfies readonly OverridableScheme[]

/**
 * The computed level of one scheme in a rating report.
 *
 * @example
 * computedLevel(report, 'wwc_effect_level') // 'individual'
 */
export function computedLevel(report: RatingReport, scheme: OverridableScheme): RatingLevel {
  return scheme === 'wwc_effect_level'
    ? report.ratings.wwc.effect_level
    : report.ratings[scheme].level
}

/** Fewest characters of an override's reason. */
export const MIN_OVERRIDE_REASON = 10

/**
 * Centre staff confirm or override one scheme of the newest rating. An override needs a reason of
 * at least 10 characters and a level on the scheme's scale other than the computed one (the
 * refusal lists the allowed levels); a confirmation keeps the computed level. A decision on an
 * older rating is refused (`RatingSupersededError`). The first decision moves an analysed trial to
 * `rated`. Decisions are append-only: the computed level is always kept beside the final one.
 *
 * @example
 * decideOnRating(state, { rating, newestRatingId: rating.id, scheme: 'wwc', action: 'confirm' }, at).decision.finalLevel
 */
export function decideOnRating(
  state: TrialState,
  command: {
    rating: { id: string; report: StoredRatingReport }
    newestRatingId: string
    scheme: OverridableScheme
    action: 'confirm' | 'override'
    level?: RatingLevel | undefined
    reason?: string | undefined
  },
  at: Date
): {
  decision: {
    scheme: OverridableScheme
    action: 'confirm' | 'override'
    computedLevel: RatingLevel
    finalLevel: RatingLevel
    reason: string | null
  }
  patch: TrialPatch | null
  audit: (decisionId: string) => AuditEvent[]
} {
  if (!permissions(state.status).rate)
    throw new NotAnalysedError(`a ${state.status} trial has no final analysis to rate`, {
      trial_status: state.status,
    })
  const { rating, scheme, action, level } = command
  if (command.newestRatingId !== rating.id)
    throw new RatingSupersededError(
      `a newer rating (${command.newestRatingId}) was computed; decide on that one`,
      { latest_rating_id: command.newestRatingId }
    )
  const computed = computedLevel(rating.report.rating, scheme)
  const allowed = SCHEME_LEVELS[scheme]
  let final = computed
  if (action === 'override') {
    const errors: FieldProblem[] = []
    if ((command.reason ?? '').trim().length < MIN_OVERRIDE_REASON)
      errors.push({
        pointer: '/reason',
        detail: `an override needs a reason of at least ${MIN_OVERRIDE_REASON} characters`,
        code: 'too_small',
      })
    if (level === undefined)
      errors.push({
        pointer: '/level',
        detail: `an override needs the final level for ${scheme}: one of ${allowed.map((l) => JSON.stringify(l)).join(', ')}`,
        code: 'invalid_type',
        allowed,
      })
    else if (level === computed)
      errors.push({
        pointer: '/level',
        detail: `${JSON.stringify(level)} is the computed level; confirm it instead`,
        code: 'invalid_value',
      })
    else if (!allowed.includes(level))
      errors.push({
        pointer: '/level',
        detail: `${JSON.stringify(level)} is not a level of ${scheme}; the levels are ${allowed.map((l) => JSON.stringify(l)).join(', ')}`,
        code: 'invalid_value',
        allowed,
      })
    if (errors.length)
      throw new FieldProblemsError("the override is incomplete or off the scheme's scale", errors)
    final = level!
  } else if (level !== undefined && level !== computed) {
    throw new FieldProblemsError('a confirmation keeps the computed level', [
      {
        pointer: '/level',
        detail: `the computed level is ${JSON.stringify(computed)}; use action override to change it`,
        code: 'invalid_value',
      },
    ])
  }
  const reason = command.reason?.trim() || null
  const moves = canTransition(state.status, 'rated')
  return {
    decision: { scheme, action, computedLevel: computed, finalLevel: final, reason },
    patch: moves ? { status: 'rated', updatedAt: at } : null,
    audit: (decisionId) => [
      trialEvent(state, `rating.${action}`, {
        rating_id: rating.id,
        decision_id: decisionId,
        scheme,
        computed_level: computed,
        final_level: final,
        reason: command.reason ?? null,
      }),
      ...(moves
        ? [trialEvent(state, 'trial.rated', { from: state.status, rating_id: rating.id })]
        : []),
    ],
  }
}
