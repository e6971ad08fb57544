import type { ObservationKind } from '../data/vocabulary'
import {
  permissions,
  STATUS_WORDS,
  statusesInWords,
  TRIAL_STATUSES,
  type StatusPermissions,
} from '../protocol/lifecycle'
import { NotRecordingError } from './errors'
import { trialEvent, type AuditEvent, type TrialState } from './state'

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

/**
 * The audit event of recording one household's values (`changes` says what became of each variable sent):
 * `trial.observations-correct` with the correction's reason when any value was corrected,
 * `trial.observations-record` when values were only created, and none when nothing changed.
 *
 * @example
 * householdRecordAudit(state, { household: 'h-1', changes: { tenure: 'unchanged' } }) // []
 */
export function householdRecordAudit(
  state: Pick<TrialState, 'id' | 'councilId'>,
  record: {
    household: string
    changes: Record<string, 'created' | 'corrected' | 'unchanged'>
    reason?: string | undefined
  }
): AuditEvent[] {
  const changed = Object.values(record.changes)
  if (changed.every((c) => c === 'unchanged')) return []
  const corrected = changed.includes('corrected')
  return [
    trialEvent(state, corrected ? 'trial.observations-correct' : 'trial.observations-record', {
      household: record.household,
      changes: record.changes,
      ...(corrected ? { reason: record.reason } : {}),
    }),
  ]
}

/**
 * The audit event of a data import written (not of a dry run or a replay): `trial.data-import` with the
 * import's counts, the reason when it corrected values, and the upload's SHA-256.
 *
 * @example
 * dataImportAudit(state, { importId, kind: 'outcome', rows: 2, created: 2, corrected: 0, unchanged: 0, bodySha256 })
 */
export function dataImportAudit(
  state: Pick<TrialState, 'id' | 'councilId'>,
  imported: {
    importId: string
    kind: ObservationKind
    rows: number
    created: number
    corrected: number
    unchanged: number
    reason?: string | undefined
    bodySha256: string
  }
): AuditEvent[] {
  return [
    trialEvent(state, 'trial.data-import', {
      import_id: imported.importId,
      kind: imported.kind,
      rows: imported.rows,
      created: imported.created,
      corrected: imported.corrected,
      unchanged: imported.unchanged,
      ...(imported.corrected ? { reason: imported.reason } : {}),
      body_sha256: imported.bodySha256,
    }),
  ]
}
