import { z } from 'zod'
import { analysisSpecSchema, type AnalysisSpec, type AnalysisSpecInput } from '../../analysis'
import {
  acceptsOutcome,
  PLANNABLE_ESTIMATORS,
  type PlannableEstimatorName,
} from '../../analysis/estimators/catalogue'
import { pAdjustMethodSchema } from '../../analysis/multiple-comparisons'
import { nameSchema } from './names'

/**
 * Estimators that estimate an effect on an outcome and so may appear in an analysis plan (the
 * catalogue's plannable ones). Balance and attrition are run for every trial anyway; p_adjust, power
 * and meta_analysis take no data.
 *
 * @example
 * PLAN_ESTIMATORS.includes('lin') // true
 */
export const PLAN_ESTIMATORS = PLANNABLE_ESTIMATORS
/**
 * An estimator allowed in an analysis plan.
 *
 * @example
 * const estimator: PlanEstimator = 'lin'
 */
export type PlanEstimator = PlannableEstimatorName

/**
 * Estimators defined only for a 0/1 outcome (their descriptors accept no other outcome type).
 *
 * @example
 * BINARY_ONLY_ESTIMATORS.includes('risk_ratio') // true
 */
export const BINARY_ONLY_ESTIMATORS: readonly PlanEstimator[] = PLAN_ESTIMATORS.filter(
  (estimator) => !acceptsOutcome(estimator, 'continuous')
)

// The protocol fixes these: treatment is the allocated arm (each arm against control), and an iv
// analysis's instrument is that same random assignment.
const IMPLICIT_FIELDS = ['treatment', 'treatment_arm', 'control_arm', 'instrument'] as const
type ImplicitField = (typeof IMPLICIT_FIELDS)[number]
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never

/**
 * A plan spec: an analysis spec without the fields the protocol fixes (treatment, arms, instrument).
 *
 * @example
 * const spec: PlanSpec = planSpecSchema.parse({ estimator: 'lin', outcome: 'homeless_6m' })
 */
export type PlanSpec = DistributiveOmit<
  Extract<AnalysisSpec, { estimator: PlanEstimator }>,
  ImplicitField
>
/**
 * A plan spec as written, before defaults (alpha 0.05, covariates []) are filled in.
 *
 * @example
 * const written: PlanSpecInput = { estimator: 'ols', outcome: 'homeless_6m' }
 */
export type PlanSpecInput = DistributiveOmit<
  Extract<AnalysisSpecInput, { estimator: PlanEstimator }>,
  ImplicitField
>

type ObjectOption = z.ZodObject & { shape: Record<string, z.ZodType> }

function planOption(option: ObjectOption): z.ZodType {
  const shape = Object.fromEntries(
    Object.entries(option.shape).filter(
      ([key]) => !(IMPLICIT_FIELDS as readonly string[]).includes(key)
    )
  )
  const meta = z.globalRegistry.get(option)
  const object = z.strictObject(shape)
  return meta === undefined ? object : object.meta(meta)
}

const planOptions = (analysisSpecSchema.options as readonly z.ZodType[])
  .filter((option): option is ObjectOption => {
    const estimator = (option as Partial<ObjectOption>).shape?.estimator as
      z.ZodLiteral<string> | undefined
    return (
      estimator !== undefined && (PLAN_ESTIMATORS as readonly string[]).includes(estimator.value)
    )
  })
  .map(planOption)

/**
 * The estimator spec of one planned analysis, in the vocabulary of shared/oracle/README.md
 * (`estimator`, `outcome`, `covariates`, `blocks`, `clusters`, `se_type`, `alpha`, ...), built
 * from `analysisSpecSchema` so that the two never drift apart. Columns are the protocol's own
 * names. `treatment` is implicit (the allocated arm, each arm against control), as is an iv
 * analysis's instrument (the assignment). Cross-field rules of the estimator (e.g. CR2 needs
 * clusters) are checked at registration on the executable spec (see `executableSpecs`).
 *
 * @example
 * planSpecSchema.parse({ estimator: 'lin', outcome: 'homeless_6m', covariates: ['prior_presentations'], se_type: 'HC2' })
 */
export const planSpecSchema = z
  .discriminatedUnion('estimator', planOptions as never)
  .describe(
    'Estimator spec in the oracle vocabulary; the treatment column is implicit'
  ) as unknown as z.ZodType<PlanSpec, PlanSpecInput>

/**
 * One planned analysis: a name, its role, its spec, and optionally which arms to compare with
 * control (default: every non-control arm, one comparison each).
 *
 * @example
 * plannedAnalysisSchema.parse({ name: 'primary_itt', role: 'primary', spec: { estimator: 'difference_in_means', outcome: 'homeless_6m' } })
 */
export const plannedAnalysisSchema = z
  .strictObject({
    name: nameSchema,
    role: z
      .enum(['primary', 'secondary', 'sensitivity', 'exploratory'])
      .describe(
        'primary: the one confirmatory analysis of the primary outcome; secondary: of a secondary outcome; sensitivity: a robustness check of another analysis; exploratory: hypothesis-generating'
      ),
    description: z.string().min(1).max(2000).optional().describe('Why this analysis, in words'),
    spec: planSpecSchema,
    arms: z
      .array(nameSchema)
      .min(1)
      .optional()
      .describe('Non-control arms to compare with control; default every non-control arm'),
  })
  .describe('One pre-specified analysis')
/**
 * One pre-specified analysis.
 *
 * @example
 * const primary: PlannedAnalysis = familyMediationProtocol.analysis_plan.analyses[0]
 */
export type PlannedAnalysis = z.infer<typeof plannedAnalysisSchema>

/**
 * Multiplicity adjustment methods: `stats::p.adjust` methods, or none (e.g. a family of one).
 *
 * @example
 * familyMethodSchema.parse('holm')
 */
export const familyMethodSchema = z
  .enum([...pAdjustMethodSchema.options, 'none'])
  .describe('Multiple-comparison adjustment within the family (stats::p.adjust), or none')
/**
 * A family's adjustment method.
 *
 * @example
 * const method: FamilyMethod = 'holm'
 */
export type FamilyMethod = z.infer<typeof familyMethodSchema>

/**
 * A family of analyses sharing one error-rate guarantee. Every comparison (arm vs control) of every
 * listed analysis is one hypothesis of the family.
 *
 * @example
 * comparisonFamilySchema.parse({ name: 'secondary', method: 'holm', analyses: ['days_in_ta', 'repeat_presentations'] })
 */
export const comparisonFamilySchema = z
  .strictObject({
    name: nameSchema,
    method: familyMethodSchema,
    analyses: z.array(nameSchema).min(1).describe('Names of the planned analyses in this family'),
  })
  .describe('A family of analyses adjusted together for multiple comparisons')
/**
 * A family of analyses adjusted together.
 *
 * @example
 * const family: ComparisonFamily = { name: 'secondary', method: 'holm', analyses: ['days_in_ta'] }
 */
export type ComparisonFamily = z.infer<typeof comparisonFamilySchema>

/**
 * The statistical analysis plan: the analyses, their multiplicity families, and how missing outcome
 * data are handled.
 *
 * @example
 * analysisPlanSchema.parse({ analyses: [primary], families: [], missing_data: 'Complete cases' })
 */
export const analysisPlanSchema = z
  .strictObject({
    analyses: z.array(plannedAnalysisSchema).min(1).describe('The pre-specified analyses'),
    families: z.array(comparisonFamilySchema).describe('Multiple-comparison families'),
    missing_data: z
      .string()
      .min(1)
      .max(2000)
      .describe(
        'Handling of missing outcomes, e.g. complete-case primary analysis with a bounds sensitivity analysis'
      ),
  })
  .describe('Statistical analysis plan')
/**
 * The statistical analysis plan.
 *
 * @example
 * const plan: AnalysisPlan = familyMediationProtocol.analysis_plan
 */
export type AnalysisPlan = z.infer<typeof analysisPlanSchema>
