import { parseCsv } from '../../analysis/data'
import { rateTrial, type RatingReport } from '../../analysis/ratings'
import type { AnalysisDataset } from '../dataset/analysis-dataset'
import type { ConsortFlow } from '../report/consort-flow'
import {
  adherenceCountsFromFlow,
  countClusters,
  deriveFacts,
  primaryComparison,
  type DeclaredFactsInput,
  type ProvenanceMap,
} from '../evidence'
import type { Facts } from '../../analysis/ratings'
import { permissions, STATUS_WORDS } from '../protocol/lifecycle'
import { AnalysisStaleError, NotAnalysedError } from './errors'
import type { PlannedRunReport } from './planned-analysis'
import { registeredProtocol, trialEvent, type AuditEvent, type TrialState } from './state'

/**
 * What a stored rating's `report` column holds besides the engine report.
 *
 * @example
 * const stored: StoredRatingReport = { rating, comparison, derivation_warnings: [], declared: {} }
 */
export type StoredRatingReport = {
  rating: RatingReport
  comparison: { analysis: string; arm: string; control: string; outcome: string }
  derivation_warnings: string[]
  declared: DeclaredFactsInput
}

/**
 * The final planned run a rating reads.
 *
 * @example
 * const run: RatedRun = { id, datasetHash, report }
 */
export type RatedRun = { id: string; datasetHash: string; report: PlannedRunReport }

/**
 * Computes an evidence rating from the trial's registration, its final planned analysis run (never
 * an interim one) and the evaluator's declared facts. Refused until the final analysis has run
 * (`NotAnalysedError`). A cluster trial's cluster counts come from the current dataset, which must
 * be the data the run used (`AnalysisStaleError` otherwise).
 *
 * @example
 * decideComputeRating(state, { run, dataset, declared, intervention: {} }).rating.facts
 */
export function decideComputeRating(
  state: TrialState,
  command: {
    run: RatedRun | null
    dataset: AnalysisDataset
    declared: DeclaredFactsInput
    arm?: string | undefined
    options?: Record<string, unknown> | undefined
    intervention: { theory_of_change?: string; delivery_cost_pence?: number } | undefined
    /** The CONSORT flow as recorded: its adherence counts measure the non_compliance threat. */
    flow?: ConsortFlow | null
  }
): {
  rating: {
    analysisRunId: string
    facts: Facts
    provenance: ProvenanceMap
    options: Record<string, unknown> | null
    report: StoredRatingReport
  }
  audit: (ratingId: string) => AuditEvent[]
} {
  const { run } = command
  if (!permissions(state.status).rate || !run)
    throw new NotAnalysedError(
      `a rating needs the final registered analysis to have run (POST /trials/${state.id}/analyses, once data collection is complete); the trial is "${STATUS_WORDS[state.status]}"${run ? '' : ' with no final planned analysis run'}`,
      { trial_status: state.status }
    )
  const protocol = registeredProtocol(state)
  const report = run.report
  // Baseline equivalence (on the analytic sample), cluster counts and results must describe the
  // same data: a dataset changed since the run is refused.
  if (command.dataset.sha256 !== run.datasetHash)
    throw new AnalysisStaleError(
      'the data changed after the latest planned analysis run; rerun the analysis before rating so that baseline equivalence, cluster counts and results describe the same data',
      { run_id: run.id }
    )
  const table = parseCsv(command.dataset.csv)
  let clusters = null
  if (protocol.unit_of_randomisation === 'cluster') {
    const primary = primaryComparison(protocol, report, command.arm)
    clusters = countClusters(protocol, table, primary.arm, primary.control)
  }
  const rated = primaryComparison(protocol, report, command.arm)
  const derived = deriveFacts(protocol, report, report.deviations, command.declared, {
    table,
    arm: command.arm,
    trialId: state.id,
    intervention: command.intervention,
    clusters,
    adherence: command.flow
      ? adherenceCountsFromFlow(command.flow, rated.arm, rated.control)
      : null,
  })
  const rating = rateTrial(derived.facts, command.options ?? {})
  return {
    rating: {
      analysisRunId: run.id,
      facts: derived.facts,
      provenance: derived.provenance,
      options: command.options ?? null,
      report: {
        rating,
        comparison: derived.comparison,
        derivation_warnings: derived.warnings,
        declared: command.declared,
      },
    },
    audit: (ratingId) => [
      trialEvent(state, 'rating.compute', {
        rating_id: ratingId,
        run_id: run.id,
        levels: Object.fromEntries(Object.entries(rating.ratings).map(([k, v]) => [k, v.level])),
        declared: Object.keys(command.declared),
      }),
    ],
  }
}
