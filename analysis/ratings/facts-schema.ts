import { z } from 'zod'

/**
 * Designs as actually carried out (EVIDENCE_RATINGS.md §1).
 *
 * @example
 * designSchema.parse('cluster_rct')
 */
const designSchema = z.enum([
  'rct',
  'cluster_rct',
  'quasi_experimental_matched',
  'difference_in_differences',
  'regression_discontinuity',
  'instrumental_variables',
  'before_after',
  'cross_sectional',
])
export type Design = z.infer<typeof designSchema>

/**
 * Risk-of-bias judgement of one threat: minor = Low, moderate = Moderate, substantial = High (§1, §3.3).
 *
 * @example
 * threatSeveritySchema.parse('substantial')
 */
const threatSeveritySchema = z.enum(['minor', 'moderate', 'substantial'])
export type ThreatSeverity = z.infer<typeof threatSeveritySchema>

/**
 * Likely direction of the bias a threat would cause; only the EEF threat adjustment reads it (§3.3).
 *
 * @example
 * threatDirectionSchema.parse('favours_treatment')
 */
const threatDirectionSchema = z.enum(['unknown', 'favours_treatment', 'favours_control'])
export type ThreatDirection = z.infer<typeof threatDirectionSchema>

/**
 * One threat to internal validity (§1). `type` is free text; the recommended values are listed in the spec.
 *
 * @example
 * threatSchema.parse({ type: 'contamination', severity: 'moderate' }).direction // 'unknown'
 */
export const threatSchema = z.strictObject({
  type: z.string().min(1),
  severity: threatSeveritySchema,
  direction: threatDirectionSchema.default('unknown'),
})
export type Threat = z.infer<typeof threatSchema>

/**
 * One required baseline characteristic measured on the analytic sample (§1, §4.3, §4.4).
 *
 * @example
 * baselineEffectSizeSchema.parse({ variable: 'prior_approaches', kind: 'continuous', effect_size: 0.08, adjusted_in_impact_model: true })
 */
const baselineEffectSizeSchema = z.strictObject({
  variable: z.string().min(1),
  kind: z.enum(['continuous', 'binary']),
  effect_size: z.number().finite(),
  adjusted_in_impact_model: z.boolean(),
})
export type BaselineEffectSize = z.infer<typeof baselineEffectSizeSchema>

const count = z.number().int().min(0)
// A null or absent nullable field means "not reported"; schemes that need it say missing_input:<field>.
const countOrNull = count.nullable().default(null)
const flagOrNull = z.boolean().nullable().default(null)
const mdes = z.number().finite().min(0).nullable().default(null)

const ARMS = ['treatment', 'control'] as const

/** Cross-field domain rules that a per-field schema cannot state. Runs even when other fields failed. */
function checkConsistency(
  value: unknown,
  issues: { path: (string | number)[]; message: string }[]
): void {
  const v = value as Record<string, unknown>
  const isCount = (x: unknown): x is number =>
    typeof x === 'number' && Number.isInteger(x) && x >= 0
  for (const arm of ARMS) {
    const randomised = v[`n_randomised_${arm}`]
    const analysed = v[`n_analysed_${arm}`]
    if (isCount(randomised) && isCount(analysed) && analysed > randomised) {
      issues.push({
        path: [`n_analysed_${arm}`],
        message: `n_analysed_${arm} (${analysed}) exceeds n_randomised_${arm} (${randomised}); attrition would be negative`,
      })
    }
    const clustersRandomised = v[`n_clusters_randomised_${arm}`]
    const clustersAnalysed = v[`n_clusters_analysed_${arm}`]
    if (
      isCount(clustersRandomised) &&
      isCount(clustersAnalysed) &&
      clustersAnalysed > clustersRandomised
    ) {
      issues.push({
        path: [`n_clusters_analysed_${arm}`],
        message: `n_clusters_analysed_${arm} (${clustersAnalysed}) exceeds n_clusters_randomised_${arm} (${clustersRandomised})`,
      })
    }
  }
  const { n_randomised_treatment: t, n_randomised_control: c } = v
  if (isCount(t) && isCount(c) && t + c === 0) {
    issues.push({
      path: ['n_randomised_treatment'],
      message: 'no units assigned at baseline, so attrition is undefined',
    })
  }
  if (v.design === 'before_after') {
    for (const field of ['n_randomised_control', 'n_analysed_control']) {
      if (isCount(v[field]) && v[field] !== 0) {
        issues.push({
          path: [field],
          message: `${field} must be 0 for before_after (no comparison group)`,
        })
      }
    }
  }
}

/**
 * The facts vocabulary of EVIDENCE_RATINGS.md §1: one trial as one object, read by every scheme.
 * Unknown keys are refused so that a misspelt field (or a hand-entered percentage, which §1 forbids)
 * never silently becomes "not reported". Nullable fields default to null when absent.
 *
 * @example
 * factsSchema.parse({ design: 'rct', n_randomised_treatment: 100, ...rest }).threats // []
 */
export const factsSchema = z
  .strictObject({
    trial_id: z.string().min(1).optional(),
    design: designSchema,
    randomisation_concealed: flagOrNull,
    randomisation_compromised: z.boolean().default(false),
    n_randomised_treatment: count,
    n_randomised_control: count,
    n_analysed_treatment: count,
    n_analysed_control: count,
    n_clusters_randomised_treatment: countOrNull,
    n_clusters_randomised_control: countOrNull,
    n_clusters_analysed_treatment: countOrNull,
    n_clusters_analysed_control: countOrNull,
    joiners_in_analytic_sample: z.boolean(),
    individuals_representative_of_clusters: flagOrNull,
    mdes_at_randomisation: mdes,
    mdes_at_analysis: mdes,
    baseline_effect_sizes: z.array(baselineEffectSizeSchema).default([]),
    controls_for_observables: z.enum(['none', 'some', 'all_relevant']),
    comparison_group_justified: flagOrNull,
    pre_period_outcome_measured: z.boolean(),
    parallel_trends_evidence: flagOrNull,
    confound_single_unit: z.boolean(),
    threats: z.array(threatSchema).default([]),
    outcome_source: z.enum(['administrative', 'self_report', 'assessor']),
    outcome_measurement_blind: flagOrNull,
    prespecified_analysis: flagOrNull,
    missingness_depends_on_outcome: z.enum(['no', 'possibly', 'likely']).nullable().default(null),
    missing_data_sensitivity_robust: flagOrNull,
    wwc_attrition_boundary: z.enum(['cautious', 'optimistic']).default('cautious'),
    theory_of_change: z.boolean(),
    independent_evaluation: z.boolean(),
    cost_data_reported: z.boolean(),
    replicated_independently_other_sites: z.boolean(),
    manualised: z.boolean(),
    // §8: staff-entered Centre for Homelessness Impact judgements, echoed, never computed.
    chi_egm_confidence: z.string().min(1).nullable().optional(),
    chi_intervention_tool_rating: z.string().min(1).nullable().optional(),
  })
  .check(
    z.superRefine(
      (value, ctx) => {
        const issues: { path: (string | number)[]; message: string }[] = []
        checkConsistency(value, issues)
        for (const issue of issues) ctx.addIssue({ code: 'custom', input: value, ...issue })
      },
      { when: (payload) => typeof payload.value === 'object' && payload.value !== null }
    )
  )

/** One trial's facts after validation (defaults filled in). */
export type Facts = z.infer<typeof factsSchema>
/** Facts as a caller may write them (defaultable fields optional). */
export type FactsInput = z.input<typeof factsSchema>
