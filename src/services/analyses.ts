import { and, asc, eq } from 'drizzle-orm'
import { parseCsv } from '../../analysis/data'
import { runAnalysisPlan } from '../../trials/plan'
import type { Protocol } from '../../trials/protocol/schema'
import type { Executor } from '../db/client'
import { analysisRuns, protocolVersions, trials } from '../db/schema'
import { conflict } from '../problem'
import { audit } from './audit'
import { loadAnalysisDataset } from './dataset'

/** Statuses in which analyses may run: recruitment has closed. */
export const ANALYSABLE: ReadonlySet<string> = new Set(['closed', 'analysed', 'rated'])

/** Amendments marked as deviations: shown with every result. */
export async function deviationsOf(db: Executor, trialId: string) {
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
  }))
}

/**
 * Runs the registered analysis plan on the trial's current dataset and stores the run with the
 * protocol hash, the dataset hash and the engine version (the caller holds the trial row lock).
 * The first planned run moves a closed trial to `analysed`.
 */
export async function runPlannedAnalysis(
  tx: Executor,
  trial: typeof trials.$inferSelect,
  actor: { userId: string; requestId?: string },
  now: Date,
  engineVersion: string
) {
  if (!ANALYSABLE.has(trial.status))
    throw conflict(
      'not-closed',
      `the registered analysis runs once recruitment has closed; the trial is ${trial.status}`,
      { trial_status: trial.status }
    )
  const dataset = await loadAnalysisDataset(tx, trial)
  const plan = runAnalysisPlan(trial.protocol as Protocol, parseCsv(dataset.csv), trial.seed!)
  const report = {
    kind: 'planned',
    deviations: await deviationsOf(tx, trial.id),
    n_units: dataset.rows.length,
    ...plan,
  }
  const [row] = await tx
    .insert(analysisRuns)
    .values({
      trialId: trial.id,
      kind: 'planned',
      protocolVersion: trial.protocolVersion,
      protocolHash: trial.protocolHash!,
      datasetHash: dataset.sha256,
      engineVersion,
      simulationSeed: null,
      report,
      createdBy: actor.userId,
      createdAt: now,
    })
    .returning()
  if (trial.status === 'closed')
    await tx
      .update(trials)
      .set({ status: 'analysed', updatedAt: now })
      .where(eq(trials.id, trial.id))
  await audit(tx, {
    at: now,
    actorId: actor.userId,
    councilId: trial.councilId,
    action: 'analysis.run',
    entityType: 'trial',
    entityId: trial.id,
    requestId: actor.requestId,
    detail: { run_id: row!.id, dataset_hash: dataset.sha256 },
  })
  return row!
}
