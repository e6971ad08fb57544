import {
  decideExploratoryAnalysis,
  decidePlannedAnalysis,
  type AuditEvent,
} from '../../trials/commands'
import { synthesise, type StudyEffect } from '../../trials/evidence'
import { diagnoseRegisteredDesign, type DiagnosisRequest } from '../../trials/plan'
import type { Protocol, ProtocolDraft } from '../../trials/protocol'

/**
 * The CPU-heavy pure functions the HTTP shell hands to `compute()`, by name, with the arguments
 * each takes as plain data (they cross a thread boundary by structured clone: CSV text rather than
 * a parsed table). Each runs exactly the pure function the route would have called.
 */
export const tasks = {
  /** Simulated design diagnosis (power, bias, coverage) of a registrable protocol. */
  diagnose: (protocol: Protocol, request: DiagnosisRequest) =>
    diagnoseRegisteredDesign(protocol, request),
  /**
   * The planned-analysis decision (the registered plan on the dataset, randomisation inference
   * included), its audit events drawn for a placeholder run id that the caller fills in.
   */
  plannedAnalysis: (...args: Parameters<typeof decidePlannedAnalysis>) =>
    portable(decidePlannedAnalysis(...args)),
  /** The exploratory-analysis decision, likewise. */
  exploratoryAnalysis: (...args: Parameters<typeof decideExploratoryAnalysis>) =>
    portable(decideExploratoryAnalysis(...args)),
  /** Pooling of every study effect of an intervention (fixed effect, DerSimonian-Laird, REML). */
  synthesise: (effects: readonly StudyEffect[]) => synthesise(effects),
}

/** Stands for the stored run's id in audit events computed before the run is stored. */
export const RUN_ID_PLACEHOLDER = '00000000-0000-4000-8000-00000000f00d'

/**
 * A decision as plain data: structured clone cannot carry its `audit(runId)` function, so the
 * events are drawn here for the placeholder id (see `withAudit`).
 */
function portable<D extends object>(decision: D): PortableDecision<D> {
  const { audit, ...rest } = decision as D & { audit?: (runId: string) => AuditEvent[] }
  return (audit ? { ...rest, auditEvents: audit(RUN_ID_PLACEHOLDER) } : rest) as PortableDecision<D>
}

/** A decision without its `audit` function, with the events drawn for the placeholder run id. */
export type PortableDecision<D> = D extends { audit: (runId: string) => AuditEvent[] }
  ? Omit<D, 'audit'> & { auditEvents: AuditEvent[] }
  : D

type Tasks = typeof tasks
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
    case 'plannedAnalysis': {
      const [state, command] = args as TaskArgs<'plannedAnalysis'>
      return command.dataset.rows.length * (1 + resamplesOf(state.protocol))
    }
    case 'exploratoryAnalysis': {
      const [, command] = args as TaskArgs<'exploratoryAnalysis'>
      const draws = command.request.analyses.reduce(
        (n, a) => n + Math.max(1, (a.spec as { simulations?: number }).simulations ?? 1),
        0
      )
      return command.dataset.rows.length * draws
    }
    case 'synthesise': {
      const [effects] = args as TaskArgs<'synthesise'>
      // REML iterates over every study; a few hundred passes at most.
      return effects.length * 200
    }
  }
  return 0
}

/** Randomisation-inference draws of a protocol's planned analyses, summed. */
function resamplesOf(protocol: ProtocolDraft): number {
  let total = 0
  const arms = Math.max(1, (protocol.arms?.length ?? 0) - 1)
  for (const a of protocol.analysis_plan?.analyses ?? [])
    total += ((a?.spec as { simulations?: number } | undefined)?.simulations ?? 0) * arms
  return total
}
