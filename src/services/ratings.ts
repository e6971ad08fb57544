import { and, asc, desc, eq, inArray } from 'drizzle-orm'
import type { LimitingReason, RatingReport, Reason } from '../../analysis/ratings'
import {
  computedLevel,
  decideComputeRating,
  decideOnRating,
  registered,
  registeredProtocol,
  RATING_SCHEMES,
  type RatingLevel,
} from '../../trials/commands'
import type { DeclaredFactsInput } from '../../trials/evidence'
import type { Protocol } from '../../trials/protocol'
import { limitingWords } from '../../trials/report'
import type { Executor } from '../db/client'
import { evidenceRatings, interventions, ratingDecisions } from '../db/schema'
import { forbidden, notFound } from '../problem'
import { recordAudit } from './audit'
import { withTrial, type RequestContext } from './context'
import { loadAnalysisDataset } from './dataset'
import { loadConsortFlow } from './report-flow'
import { finalRuns } from './analyses'
import { patchTrial, type TrialRow } from './trials'

type RatingRow = typeof evidenceRatings.$inferSelect
type DecisionRow = typeof ratingDecisions.$inferSelect
export type Level = RatingLevel
const SCHEMES = RATING_SCHEMES
export type Scheme = (typeof SCHEMES)[number]
export { computedLevel }

function ratingOf(report: RatingReport, scheme: Scheme) {
  return scheme === 'wwc_effect_level' ? report.ratings.wwc : report.ratings[scheme]
}

function reasonsOf(report: RatingReport, scheme: Scheme): Reason[] {
  return ratingOf(report, scheme).reasons
}

/**
 * The reasons that set a scheme's level, with their words; a rating stored before the engine gave
 * words has its limiting reasons without them (shown by their detail).
 */
function limitingOf(
  report: RatingReport,
  scheme: Scheme
): (Reason & { words?: LimitingReason['words'] })[] {
  return (
    (ratingOf(report, scheme) as { limiting?: LimitingReason[] }).limiting ??
    reasonsOf(report, scheme).filter((x) => x.limiting)
  )
}

function decisionOut(d: DecisionRow) {
  return {
    id: d.id,
    rating_id: d.ratingId,
    scheme: d.scheme,
    action: d.action,
    computed_level: d.computedLevel,
    final_level: d.finalLevel,
    reason: d.reason,
    decided_by: d.decidedBy,
    decided_at: d.decidedAt.toISOString(),
  }
}

/**
 * A stored rating as the API shows it: per scheme the computed level, the final level once Centre
 * staff have decided (null while pending), the limiting reasons and every reason, with what limited
 * it in the words the report uses (characteristics by the trial's registered labels); each fact with
 * its value, source and how it was obtained. Decisions are oldest first; the latest per scheme is final.
 */
export function ratingOut(r: RatingRow, decisions: DecisionRow[], protocol: Protocol) {
  const stored = r.report
  const report = stored.rating
  const facts: Record<string, unknown> = r.facts
  const provenance = r.provenance
  const schemes = SCHEMES.map((scheme) => {
    const mine = decisions.filter((d) => d.scheme === scheme)
    const latest = mine.at(-1)
    const reasons = reasonsOf(report, scheme)
    const limiting = limitingOf(report, scheme)
    return {
      scheme,
      computed_level: computedLevel(report, scheme),
      final_level: latest ? latest.finalLevel : null,
      status: latest
        ? latest.action === 'confirm'
          ? ('confirmed' as const)
          : ('overridden' as const)
        : ('pending' as const),
      limiting_summary: limiting.length
        ? limiting.map((x) => x.detail).join('; ')
        : 'no criterion limited this rating',
      limiting_words: limitingWords(protocol, limiting),
      limiting,
      reasons,
      decisions: mine.map(decisionOut),
    }
  })
  return {
    id: r.id,
    trial_id: r.trialId,
    analysis_run_id: r.analysisRunId,
    comparison: stored.comparison,
    created_by: r.createdBy,
    created_at: r.createdAt.toISOString(),
    schemes,
    facts: Object.fromEntries(
      Object.keys(provenance).map((name) => [
        name,
        {
          value: facts[name] ?? null,
          source: provenance[name]!.source,
          detail: provenance[name]!.detail,
        },
      ])
    ),
    declared_facts: Object.keys(provenance).filter(
      (name) => provenance[name]!.source === 'declared'
    ),
    derived: report.derived,
    warnings: [...new Set([...report.warnings, ...stored.derivation_warnings])],
    options: report.options,
    options_overridden: report.options_overridden,
    advisory: report.advisory,
    engine_version: report.engine_version,
    standards_table_version: report.standards_table_version,
  }
}

/** A trial's ratings, newest first, each with its decisions (oldest first). */
export async function loadRatings(db: Executor, trialIds: string[]) {
  if (!trialIds.length) return []
  const ratings = await db
    .select()
    .from(evidenceRatings)
    .where(inArray(evidenceRatings.trialId, trialIds))
    .orderBy(desc(evidenceRatings.createdAt))
  if (!ratings.length) return []
  const decisions = await db
    .select()
    .from(ratingDecisions)
    .where(
      inArray(
        ratingDecisions.ratingId,
        ratings.map((r) => r.id)
      )
    )
    .orderBy(asc(ratingDecisions.decidedAt))
  return ratings.map((r) => ({
    rating: r,
    decisions: decisions.filter((d) => d.ratingId === r.id),
  }))
}

/** The newest rating of a trial, if any. */
/** A trial's ratings as the API shows them, newest first (a trial is rated only once registered). */
export async function trialRatings(db: Executor, trial: TrialRow) {
  const rows = await loadRatings(db, [trial.id])
  return rows.map((r) => ratingOut(r.rating, r.decisions, registeredProtocol(trial)))
}

async function latestRating(db: Executor, trialId: string) {
  const [row] = await db
    .select()
    .from(evidenceRatings)
    .where(eq(evidenceRatings.trialId, trialId))
    .orderBy(desc(evidenceRatings.createdAt))
    .limit(1)
  return row ?? null
}

/**
 * Computes a rating from the trial's final planned run (evaluators with access, or Centre staff;
 * only Centre staff may change the interpretation options).
 */
export function computeRating(
  rc: RequestContext,
  id: string,
  body: {
    declared: DeclaredFactsInput
    arm?: string | undefined
    options?: Record<string, unknown> | undefined
  }
) {
  const p = rc.principal
  if (body.options !== undefined && p.role !== 'centre')
    throw forbidden('only Centre staff may change rating options')
  return withTrial(rc, id, p.role === 'centre' ? 'rate' : 'analyse', async (tx, trial) => {
    const [run] = await finalRuns(tx, id).limit(1)
    const [intervention] = await tx
      .select()
      .from(interventions)
      .where(eq(interventions.id, trial.interventionId))
    const report = run?.report
    const decision = decideComputeRating(trial, {
      run: run && report?.kind === 'planned' ? { ...run, report } : null,
      dataset: await loadAnalysisDataset(tx, registered(trial)),
      declared: body.declared,
      arm: body.arm,
      options: body.options,
      intervention: intervention?.details,
      flow: await loadConsortFlow(tx, registered(trial), rc.actor.at),
    })
    const [row] = await tx
      .insert(evidenceRatings)
      .values({ trialId: id, ...decision.rating, createdBy: p.userId, createdAt: rc.actor.at })
      .returning()
    await recordAudit(tx, rc.actor, decision.audit(row!.id))
    return ratingOut(row!, [], registered(trial).protocol)
  })
}

/** Centre staff confirm or override one scheme of the newest rating. */
export function decideRating(
  rc: RequestContext,
  id: string,
  ratingId: string,
  body: {
    scheme: Scheme
    action: 'confirm' | 'override'
    level?: Level | undefined
    reason?: string | undefined
  }
) {
  return withTrial(rc, id, 'rate', async (tx, trial) => {
    const [rating] = await tx
      .select()
      .from(evidenceRatings)
      .where(and(eq(evidenceRatings.id, ratingId), eq(evidenceRatings.trialId, id)))
    if (!rating) throw notFound(`rating ${ratingId}`)
    const newest = await latestRating(tx, id)
    const decision = decideOnRating(
      trial,
      { rating, newestRatingId: newest!.id, ...body },
      rc.actor.at
    )
    const [row] = await tx
      .insert(ratingDecisions)
      .values({
        ratingId,
        trialId: id,
        ...decision.decision,
        decidedBy: rc.principal.userId,
        decidedAt: rc.actor.at,
      })
      .returning()
    if (decision.patch) await patchTrial(tx, id, decision.patch)
    await recordAudit(tx, rc.actor, decision.audit(row!.id))
    const decisions = await tx
      .select()
      .from(ratingDecisions)
      .where(eq(ratingDecisions.ratingId, ratingId))
    decisions.sort(
      (a, b) =>
        a.decidedAt.getTime() - b.decidedAt.getTime() ||
        (a.id === row!.id ? 1 : b.id === row!.id ? -1 : 0)
    )
    return ratingOut(rating, decisions, registeredProtocol(trial))
  })
}
