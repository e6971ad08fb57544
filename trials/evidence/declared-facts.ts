import { z } from 'zod'
import { threatSchema } from '../../analysis/ratings'

const flag = (description: string) => z.boolean().optional().describe(description)
const flagOrNull = (description: string) =>
  z.boolean().nullable().optional().describe(`${description}; null = not known`)

/**
 * The facts of EVIDENCE_RATINGS.md §1 that a trial's protocol and data cannot supply, as the
 * evaluator answers them. Everything else (design, counts, attrition, baseline effect sizes, MDES,
 * pre-specification) is derived and cannot be declared: unknown keys are refused, so a hand-entered
 * attrition percentage or design is an error rather than silently ignored. Only `outcome_source`
 * must be answered; an omitted field takes the default shown in the rating's provenance.
 *
 * @example
 * declaredFactsSchema.parse({ outcome_source: 'administrative', threats: [{ type: 'contamination', severity: 'moderate' }] })
 */
export const declaredFactsSchema = z
  .strictObject({
    outcome_source: z
      .enum(['administrative', 'self_report', 'assessor'])
      .describe('Where the primary outcome comes from (H-CLIC or case records = administrative)'),
    outcome_measurement_blind: flagOrNull(
      'Whoever measured the outcome did not know the allocation'
    ),
    randomisation_compromised: flag(
      'Assignment was overridden, re-allocated, or units replaced non-randomly after assignment'
    ),
    joiners_in_analytic_sample: flag(
      'Cluster designs: households entered a cluster after its allocation could be known'
    ),
    individuals_representative_of_clusters: flagOrNull(
      'Cluster designs: analysed households are all, or a representative sample, of those the clusters served'
    ),
    controls_for_observables: z
      .enum(['none', 'some', 'all_relevant'])
      .optional()
      .describe(
        'How far the analysis adjusts for what drives selection (read only if randomisation was compromised)'
      ),
    comparison_group_justified: flagOrNull(
      'Non-randomised designs: the comparison group is shown to be similar'
    ),
    pre_period_outcome_measured: flag(
      'The outcome was measured before the intervention for both groups'
    ),
    parallel_trends_evidence: flagOrNull(
      'Difference-in-differences: pre-period trends shown parallel'
    ),
    confound_single_unit: flag(
      'One caseworker, office or provider delivers all of one arm, or something else differs systematically between arms'
    ),
    threats: z
      .array(threatSchema)
      .max(50)
      .optional()
      .describe(
        'Threats to internal validity (contamination, non_compliance, measurement_not_blind, ...); do not record baseline imbalance here'
      ),
    missingness_depends_on_outcome: z
      .enum(['no', 'possibly', 'likely'])
      .nullable()
      .optional()
      .describe('Could missing outcomes depend on the true outcome? (RoB 2 domain 3)'),
    missing_data_sensitivity_robust: flagOrNull(
      'Sensitivity analyses show the result is not biased by missing data'
    ),
    wwc_attrition_boundary: z
      .enum(['cautious', 'optimistic'])
      .optional()
      .describe('Which WWC attrition boundary the review protocol applies'),
    theory_of_change: flag(
      'A documented account of why the intervention should work (default: the registered intervention has one)'
    ),
    independent_evaluation: flag(
      'The evaluation was done by a team independent of the developer and deliverer'
    ),
    cost_data_reported: flag(
      'Delivery cost per participant reported (default: the registered intervention states one)'
    ),
    replicated_independently_other_sites: flag(
      'Positive impact shown when someone else delivered it somewhere else'
    ),
    manualised: flag('Delivery is written down well enough for others to replicate it'),
    chi_egm_confidence: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe('Centre for Homelessness Impact evidence and gap map confidence (staff-entered)'),
    chi_intervention_tool_rating: z
      .string()
      .min(1)
      .max(100)
      .nullable()
      .optional()
      .describe('Centre for Homelessness Impact intervention tool rating (staff-entered)'),
  })
  .describe('Facts answered by the evaluator: shown as declared, never as measured')
/**
 * The evaluator's answers, after validation.
 *
 * @example
 * const declared: DeclaredFacts = { outcome_source: 'administrative' }
 */
export type DeclaredFacts = z.infer<typeof declaredFactsSchema>
/**
 * The evaluator's answers as written (threat directions may be omitted).
 *
 * @example
 * const written: DeclaredFactsInput = { outcome_source: 'assessor', outcome_measurement_blind: true }
 */
export type DeclaredFactsInput = z.input<typeof declaredFactsSchema>
