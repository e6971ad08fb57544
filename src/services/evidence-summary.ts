import { predictionInterval } from '../../analysis/meta-analysis'
import { renderForestSvg } from './forest-svg'
import { and, desc, eq, inArray } from 'drizzle-orm'
import {
  comparisonEffect,
  type StudyEffect,
  type SynthesisGroup,
  describeSynthesis,
  forestFootnote,
} from '../../trials/evidence'
import { registeredProtocol } from '../../trials/commands'
import { isPublic, ratingDecided } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { analysisRuns, councils, interventions, trials } from '../db/schema'
import { compute } from '../compute'
import { ProblemError, notFound } from '../problem'
import { loadRatings, ratingOut } from './ratings'

function axisLabel(group: SynthesisGroup, outcomeLabel: string): string {
  if (group.scale === 'log_odds_ratio')
    return `Log odds ratio, ${outcomeLabel} (treatment vs control)`
  if (group.scale === 'log_risk_ratio')
    return `Log risk ratio, ${outcomeLabel} (treatment vs control)`
  return group.outcomeType === 'binary'
    ? `Difference in proportion, ${outcomeLabel} (treatment - control)`
    : `Difference in ${outcomeLabel} (treatment - control)`
}

/**
 * The evidence on one intervention across councils, from aggregates only: each trial whose final
 * registered analysis has run (interim runs are never pooled), its primary effect, its households randomised and its ratings, and the pooled effect of every
 * group of like trials. No household-level value leaves this function.
 */
export async function evidenceSummary(db: Executor, interventionId: string) {
  const [intervention] = await db
    .select()
    .from(interventions)
    .where(eq(interventions.id, interventionId))
  if (!intervention) throw notFound(`intervention ${interventionId}`)
  const rows = await db
    .select({ trial: trials, council: councils })
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .where(eq(trials.interventionId, interventionId))
    .orderBy(trials.registeredAt, trials.id)
  const publicIds = rows.filter((r) => isPublic(r.trial)).map((r) => r.trial.id)
  // Only final runs are shared: interim runs never feed pooled evidence.
  const runs = publicIds.length
    ? await db
        .select()
        .from(analysisRuns)
        .where(
          and(
            inArray(analysisRuns.trialId, publicIds),
            eq(analysisRuns.kind, 'planned'),
            eq(analysisRuns.stage, 'final')
          )
        )
        .orderBy(desc(analysisRuns.createdAt))
    : []
  const shared = rows.filter((r) => runs.some((run) => run.trialId === r.trial.id))
  const ids = shared.map((r) => r.trial.id)
  const ratings = await loadRatings(db, ids)

  const labels = new Map<string, number>()
  const effects: StudyEffect[] = []
  const outcomeLabels = new Map<string, string>()
  /** The registered expected direction of each primary outcome (its hypothesis), for plot labels. */
  const directions = new Map<string, string>()
  const trialsOut = shared.map(({ trial, council }) => {
    const protocol = registeredProtocol(trial)
    const run = runs.find((r) => r.trialId === trial.id)
    const report = run?.report.kind === 'planned' ? run.report : undefined
    let label = `${council.name} ${trial.registeredAt?.getUTCFullYear() ?? ''}`.trim()
    const seen = labels.get(label) ?? 0
    labels.set(label, seen + 1)
    if (seen) label = `${label} (${seen + 1})`
    const outcome = protocol.primary_outcome
    outcomeLabels.set(outcome.name, outcome.label)
    const hypothesis = protocol.hypotheses.find((h) => h.outcome === outcome.name)
    if (hypothesis && !directions.has(outcome.name))
      directions.set(outcome.name, hypothesis.direction)
    const comparisons = (report?.comparisons ?? [])
      .filter((c) => c.role === 'primary')
      .map((c) => {
        const effect = comparisonEffect(c)
        if (effect.scale !== null)
          effects.push({
            trialId: trial.id,
            label,
            outcome: outcome.name,
            outcomeType: outcome.type,
            arm: c.arm,
            scale: effect.scale,
            estimate: effect.estimate,
            stdError: effect.stdError,
          })
        return {
          analysis: c.analysis,
          arm: c.arm,
          control: c.control,
          estimator: c.spec.estimator,
          scale: effect.scale,
          estimate: effect.estimate,
          std_error: effect.stdError,
          n: typeof c.result?.n === 'number' ? c.result.n : null,
          not_pooled: effect.reason,
        }
      })
    const latest = ratings.find((r) => r.rating.trialId === trial.id)
    const rating = latest ? ratingOut(latest.rating, latest.decisions, protocol) : null
    return {
      trial_id: trial.id,
      title: trial.title,
      label,
      status: trial.status,
      council: { id: council.id, code: council.code, name: council.name },
      councils_taking_part: protocol.councils.map((x) => x.name),
      registered_at: trial.registeredAt?.toISOString() ?? null,
      households_randomised: report?.sample_ratio_mismatch
        ? report.sample_ratio_mismatch.observed.reduce((a, b) => a + b, 0)
        : (report?.n_units ?? null),
      primary_outcome: { name: outcome.name, type: outcome.type, label: outcome.label },
      analysis_run_id: run?.id ?? null,
      comparisons,
      rating: rating
        ? {
            id: rating.id,
            arm: rating.comparison.arm,
            schemes: Object.fromEntries(
              rating.schemes.map((s) => [
                s.scheme,
                {
                  computed_level: s.computed_level,
                  final_level: s.final_level,
                  status: s.status,
                  limiting_words: s.limiting_words,
                },
              ])
            ),
          }
        : null,
    }
  })

  const groups = await compute('synthesise', effects)
  const councilsOut = [
    ...new Map(
      trialsOut.map((t) => [
        t.council.id,
        { ...t.council, trials: trialsOut.filter((x) => x.council.id === t.council.id).length },
      ])
    ).values(),
  ]
  return {
    intervention: { id: intervention.id, name: intervention.name, category: intervention.category },
    totals: {
      trials: trialsOut.length,
      councils: councilsOut.length,
      households_randomised: trialsOut.reduce((s, t) => s + (t.households_randomised ?? 0), 0),
      rated_trials: trialsOut.filter((t) => ratingDecided(t.status)).length,
    },
    councils: councilsOut,
    trials: trialsOut,
    syntheses: groups.map((g) => ({
      key: g.key,
      outcome: g.outcome,
      outcome_type: g.outcomeType,
      arm: g.arm,
      scale: g.scale,
      axis_label: axisLabel(g, outcomeLabels.get(g.outcome) ?? g.outcome),
      outcome_label: outcomeLabels.get(g.outcome) ?? g.outcome,
      expected_direction: directions.get(g.outcome) ?? null,
      k: g.k,
      headline: describeSynthesis(g),
      studies: g.studies.map((s, i) => ({
        trial_id: s.trialId,
        label: s.label,
        estimate: s.estimate,
        std_error: s.stdError,
        conf_low: g.forest.FE.studies[i]!.confLow,
        conf_high: g.forest.FE.studies[i]!.confHigh,
        weight_percent: s.weightPercent,
      })),
      pooled: g.pooled,
      heterogeneity: {
        q: g.heterogeneity.q,
        q_df: g.heterogeneity.q_df,
        q_p_value: g.heterogeneity.q_p_value,
        tau2: { DL: g.pooled.DL.tau2, REML: g.pooled.REML.tau2 },
        i2: { FE: g.pooled.FE.i2, DL: g.pooled.DL.i2, REML: g.pooled.REML.i2 },
      },
      forest_svg: `/interventions/${intervention.id}/evidence/forest.svg?group=${encodeURIComponent(g.key)}`,
    })),
    groups,
    notice:
      'Aggregates from trials whose registered analysis has run; no household-level data. Trials are pooled only with trials of the same primary outcome, treatment arm and effect scale; Wald 95% intervals.',
  }
}

/**
 * Which side of zero favours the intervention, from the registered hypothesis: effects are arm
 * minus control (or a log ratio of arm to control), so for an outcome expected to decrease
 * (homelessness) values below zero favour the intervention.
 */
export function favoursLabels(direction: string | null): { below: string; above: string } {
  if (direction === 'decrease') return { below: 'Favours intervention', above: 'Favours control' }
  if (direction === 'increase') return { below: 'Favours control', above: 'Favours intervention' }
  return { below: 'Lower with intervention', above: 'Higher with intervention' }
}

/** The random-effects prediction interval of a synthesis group, or null (FE, fewer than 3 trials). */
export function groupPrediction(group: SynthesisGroup, method: 'FE' | 'DL' | 'REML') {
  const pooled = group.pooled[method]
  return predictionInterval({
    method,
    k: group.k,
    estimate: pooled.estimate,
    stdError: pooled.std_error,
    tau2: pooled.tau2,
  })
}

/** The forest plot (SVG) of one synthesis group of a summary, pooled by `method`. */
export function forestSvg(
  summary: Awaited<ReturnType<typeof evidenceSummary>>,
  index: number,
  method: 'FE' | 'DL' | 'REML'
): string {
  const group = summary.groups[index]!
  const s = summary.syntheses[index]!
  const prediction = groupPrediction(group, method)
  return renderForestSvg(group.forest[method], {
    favours: favoursLabels(s.expected_direction),
    ...(prediction ? { prediction } : {}),
    title: `${s.outcome_label}: ${group.arm.replace(/_/g, ' ')} against control`,
    axisLabel: s.axis_label,
    footnote: forestFootnote(group, method),
  })
}

/**
 * The forest plot (SVG) of an intervention's synthesis group `key` (default the largest group),
 * pooled by `method`; 404 naming the groups there are when there is no such group.
 */
export async function forestPlot(
  db: Executor,
  interventionId: string,
  key: string | undefined,
  method: 'FE' | 'DL' | 'REML'
): Promise<string> {
  const summary = await evidenceSummary(db, interventionId)
  const index = key === undefined ? 0 : summary.groups.findIndex((g) => g.key === key)
  if (!summary.groups[index]) {
    throw new ProblemError(
      404,
      'no-pooled-evidence',
      key === undefined
        ? 'no analysed trial of this intervention has a poolable primary effect'
        : `no synthesis group ${key}`,
      { groups: summary.groups.map((g) => g.key) }
    )
  }
  return forestSvg(summary, index, method)
}
