import type { Protocol } from '../protocol/schema'
import { armSummaries, baselineTable, type BaselineRow, type DatasetView } from './baseline-table'
import type { ChecklistItem } from './consort-checklist'
import { missingItems } from './consort-checklist-schema'
import { armLabel, type ConsortFlow } from './consort-flow'
import { limitingWords, type RatingLimiting } from './limiting-words'
import type { PractitionerSummary } from './practitioner-summary'
import type { ResultRow, TrialReport } from './trial-report-schema'

export type { ResultRow, TrialReport } from './trial-report-schema'

/**
 * One comparison of a stored analysis run, as the report reads it.
 *
 * @example
 * const c: RunComparison = { analysis: 'primary_itt', role: 'primary', arm: 'family_mediation', control: 'usual_care', spec: { estimator: 'lin', outcome: 'homeless_6m' }, result: { estimate: -0.07 }, error: null, adjusted: null }
 */
export interface RunComparison {
  analysis: string
  role: string
  arm: string
  control: string
  /** The analysis spec; `outcome` is absent from specs of no outcome (baseline balance). */
  spec: { estimator: string; outcome?: string }
  result: Record<string, unknown> | null
  error: { code: string; message: string } | null
  adjusted: { family: string; method: string; adjusted_p: number } | null
}

/**
 * What the trial report is assembled from, all loaded by the shell.
 *
 * @example
 * const input: TrialReportInput = { trial, protocol, flow, dataset, run: null, deviations: [], rating: null, checklist: [], summary, relativeEffects: {} }
 */
export interface TrialReportInput {
  trial: {
    id: string
    title: string
    council: string
    status: string
    registered_at: string | null
    protocol_version: number
    protocol_hash: string | null
  }
  protocol: Protocol
  flow: ConsortFlow
  dataset: DatasetView
  run: {
    id: string
    created_at: string
    interim: boolean
    dataset_hash: string
    engine_version: string
    comparisons: readonly RunComparison[]
  } | null
  deviations: ReadonlyArray<{
    version: number
    reason: string | null
    amended_at: string
    deviation_reasons: unknown
    /** Whether outcome data or results had been seen when the amendment was made (null: not recorded). */
    outcomes_seen?: boolean | null
  }>
  rating: {
    id: string
    schemes: ReadonlyArray<{
      scheme: string
      level: unknown
      status: string
      limiting_summary: string
      /** The reasons that limited the level (see `limitingWords`). */
      limiting: RatingLimiting
    }>
  } | null
  checklist: readonly ChecklistItem[]
  summary: PractitionerSummary
  /** Binary outcomes: the unadjusted risk ratio arm / control with its 95% CI, keyed `outcome|arm`. */
  relativeEffects: Readonly<
    Record<string, { estimate: number; conf_low: number; conf_high: number } | { error: string }>
  >
}

const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) ? x : null)

/**
 * The trial report (JSON; the HTML page renders the same object): the registration, the CONSORT
 * flow, the baseline table by arm, every planned comparison with its 95% confidence interval in
 * the registered outcome and arm labels (binary outcomes with the absolute and the relative effect,
 * CONSORT 2025 item 26), harms when registered, deviations, adherence by arm, the evidence rating
 * with its limiting reasons, the practitioner summary and the checklist with its missing items.
 *
 * @example
 * trialReport(input).checklist_missing.map((i) => i.item) // ['5a', '5b', ...]
 */
export function trialReport(input: TrialReportInput): TrialReport {
  const p = input.protocol
  const outcomes = [p.primary_outcome, ...p.secondary_outcomes]
  const harmOutcomes = new Set(p.harms?.outcomes ?? [])
  const description = new Map(p.analysis_plan.analyses.map((a) => [a.name, a.description ?? null]))
  const results: ResultRow[] = (input.run?.comparisons ?? []).map((c) => {
    const name = c.spec.outcome ?? null
    const outcome = outcomes.find((o) => o.name === name)
    const r = c.result
    const binary = outcome?.type === 'binary'
    return {
      analysis: c.analysis,
      role: c.role,
      description: description.get(c.analysis) ?? null,
      outcome: name,
      outcome_label: outcome?.label ?? name ?? '–',
      time_point: outcome?.time_point.label ?? '',
      harm: name !== null && harmOutcomes.has(name),
      arm: c.arm,
      arm_label: armLabel(c.arm),
      control_label: armLabel(c.control),
      estimator: c.spec.estimator,
      scale:
        c.spec.estimator === 'iv'
          ? 'complier average causal effect'
          : binary
            ? 'difference in proportions (arm minus control)'
            : `difference in means, ${outcome?.unit ?? 'outcome units'} (arm minus control)`,
      by_arm:
        name === null
          ? {}
          : Object.fromEntries(
              Object.entries(armSummaries(p, input.dataset, name)).filter(
                ([arm]) => arm === c.arm || arm === c.control
              )
            ),
      estimate: num(r?.estimate),
      conf_low: num(r?.conf_low),
      conf_high: num(r?.conf_high),
      p_value: num(r?.p_value),
      adjusted_p: c.adjusted?.adjusted_p ?? null,
      n: num(r?.n),
      relative: binary ? (input.relativeEffects[`${name}|${c.arm}`] ?? null) : null,
      not_estimable: c.error ? c.error.message : null,
    }
  })
  const baseline: BaselineRow[] = baselineTable(p, input.dataset)
  const missing = input.checklist.filter((i) => i.status === 'missing')
  return {
    trial: input.trial,
    design: {
      unit_of_randomisation: p.unit_of_randomisation,
      arms: p.arms.map((a) => ({
        name: a.name,
        label: armLabel(a.name),
        description: a.description,
        control: a.control,
      })),
      waitlist: p.waitlist
        ? {
            description: p.waitlist.description,
            statement: `The control arm was offered the intervention after the primary outcome window (${p.primary_outcome.time_point.label}${p.waitlist.delay_after_window ? ` plus ${p.waitlist.delay_after_window}` : ''}): the comparison is against delayed, not withheld, service.`,
          }
        : null,
    },
    analysis_run: input.run
      ? {
          id: input.run.id,
          created_at: input.run.created_at,
          interim: input.run.interim,
          dataset_hash: input.run.dataset_hash,
          engine_version: input.run.engine_version,
          label: input.run.interim
            ? 'Interim analysis: data collection is not complete'
            : 'Final registered analysis',
        }
      : null,
    flow: input.flow,
    baseline,
    results: results.filter((r) => !r.harm),
    harms: p.harms
      ? {
          definition: p.harms.definition,
          assessment: p.harms.assessment,
          // CONSORT 2025 item 27: every registered harm in each group, analysed or not.
          outcomes: p.harms.outcomes.map((name) => {
            const o = outcomes.find((x) => x.name === name)
            return {
              name,
              label: o?.label ?? name,
              time_point: o?.time_point.label ?? '',
              type: o?.type ?? null,
              unit: o?.unit ?? null,
              by_arm: p.arms.map((a) => ({
                arm: a.name,
                label: armLabel(a.name),
                ...armSummaries(p, input.dataset, name)[a.name]!,
              })),
            }
          }),
          results: results.filter((r) => r.harm),
        }
      : null,
    adherence: input.flow.arms.map((a) => ({
      arm: a.arm,
      label: a.label,
      control: a.control,
      allocated: a.allocated,
      received: a.received,
      not_received: a.not_received,
      discontinued: a.discontinued,
      not_recorded: a.adherence_not_recorded,
    })),
    deviations: input.deviations,
    // Each scheme with what limited it in words, characteristics by their registered labels.
    rating: input.rating
      ? {
          ...input.rating,
          schemes: input.rating.schemes.map((s) => ({
            ...s,
            limiting_words: limitingWords(p, s.limiting),
          })),
        }
      : null,
    summary: input.summary,
    checklist: input.checklist,
    checklist_missing: missingItems(input.checklist),
    ready_to_publish: missing.length === 0 && input.run !== null && !input.run.interim,
  }
}
