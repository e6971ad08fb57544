import type { AnalysisResult, AnalysisSpec } from '../../analysis'
import { parseCsv } from '../../analysis/data'
import type { AnalysisDataset } from '../dataset/analysis-dataset'
import { runExploratoryAnalyses } from '../plan/exploratory'
import { permissions, STATUS_WORDS } from '../protocol/lifecycle'
import { NotClosedError } from './errors'
import type { StoredDeviation } from './planned-analysis'
import { trialEvent, type AuditEvent, type TrialState } from './state'

/**
 * What an evaluator asks for: named analyses, each any analysis spec over the dataset's columns.
 *
 * @example
 * const request: ExploratoryRequest = { analyses: [{ name: 'by_area', spec }] }
 */
export type ExploratoryRequest = { analyses: Array<{ name: string; spec: AnalysisSpec }> }

/**
 * The stored report of an exploratory run: each analysis with its result (a spec that cannot run is
 * refused, never stored).
 *
 * @example
 * const r: ExploratoryRunReport = decision.run.report
 */
export type ExploratoryRunReport = {
  kind: 'exploratory'
  notice: string
  deviations: StoredDeviation[]
  n_units: number
  analyses: Array<{
    name: string
    label: 'exploratory'
    spec: AnalysisSpec
    result: AnalysisResult
  }>
}

/**
 * Runs analyses that are not in the registered plan, once recruitment has closed
 * (`NotClosedError` before), labelled exploratory in the stored report.
 *
 * @example
 * decideExploratoryAnalysis(state, { request, dataset, deviations: [] }).run.kind // 'exploratory'
 */
export function decideExploratoryAnalysis(
  state: TrialState,
  command: { request: ExploratoryRequest; dataset: AnalysisDataset; deviations: StoredDeviation[] }
): {
  run: {
    kind: 'exploratory'
    stage: null
    protocolVersion: number
    protocolHash: string
    datasetHash: string
    request: ExploratoryRequest
    report: ExploratoryRunReport
  }
  audit: (runId: string) => AuditEvent[]
} {
  if (!permissions(state.status).analyse)
    throw new NotClosedError(
      `analyses run once recruitment has closed; the trial is "${STATUS_WORDS[state.status]}"`,
      { trial_status: state.status }
    )
  const { request, dataset } = command
  const table = parseCsv(dataset.csv)
  // A spec that cannot run is refused (ExploratorySpecError, 422 naming the field): nothing is stored.
  const analyses = runExploratoryAnalyses(request.analyses, table)
  return {
    run: {
      kind: 'exploratory',
      stage: null,
      protocolVersion: state.protocolVersion,
      protocolHash: state.protocolHash!,
      datasetHash: dataset.sha256,
      request,
      report: {
        kind: 'exploratory',
        notice: 'Not pre-registered: hypothesis-generating, not confirmatory.',
        deviations: command.deviations,
        n_units: dataset.rows.length,
        analyses,
      },
    },
    audit: (runId) => [trialEvent(state, 'analysis.exploratory', { run_id: runId })],
  }
}
