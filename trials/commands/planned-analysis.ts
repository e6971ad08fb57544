import { parseCsv } from '../../analysis/data'
import type { Deviation } from '../protocol/amendment'
import type { AnalysisDataset } from '../dataset/analysis-dataset'
import { runAnalysisPlan, type PlanReport } from '../plan/run-plan'
import { canTransition, permissions, STATUS_WORDS } from '../protocol/lifecycle'
import { NotClosedError, OutcomesMissingError } from './errors'
import {
  registeredProtocol,
  trialEvent,
  type AuditEvent,
  type TrialPatch,
  type TrialState,
} from './state'

/**
 * Interim: run while follow-up continues (status closed); never rated, pooled or shown as the
 * trial's result. Final: the registered analysis on the completed data.
 *
 * @example
 * const stage: AnalysisStage = 'interim'
 */
export type AnalysisStage = 'interim' | 'final'
/**
 * Every analysis stage.
 *
 * @example
 * ANALYSIS_STAGES.includes('final') // true
 */
export const ANALYSIS_STAGES = ['interim', 'final'] as const satisfies readonly AnalysisStage[]

/**
 * An amendment flagged as a deviation, as stored with every analysis run.
 *
 * @example
 * const d: StoredDeviation = { version: 2, reason: 'New data source', deviation_reasons: [], amended_at: '2026-04-01T00:00:00.000Z' }
 */
export type StoredDeviation = {
  version: number
  reason: string | null
  deviation_reasons: Deviation[] | null
  amended_at: string
  /** Whether outcome data or results had been seen when the amendment was made (absent: not recorded then). */
  outcomes_seen?: boolean | null
}

/**
 * The stored report of a planned run: the plan report, its stage, the deviations and the units.
 *
 * @example
 * const r: PlannedRunReport = { kind: 'planned', stage: 'final', deviations: [], n_units: 200, ...plan }
 */
export type PlannedRunReport = PlanReport & {
  kind: 'planned'
  stage: AnalysisStage
  notice?: string
  deviations: StoredDeviation[]
  n_units: number
}

/**
 * A planned run to store (the shell adds the engine version, author and time).
 *
 * @example
 * const run: PlannedRunValues = decision.run
 */
export type PlannedRunValues = {
  kind: 'planned'
  stage: AnalysisStage
  protocolVersion: number
  protocolHash: string
  datasetHash: string
  simulationSeed: null
  report: PlannedRunReport
}

/**
 * What a planned analysis request decides: reuse a stored final run (same protocol, same data),
 * or store a new run, with the status change a final run makes.
 *
 * @example
 * if (decision.reuse) return decision.reuse
 */
export type PlannedAnalysisDecision =
  | { reuse: string }
  | {
      reuse?: undefined
      run: PlannedRunValues
      patch: TrialPatch | null
      audit: (runId: string) => AuditEvent[]
    }

/**
 * Arms with no recorded value of the primary outcome in the dataset.
 *
 * @example
 * armsWithoutPrimaryOutcome(state, dataset) // ['mediation']
 */
export function armsWithoutPrimaryOutcome(state: TrialState, dataset: AnalysisDataset): string[] {
  const protocol = registeredProtocol(state)
  const armColumn = dataset.header.indexOf('arm')
  const outcomeColumn = dataset.header.indexOf(protocol.primary_outcome.name)
  const recorded = new Set<string>()
  for (const row of dataset.rows) {
    const value = row[outcomeColumn]
    if (value !== null && value !== undefined && value !== '') recorded.add(String(row[armColumn]))
  }
  return protocol.arms.map((a) => a.name).filter((arm) => !recorded.has(arm))
}

/**
 * Runs the registered analysis plan. While follow-up continues (closed) the run is interim and the
 * status stays; once data collection is complete it is final and moves the trial to `analysed`.
 * Before close it is refused (`NotClosedError`), as no one may see effects while recruiting. A
 * final run needs the primary outcome recorded in every arm (`OutcomesMissingError`, listing
 * the arms), and a final run of the same protocol on the same data (same dataset hash) is the
 * stored one: re-running returns it rather than a copy.
 *
 * @example
 * decidePlannedAnalysis(state, { dataset, deviations: [], finalRuns: [] }, at).run.stage // 'final'
 */
export function decidePlannedAnalysis(
  state: TrialState,
  command: {
    dataset: AnalysisDataset
    deviations: StoredDeviation[]
    finalRuns: ReadonlyArray<{ id: string; protocolHash: string; datasetHash: string }>
  },
  at: Date
): PlannedAnalysisDecision {
  const allowed = permissions(state.status)
  if (!allowed.interimAnalysis && !allowed.finalAnalysis)
    throw new NotClosedError(
      `the registered analysis runs once recruitment has closed; the trial is "${STATUS_WORDS[state.status]}"`,
      { trial_status: state.status }
    )
  const stage: AnalysisStage = allowed.finalAnalysis ? 'final' : 'interim'
  const protocol = registeredProtocol(state)
  const protocolHash = state.protocolHash!
  const { dataset } = command
  if (stage === 'final') {
    const same = command.finalRuns.find(
      (r) => r.datasetHash === dataset.sha256 && r.protocolHash === protocolHash
    )
    if (same) return { reuse: same.id }
    const missing = armsWithoutPrimaryOutcome(state, dataset)
    if (missing.length)
      throw new OutcomesMissingError(
        `the final analysis needs the primary outcome ${protocol.primary_outcome.name} recorded in every arm; none is recorded in ${missing.join(', ')}`,
        { missing: missing.map((arm) => ({ outcome: protocol.primary_outcome.name, arm })) }
      )
  }
  const plan = runAnalysisPlan(protocol, parseCsv(dataset.csv), state.seed!)
  const report: PlannedRunReport = {
    kind: 'planned',
    stage,
    ...(stage === 'interim'
      ? {
          notice:
            'Interim: run while follow-up continues; not the registered result, never rated or pooled.',
        }
      : {}),
    deviations: command.deviations,
    n_units: dataset.rows.length,
    ...plan,
  }
  const moves = stage === 'final' && canTransition(state.status, 'analysed')
  return {
    run: {
      kind: 'planned',
      stage,
      protocolVersion: state.protocolVersion,
      protocolHash,
      datasetHash: dataset.sha256,
      simulationSeed: null,
      report,
    },
    patch: moves ? { status: 'analysed', updatedAt: at } : null,
    audit: (runId) => [
      trialEvent(state, 'analysis.run', {
        run_id: runId,
        stage,
        dataset_hash: dataset.sha256,
        ...(moves ? { from: state.status, to: 'analysed' } : {}),
      }),
    ],
  }
}
