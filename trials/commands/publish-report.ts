import { DomainError } from '../../analysis'
import { StateConflictError } from './errors'
import { trialEvent, type AuditEvent, type TrialState } from './state'
import type { ChecklistItem } from '../report/consort-checklist'

/**
 * A report is published from the final registered analysis; there is none yet.
 *
 * @example
 * throw new ReportNotReadyError('run the final registered analysis first')
 */
export class ReportNotReadyError extends StateConflictError {
  override readonly code: string = 'report-not-ready'
}

/**
 * CONSORT checklist items are missing and the publisher did not acknowledge them.
 *
 * @example
 * throw new ChecklistIncompleteError('3 checklist items are missing', { missing: [] })
 */
export class ChecklistIncompleteError extends DomainError {
  override readonly code: string = 'checklist-incomplete'
}

/**
 * What publishing reads: the trial (its id and council), the latest planned analysis run (and
 * whether it is interim), the checklist as it stands, and any earlier publication.
 *
 * @example
 * const s: PublishState = { id: 't-1', councilId: 'c-1', run: { id: 'uuid', interim: false }, checklist: [], publishedRunId: null }
 */
export interface PublishState extends Pick<TrialState, 'id' | 'councilId'> {
  run: { id: string; interim: boolean } | null
  checklist: readonly ChecklistItem[]
  publishedRunId: string | null
}

/**
 * Decides publishing a trial report. Refused while there is no final planned analysis (interim
 * runs are never published as results), and while CONSORT 2025 checklist items are missing unless
 * the publisher acknowledges them: the missing items are listed in the refusal, and an
 * acknowledged publication keeps them with the report so that readers see what it lacks.
 * Publishing again after a newer final run replaces the publication; the audit keeps each one.
 *
 * @example
 * decidePublishReport({ id: 't-1', councilId: 'c-1', run: { id: 'r', interim: false }, checklist, publishedRunId: null }, { acknowledgeMissing: true }, now).patch.publishedRunId // 'r'
 */
export function decidePublishReport(
  state: PublishState,
  command: { acknowledgeMissing: boolean },
  at: Date
): {
  patch: { publishedAt: Date; publishedRunId: string; publishedChecklist: readonly ChecklistItem[] }
  audit: AuditEvent[]
} {
  if (!state.run || state.run.interim)
    throw new ReportNotReadyError(
      state.run
        ? 'the latest planned analysis is interim; a report is published from the final registered analysis'
        : 'no planned analysis has run; a report is published from the final registered analysis',
      { run_id: state.run?.id ?? null }
    )
  const missing = state.checklist.filter((i) => i.status === 'missing')
  if (missing.length && !command.acknowledgeMissing)
    throw new ChecklistIncompleteError(
      `${missing.length} CONSORT 2025 checklist item(s) are missing: ${missing.map((i) => i.item).join(', ')}. Complete them (PUT the report details) or publish with acknowledge_missing: true`,
      { missing: missing.map((i) => ({ item: i.item, topic: i.topic, detail: i.detail })) }
    )
  return {
    patch: {
      publishedAt: at,
      publishedRunId: state.run.id,
      publishedChecklist: state.checklist,
    },
    audit: [
      trialEvent(state, 'trial.report-publish', {
        run_id: state.run.id,
        replaces_run_id: state.publishedRunId,
        missing_items: missing.map((i) => i.item),
      }),
    ],
  }
}

/**
 * The audit event of saving a report's details: the keys the authors set or cleared (their values are in the
 * stored details).
 *
 * @example
 * reportDetailsAudit(trial, { funding: 'ESRC', registry: null })[0].detail // { changed: ['funding', 'registry'] }
 */
export function reportDetailsAudit(
  state: Pick<TrialState, 'id' | 'councilId'>,
  changes: Readonly<Record<string, unknown>>
): AuditEvent[] {
  return [trialEvent(state, 'trial.report-details', { changed: Object.keys(changes) })]
}
