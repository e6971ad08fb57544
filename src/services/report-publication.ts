import { eq } from 'drizzle-orm'
import { decidePublishReport, reportDetailsAudit } from '../../trials/commands'
import type { ReportDetailKey } from '../../trials/report'
import type { RegisteredTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import { trialReports, type trials } from '../db/schema'
import { recordAudit, recorderContext } from './audit'
import type { Recorder } from './observations'
import { checklistOf, loadReportContext } from './report'

type TrialRow = typeof trials.$inferSelect

/**
 * Saves the parts of a report only its authors can write; a null value clears one. Returns the
 * details as they stand.
 */
export async function saveReportDetails(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  changes: Partial<Record<ReportDetailKey, string | null>>
) {
  const [stored] = await tx.select().from(trialReports).where(eq(trialReports.trialId, trial.id))
  const details: Record<string, string> = { ...stored?.details }
  for (const [key, value] of Object.entries(changes)) {
    if (value === null) delete details[key]
    else if (value !== undefined) details[key] = value
  }
  if (stored)
    await tx
      .update(trialReports)
      .set({ details, updatedBy: actor.userId, updatedAt: now })
      .where(eq(trialReports.trialId, trial.id))
  else
    await tx
      .insert(trialReports)
      .values({ trialId: trial.id, details, updatedBy: actor.userId, updatedAt: now })
  await recordAudit(tx, recorderContext(actor, trial, now), reportDetailsAudit(trial, changes))
  return details
}

/** Publishes a trial report (see `decidePublishReport`), in the caller's transaction. */
export async function publishReport(
  tx: Executor,
  trial: RegisteredTrial,
  actor: Recorder,
  now: Date,
  acknowledgeMissing: boolean
) {
  const ctx = await loadReportContext(tx, trial, now)
  const checklist = checklistOf(ctx)
  const decision = decidePublishReport(
    {
      id: trial.id,
      councilId: trial.councilId,
      run: ctx.run ? { id: ctx.run.id, interim: ctx.interim } : null,
      checklist,
      publishedRunId: ctx.publication?.run_id ?? null,
    },
    { acknowledgeMissing },
    now
  )
  const values = {
    publishedAt: decision.patch.publishedAt,
    publishedRunId: decision.patch.publishedRunId,
    publishedChecklist: decision.patch.publishedChecklist,
    publishedBy: actor.userId,
  }
  const [stored] = await tx.select().from(trialReports).where(eq(trialReports.trialId, trial.id))
  if (stored) await tx.update(trialReports).set(values).where(eq(trialReports.trialId, trial.id))
  else
    await tx.insert(trialReports).values({
      trialId: trial.id,
      details: {},
      updatedBy: actor.userId,
      updatedAt: now,
      ...values,
    })
  await recordAudit(tx, recorderContext(actor, trial, now), decision.audit)
  return {
    trial_id: trial.id,
    published_at: now.toISOString(),
    run_id: decision.patch.publishedRunId,
    missing_items: checklist.filter((i) => i.status === 'missing').map((i) => i.item),
    public_url: `/registry/${trial.id}/report`,
  }
}
