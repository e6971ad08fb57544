import { parseCsv } from '../../analysis/data'
import { DomainError } from '../../analysis/errors'
import { runAnalysis } from '../../analysis/run-analysis'
import type { AnalysisSpec } from '../../analysis/spec'
import { synthesise, type StudyEffect } from '../../trials/evidence'
import { diagnoseRegisteredDesign, runAnalysisPlan, type DiagnosisRequest } from '../../trials/plan'
import type { Protocol } from '../../trials/protocol/schema'

/**
 * The CPU-heavy pure functions the HTTP shell hands to `compute()`, by name, with the arguments
 * each takes as plain data (they cross a thread boundary by structured clone: CSV text rather than
 * a parsed table). Each runs exactly the pure function the route would have called.
 */
export const tasks = {
  /** Simulated design diagnosis (power, bias, coverage) of a registrable protocol. */
  diagnose: (protocol: Protocol, request: DiagnosisRequest) =>
    diagnoseRegisteredDesign(protocol, request),
  /** The registered analysis plan on a dataset CSV, randomisation inference included. */
  analysisPlan: (protocol: Protocol, datasetCsv: string, trialSeed: string) =>
    runAnalysisPlan(protocol, parseCsv(datasetCsv), trialSeed),
  /** One analysis spec on a dataset CSV. */
  analysis: (spec: AnalysisSpec, datasetCsv: string) => runAnalysis(spec, parseCsv(datasetCsv)),
  /**
   * Exploratory analyses on a dataset CSV, each with its result or, when the core refuses it
   * (a DomainError: constant outcome, empty arm), its error; anything else is a bug and throws.
   */
  exploratory: (
    analyses: ReadonlyArray<{ name: string; spec: AnalysisSpec }>,
    datasetCsv: string
  ) => {
    const table = parseCsv(datasetCsv)
    return analyses.map((a) => {
      try {
        return {
          name: a.name,
          label: 'exploratory',
          spec: a.spec,
          result: runAnalysis(a.spec, table),
          error: null,
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
        return {
          name: a.name,
          label: 'exploratory',
          spec: a.spec,
          result: null,
          error: { code: err.code, message: err.message },
        }
      }
    })
  },
  /** Pooling of every study effect of an intervention (fixed effect, DerSimonian-Laird, REML). */
  synthesise: (effects: readonly StudyEffect[]) => synthesise(effects),
}

export type Tasks = typeof tasks
export type TaskName = keyof Tasks
export type TaskArgs<T extends TaskName> = Parameters<Tasks[T]>
export type TaskResult<T extends TaskName> = ReturnType<Tasks[T]>

/** Simulated or resampled unit-draws: the unit in which a task's CPU cost is estimated up front. */
export function estimateCost<T extends TaskName>(task: T, args: TaskArgs<T>): number {
  switch (task) {
    case 'diagnose': {
      const [protocol, request] = args as TaskArgs<'diagnose'>
      const households = request.households ?? protocol.sample_size.target_households
      return request.simulations * households
    }
    case 'analysisPlan': {
      const [protocol, csv] = args as TaskArgs<'analysisPlan'>
      return rowsOf(csv) * (1 + resamplesOf(protocol))
    }
    case 'analysis': {
      const [spec, csv] = args as TaskArgs<'analysis'>
      const draws = (spec as { simulations?: number }).simulations ?? 1
      return rowsOf(csv) * Math.max(1, draws)
    }
    case 'exploratory': {
      const [analyses, csv] = args as TaskArgs<'exploratory'>
      const draws = analyses.reduce(
        (n, a) => n + Math.max(1, (a.spec as { simulations?: number }).simulations ?? 1),
        0
      )
      return rowsOf(csv) * draws
    }
    case 'synthesise': {
      const [effects] = args as TaskArgs<'synthesise'>
      // REML iterates over every study; a few hundred passes at most.
      return effects.length * 200
    }
  }
  return 0
}

function rowsOf(csv: string): number {
  let n = 0
  for (let i = csv.indexOf('\n'); i >= 0; i = csv.indexOf('\n', i + 1)) n++
  return Math.max(0, n - 1)
}

/** Randomisation-inference draws of a protocol's planned analyses, summed. */
function resamplesOf(protocol: Protocol): number {
  let total = 0
  const arms = Math.max(1, protocol.arms.length - 1)
  for (const a of protocol.analysis_plan.analyses)
    total += ((a.spec as { simulations?: number }).simulations ?? 0) * arms
  return total
}
