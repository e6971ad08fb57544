import { and, asc, desc, eq } from 'drizzle-orm'
import { registered, type ExploratoryRequest, type StoredDeviation } from '../../trials/commands'
import {
  decideExploratoryAnalysisOffThread,
  decidePlannedAnalysisOffThread,
} from '../compute/decisions'
import type { Database, Executor } from '../db/client'
import { analysisRuns, protocolVersions } from '../db/schema'
import { notFound } from '../problem'
import { recordAudit, type ActorContext } from './audit'
import { withTrial, type RequestContext } from './context'
import { recordDataView } from './data-view'
import { loadAnalysisDataset } from './dataset'
import { patchTrial, type TrialRow } from './trials'

type RunRow = typeof analysisRuns.$inferSelect

/** A stored run as the API shows it. */
export const runOut = (r: RunRow) => ({
  id: r.id,
  trial_id: r.trialId,
  kind: r.kind,
  stage: r.stage,
  protocol_version: r.protocolVersion,
  protocol_hash: r.protocolHash,
  dataset_hash: r.datasetHash,
  engine_version: r.engineVersion,
  report: r.report,
  created_at: r.createdAt.toISOString(),
})

/** Amendments marked as deviations: shown with every result. */
async function deviationsOf(db: Executor, trialId: string): Promise<StoredDeviation[]> {
  const rows = await db
    .select()
    .from(protocolVersions)
    .where(and(eq(protocolVersions.trialId, trialId), eq(protocolVersions.deviation, true)))
    .orderBy(asc(protocolVersions.version))
  return rows.map((v) => ({
    version: v.version,
    reason: v.reason,
    deviation_reasons: v.deviationReasons,
    amended_at: v.createdAt.toISOString(),
    outcomes_seen: v.outcomesSeen,
  }))
}

/** The trial's final planned runs, newest first. */
export function finalRuns(db: Executor, trialId: string) {
  return db
    .select()
    .from(analysisRuns)
    .where(
      and(
        eq(analysisRuns.trialId, trialId),
        eq(analysisRuns.kind, 'planned'),
        eq(analysisRuns.stage, 'final')
      )
    )
    .orderBy(desc(analysisRuns.createdAt))
}

/**
 * Runs the registered analysis plan on the trial's current dataset (the caller holds the trial row
 * lock): interim while follow-up continues, final once data collection is complete (which moves the
 * trial to `analysed`). A final run on unchanged data returns the stored run (`created` false).
 */
export async function runPlannedAnalysisLocked(
  tx: Executor,
  actor: ActorContext,
  trial: TrialRow,
  engineVersion: string
): Promise<{ run: RunRow; created: boolean }> {
  const dataset = await loadAnalysisDataset(tx, registered(trial))
  const stored = await finalRuns(tx, trial.id)
  const decision = await decidePlannedAnalysisOffThread(
    trial,
    { dataset, deviations: await deviationsOf(tx, trial.id), finalRuns: stored },
    actor.at
  )
  if (decision.reuse !== undefined)
    return { run: stored.find((r) => r.id === decision.reuse)!, created: false }
  const [row] = await tx
    .insert(analysisRuns)
    .values({
      trialId: trial.id,
      ...decision.run,
      engineVersion,
      createdBy: actor.userId!,
      createdAt: actor.at,
    })
    .returning()
  if (decision.patch) await patchTrial(tx, trial.id, decision.patch)
  await recordAudit(tx, actor, decision.audit(row!.id))
  await recordDataView(tx, actor, trial, { kind: 'planned-analysis', run: row!.id })
  return { run: row!, created: true }
}

export const runPlannedAnalysis = (rc: RequestContext, id: string) =>
  withTrial(rc, id, 'analyse', async (tx, trial) => {
    const { run, created } = await runPlannedAnalysisLocked(tx, rc.actor, trial, rc.config.engine)
    return { run: runOut(run), created }
  })

/** Runs analyses outside the registered plan and stores them labelled exploratory. */
export const runExploratoryAnalysis = (
  rc: RequestContext,
  id: string,
  request: ExploratoryRequest
) =>
  withTrial(rc, id, 'analyse', async (tx, trial) => {
    const dataset = await loadAnalysisDataset(tx, registered(trial))
    const decision = await decideExploratoryAnalysisOffThread(trial, {
      request,
      dataset,
      deviations: await deviationsOf(tx, id),
    })
    const [row] = await tx
      .insert(analysisRuns)
      .values({
        trialId: id,
        ...decision.run,
        engineVersion: rc.config.engine,
        createdBy: rc.principal.userId,
        createdAt: rc.actor.at,
      })
      .returning()
    await recordAudit(tx, rc.actor, decision.audit(row!.id))
    await recordDataView(tx, rc.actor, trial, { kind: 'exploratory-analysis', run: row!.id })
    return runOut(row!)
  })

/**
 * Records that stored results of a trial were opened (when there were any to show): an audit entry by role,
 * and the outcome-seen stamp the first time (`decideViewData`).
 */
export async function resultsOpened(
  db: Database,
  actor: ActorContext,
  trial: TrialRow,
  what: string,
  shown: number
): Promise<void> {
  if (shown === 0) return
  await db.transaction((tx) => recordDataView(tx, actor, trial, { kind: 'results', what }))
}

/** Every stored run of a trial, newest first. */
export async function listRuns(db: Executor, trialId: string) {
  const rows = await db
    .select()
    .from(analysisRuns)
    .where(eq(analysisRuns.trialId, trialId))
    .orderBy(desc(analysisRuns.createdAt))
  return rows.map(runOut)
}

export async function getRun(db: Executor, trialId: string, runId: string) {
  const [row] = await db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.trialId, trialId), eq(analysisRuns.id, runId)))
  if (!row) throw notFound(`analysis run ${runId}`)
  return runOut(row)
}
