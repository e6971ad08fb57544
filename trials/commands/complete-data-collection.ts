import { followUpProgress, type ProgressUnit } from '../data/follow-up-progress'
import { FieldProblemsError } from './errors'
import { moveTo } from './transitions'
import { registeredProtocol, type TrialState } from './state'

/** Fewest characters of a reason for declaring data collection complete early. */
export const MIN_COMPLETION_REASON = 10

/**
 * Outcomes whose registered follow-up window has not yet passed for some enrolled unit, with how
 * many units are not yet due.
 *
 * @example
 * pendingFollowUp(protocol, units, at) // [{ outcome: 'homeless_6m', not_yet_due: 12 }]
 */
export function pendingFollowUp(
  state: TrialState,
  units: readonly ProgressUnit[],
  at: Date
): Array<{ outcome: string; not_yet_due: number }> {
  return followUpProgress(registeredProtocol(state), units, [], at)
    .measures.filter((m) => m.kind === 'outcome' && m.notYetDue > 0)
    .map((m) => ({ outcome: m.name, not_yet_due: m.notYetDue }))
}

/**
 * Declares data collection complete (closed -> data_complete), after which the final registered
 * analysis runs. Without a reason it is allowed only once every enrolled unit's registered
 * follow-up windows have passed; before that the evaluator must say why (at least 10 characters),
 * e.g. because the data source stopped. The reason and any outstanding windows are audited.
 *
 * @example
 * decideCompleteDataCollection(state, { units, reason: 'The H-CLIC extract for the period is final' }, at).patch.status // 'data_complete'
 */
export function decideCompleteDataCollection(
  state: TrialState,
  command: { units: readonly ProgressUnit[]; reason?: string | undefined },
  at: Date
) {
  const pending = state.status === 'closed' ? pendingFollowUp(state, command.units, at) : []
  const reason = command.reason?.trim() || null
  if (pending.length && (reason === null || reason.length < MIN_COMPLETION_REASON))
    throw new FieldProblemsError(
      'follow-up windows have not passed for every household; say why data collection is complete',
      [
        {
          pointer: '/reason',
          detail: `a reason of at least ${MIN_COMPLETION_REASON} characters is needed while outcomes are not yet due (${pending.map((p) => `${p.outcome}: ${p.not_yet_due} not yet due`).join('; ')})`,
          code: 'reason-required',
        },
      ],
      { pending }
    )
  return moveTo(
    state,
    'data_complete',
    at,
    { dataCompleteAt: at },
    {
      reason,
      windows_passed: pending.length === 0,
      pending,
    }
  )
}
