import {
  followUpProgress,
  type ProgressObservation,
  type ProgressUnit,
} from '../data/follow-up-progress'
import { assertTransition } from '../protocol/lifecycle'
import { FieldProblemsError } from './errors'
import { moveTo } from './transitions'
import { registeredProtocol, type TrialState } from './state'

/** Fewest characters of a reason for declaring data collection complete early. */
export const MIN_COMPLETION_REASON = 10

/**
 * Outcomes whose registered follow-up window has not yet passed for some enrolled unit (its
 * anchor date plus the offset is still ahead, or its anchor date is not recorded), with how many
 * units that is. `observations` must include the recorded anchor dates.
 *
 * @example
 * pendingFollowUp(state, units, observations, at) // [{ outcome: 'homeless_6m', not_yet_due: 12 }]
 */
export function pendingFollowUp(
  state: TrialState,
  units: readonly ProgressUnit[],
  observations: readonly ProgressObservation[],
  at: Date
): Array<{ outcome: string; not_yet_due: number }> {
  return followUpProgress(registeredProtocol(state), units, observations, at)
    .measures.filter((m) => m.kind === 'outcome' && m.due < units.length)
    .map((m) => ({ outcome: m.name, not_yet_due: units.length - m.due }))
}

/**
 * Declares data collection complete (closed -> data_complete), after which the final registered
 * analysis runs. Without a reason it is allowed only once every enrolled unit's registered
 * follow-up windows have passed; before that the evaluator must say why (at least 10 characters),
 * e.g. because the data source stopped. The reason and any outstanding windows are audited.
 *
 * @example
 * decideCompleteDataCollection(state, { units, observations, reason: 'The H-CLIC extract for the period is final' }, at).patch.status // 'data_complete'
 */
export function decideCompleteDataCollection(
  state: TrialState,
  command: {
    units: readonly ProgressUnit[]
    observations: readonly ProgressObservation[]
    reason?: string | undefined
  },
  at: Date
) {
  assertTransition(state.status, 'data_complete')
  const pending = pendingFollowUp(state, command.units, command.observations, at)
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
