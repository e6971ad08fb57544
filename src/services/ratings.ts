import { asc, desc, eq, inArray } from 'drizzle-orm'
import type { RatingReport, Reason } from '../../analysis/ratings'
import type { FactProvenance } from '../../trials/evidence'
import type { Executor } from '../db/client'
import { evidenceRatings, ratingDecisions } from '../db/schema'

type RatingRow = typeof evidenceRatings.$inferSelect
type DecisionRow = typeof ratingDecisions.$inferSelect
export type Level = number | string | null

/** The levels a Centre decision can confirm or override, in the order the API lists them. */
export const SCHEMES = [
  'eef_padlocks',
  'wwc',
  'wwc_effect_level',
  'maryland_sms',
  'nesta_level',
  'rob2_overall',
] as const
export type Scheme = (typeof SCHEMES)[number]

/** What a stored rating's `report` column holds besides the engine report. */
export interface StoredRatingReport {
  rating: RatingReport
  comparison: { analysis: string; arm: string; control: string; outcome: string }
  derivation_warnings: string[]
  declared: Record<string, unknown>
}

export function computedLevel(report: RatingReport, scheme: Scheme): Level {
  return scheme === 'wwc_effect_level'
    ? report.ratings.wwc.effect_level
    : (report.ratings[scheme].level as Level)
}

function reasonsOf(report: RatingReport, scheme: Scheme): Reason[] {
  return scheme === 'wwc_effect_level' ? report.ratings.wwc.reasons : report.ratings[scheme].reasons
}

export function decisionOut(d: DecisionRow) {
  return {
    id: d.id,
    rating_id: d.ratingId,
    scheme: d.scheme,
    action: d.action,
    computed_level: d.computedLevel as Level,
    final_level: d.finalLevel as Level,
    reason: d.reason,
    decided_by: d.decidedBy,
    decided_at: d.decidedAt.toISOString(),
  }
}

/**
 * A stored rating as the API shows it: per scheme the computed level, the final level once Centre
 * staff have decided (null while pending), the limiting reasons and every reason; each fact with its
 * value, source and how it was obtained. Decisions are oldest first; the latest per scheme is final.
 */
export function ratingOut(r: RatingRow, decisions: DecisionRow[]) {
  const stored = r.report as StoredRatingReport
  const report = stored.rating
  const facts = r.facts as Record<string, unknown>
  const provenance = r.provenance as Record<string, FactProvenance>
  const schemes = SCHEMES.map((scheme) => {
    const mine = decisions.filter((d) => d.scheme === scheme)
    const latest = mine.at(-1)
    const reasons = reasonsOf(report, scheme)
    const limiting = reasons.filter((x) => x.limiting)
    return {
      scheme,
      computed_level: computedLevel(report, scheme),
      final_level: latest ? (latest.finalLevel as Level) : null,
      status: latest ? (latest.action === 'confirm' ? 'confirmed' : 'overridden') : 'pending',
      limiting_summary: limiting.length
        ? limiting.map((x) => x.detail).join('; ')
        : 'no criterion limited this rating',
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
export async function latestRating(db: Executor, trialId: string) {
  const [row] = await db
    .select()
    .from(evidenceRatings)
    .where(eq(evidenceRatings.trialId, trialId))
    .orderBy(desc(evidenceRatings.createdAt))
    .limit(1)
  return row ?? null
}
