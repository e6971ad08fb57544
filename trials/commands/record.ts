import type { ObservationKind } from '../data/vocabulary'
import {
  permissions,
  STATUS_WORDS,
  statusesInWords,
  TRIAL_STATUSES,
  type StatusPermissions,
} from '../protocol/lifecycle'
import { NotRecordingError } from './errors'
import type { TrialState } from './state'

/** Which permission lets each kind of observation be recorded. */
const PERMISSION_OF: Record<ObservationKind, keyof StatusPermissions> = {
  baseline: 'recordBaseline',
  outcome: 'recordOutcomes',
  process: 'recordOutcomes',
  anchor: 'recordOutcomes',
}

/**
 * The statuses in which observations of a kind may be recorded or corrected.
 *
 * @example
 * recordingStatuses('outcome') // ['recruiting', 'closed', 'data_complete']
 */
export function recordingStatuses(kind: ObservationKind) {
  return TRIAL_STATUSES.filter((s) => permissions(s)[PERMISSION_OF[kind]])
}

/**
 * Checks that observations of these kinds may be recorded in the trial's status: from recruitment
 * until the final analysis, so that outcome collection goes on after recruitment closes
 * (`NotRecordingError` otherwise).
 *
 * @example
 * decideRecord(closedTrial, ['outcome']) // passes: follow-up continues after close
 */
export function decideRecord(state: TrialState, kinds: readonly ObservationKind[]): void {
  for (const kind of new Set(kinds)) {
    if (permissions(state.status)[PERMISSION_OF[kind]]) continue
    throw new NotRecordingError(
      `${kind} data can be recorded only while the trial is ${statusesInWords(recordingStatuses(kind))}; it is "${STATUS_WORDS[state.status]}"`,
      { trial_status: state.status, kind }
    )
  }
}
