import { and, asc, desc, eq } from 'drizzle-orm'
import { parseCsv } from '../../analysis/data'
import type { AnalysisResult } from '../../analysis'
import {
  consortChecklist,
  practitionerSummary,
  relativeEffects,
  trialReport,
  type ChecklistItem,
  type ConsortFlow,
  type ReportDetailKey,
} from '../../trials/report'
import type { RegisteredTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import {
  analysisRuns,
  councils,
  interventions,
  protocolVersions,
  trialReports,
  type trials,
} from '../db/schema'
import { loadAnalysisDataset } from './dataset'
import { loadConsortFlow } from './report-flow'
import { loadRatings, ratingOut } from './ratings'

type TrialRow = RegisteredTrial
type RunRow = typeof analysisRuns.$inferSelect
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null)

/**
 * Whether a stored planned run is interim (run while follow-up continued): such runs are labelled
 * so and never reported as the trial's final results.
 */
function isInterimRun(run: Pick<RunRow, 'stage'>): boolean {
  return run.stage === 'interim'
}

/** The run a report is written from: the latest final planned run, else the latest planned run. */
async function reportRun(db: Executor, trialId: string): Promise<RunRow | null> {
  const runs = await db
    .select()
    .from(analysisRuns)
    .where(and(eq(analysisRuns.trialId, trialId), eq(analysisRuns.kind, 'planned')))
    .orderBy(desc(analysisRuns.createdAt))
  return runs.find((r) => !isInterimRun(r)) ?? runs[0] ?? null
}

/** Public address of a trial's registry record. */
export const registryPath = (trialId: string) => `/registry/${trialId}`

/** Everything a report, its checklist and its summary are built from, loaded in one place. */
export async function loadReportContext(db: Executor, trial: TrialRow, now: Date) {
  const { protocol } = trial
  const [council] = await db.select().from(councils).where(eq(councils.id, trial.councilId))
  const [intervention] = await db
    .select()
    .from(interventions)
    .where(eq(interventions.id, trial.interventionId))
  const versions = await db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.trialId, trial.id))
    .orderBy(asc(protocolVersions.version))
  const flow = await loadConsortFlow(db, trial, now)
  const run = await reportRun(db, trial.id)
  const [stored] = await db.select().from(trialReports).where(eq(trialReports.trialId, trial.id))
  const ratings = await loadRatings(db, [trial.id])
  const rating = ratings[0] ? ratingOut(ratings[0].rating, ratings[0].decisions, protocol) : null
  return {
    trial,
    protocol,
    council: council!,
    intervention: intervention?.details ?? null,
    amendments: versions
      .filter((v) => v.version > 1)
      .map((v) => ({
        version: v.version,
        reason: v.reason,
        deviation: v.deviation,
        at: v.createdAt.toISOString(),
        deviation_reasons: v.deviationReasons,
        outcomes_seen: v.outcomesSeen,
      })),
    flow,
    run,
    interim: run ? isInterimRun(run) : false,
    details: stored?.details ?? {},
    publication: stored?.publishedAt
      ? {
          published_at: stored.publishedAt.toISOString(),
          published_by: stored.publishedBy,
          run_id: stored.publishedRunId,
          checklist: stored.publishedChecklist,
        }
      : null,
    rating,
  }
}
type ReportContext = Awaited<ReturnType<typeof loadReportContext>>

/** The stored report of the loaded planned run (null when there is none). */
const plannedReport = (ctx: ReportContext) =>
  ctx.run?.report.kind === 'planned' ? ctx.run.report : null

/** The CONSORT 2025 checklist of a loaded trial. */
export function checklistOf(ctx: ReportContext): ChecklistItem[] {
  const plan = plannedReport(ctx)
  return consortChecklist({
    protocol: ctx.protocol,
    trialId: ctx.trial.id,
    registryUrl: registryPath(ctx.trial.id),
    registeredAt: day(ctx.trial.registeredAt),
    protocolVersion: ctx.trial.protocolVersion,
    amendments: ctx.amendments,
    seedRevealed: ctx.trial.seed !== null && ctx.trial.closedAt !== null,
    recruitingAt: day(ctx.trial.recruitingAt),
    closedAt: day(ctx.trial.closedAt),
    flow: ctx.flow,
    run: ctx.run
      ? {
          id: ctx.run.id,
          created_at: ctx.run.createdAt.toISOString(),
          interim: ctx.interim,
          comparisons: plan?.comparisons ?? [],
          balance: (plan?.balance?.length ?? 0) > 0,
        }
      : null,
    intervention: ctx.intervention,
    details: ctx.details,
  })
}

/** Share of households offered an arm who received it, from adherence (null if none recorded). */
function takeUp(flow: ConsortFlow, arm: string): number | null {
  const a = flow.arms.find((x) => x.arm === arm)
  if (!a) return null
  const recorded = a.allocated - a.adherence_not_recorded
  return recorded > 0 ? a.received / recorded : null
}

/** The estimate, 95% CI and p-value of a stored result, when it reports all four as numbers. */
function effectOf(r: AnalysisResult | null | undefined) {
  const { estimate, conf_low, conf_high, p_value } = r ?? {}
  return typeof estimate === 'number' &&
    typeof conf_low === 'number' &&
    typeof conf_high === 'number' &&
    typeof p_value === 'number'
    ? { estimate, conf_low, conf_high, p_value }
    : null
}

/** The practitioner summary of a loaded trial (its primary comparison). */
function summaryOf(ctx: ReportContext, controlMean: number | null) {
  const plan = plannedReport(ctx)
  const primary = plan?.comparisons?.find((c) => c.role === 'primary')
  const arm = primary?.arm ?? ctx.protocol.arms.find((a) => !a.control)!.name
  const r = primary?.result
  const eef = ctx.rating?.schemes.find((s) => s.scheme === 'eef_padlocks')
  return practitionerSummary({
    protocol: ctx.protocol,
    arm,
    effect: effectOf(r),
    controlMean,
    costPence: ctx.intervention?.delivery_cost_pence ?? null,
    takeUp: takeUp(ctx.flow, arm),
    rating: eef
      ? {
          padlocks: (eef.final_level ?? eef.computed_level) as number | null,
          limiting: eef.limiting,
          status: eef.status,
        }
      : null,
    interim: ctx.interim,
  })
}

/** The full trial report of a loaded trial (JSON; the HTML page renders the same object). */
export async function reportOf(db: Executor, ctx: ReportContext) {
  const dataset = await loadAnalysisDataset(db, ctx.trial)
  const plan = plannedReport(ctx)
  const control = ctx.protocol.arms.find((a) => a.control)!.name
  const primaryName = ctx.protocol.primary_outcome.name
  const armColumn = dataset.header.indexOf('arm')
  const primaryColumn = dataset.header.indexOf(primaryName)
  const controlValues = dataset.rows
    .filter((r) => r[armColumn] === control)
    .map((r) => r[primaryColumn])
    .filter((v): v is number => typeof v === 'number')
  const controlMean = controlValues.length
    ? controlValues.reduce((a, b) => a + b, 0) / controlValues.length
    : null
  const checklist = checklistOf(ctx)
  const summary = summaryOf(ctx, controlMean)
  const report = trialReport({
    trial: {
      id: ctx.trial.id,
      title: ctx.trial.title,
      council: ctx.council.name,
      status: ctx.trial.status,
      registered_at: day(ctx.trial.registeredAt),
      protocol_version: ctx.trial.protocolVersion,
      protocol_hash: ctx.trial.protocolHash,
    },
    protocol: ctx.protocol,
    flow: ctx.flow,
    dataset,
    run: ctx.run
      ? {
          id: ctx.run.id,
          created_at: ctx.run.createdAt.toISOString(),
          interim: ctx.interim,
          dataset_hash: ctx.run.datasetHash,
          engine_version: ctx.run.engineVersion,
          comparisons: plan?.comparisons ?? [],
        }
      : null,
    deviations: ctx.amendments
      .filter((a) => a.deviation)
      .map((a) => ({
        version: a.version,
        reason: a.reason,
        amended_at: a.at,
        deviation_reasons: a.deviation_reasons,
        outcomes_seen: a.outcomes_seen,
      })),
    rating: ctx.rating
      ? {
          id: ctx.rating.id,
          schemes: ctx.rating.schemes.map((s) => ({
            scheme: s.scheme,
            level: s.final_level ?? s.computed_level,
            status: s.status,
            limiting_summary: s.limiting_summary,
            limiting: s.limiting,
          })),
        }
      : null,
    checklist,
    summary,
    relativeEffects: dataset.rows.length
      ? relativeEffects(ctx.protocol, parseCsv(dataset.csv))
      : {},
  })
  return { ...report, publication: ctx.publication, details: ctx.details }
}
