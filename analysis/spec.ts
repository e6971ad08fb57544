import { z } from 'zod'
import { RI_ALGORITHMS, type RiAlgorithm } from './randomisation-inference/ri-algorithm'

// One schema for every analysis the engine runs. The oracle contract (shared/oracle/README.md) fixes the
// field names (snake_case, as R users write them); the trial protocol's analysis plan stores these specs
// verbatim, so every object is strict: an unknown or misspelt key is refused, never silently ignored.

const columnName = z.string().min(1).describe('Name of a column in the data')
const alpha = z
  .number()
  .gt(0)
  .lt(1)
  .default(0.05)
  .describe('1 - confidence level of the interval, and the two-sided test level; default 0.05')
const armValue = z.union([z.number(), z.string().min(1)])

const treatmentFields = {
  outcome: columnName.describe('The outcome column'),
  treatment: columnName.describe(
    'The treatment column. Coded 0/1 (effect = 1 minus 0) unless treatment_arm and control_arm pick two of its values'
  ),
  treatment_arm: armValue
    .optional()
    .describe(
      'Multi-arm trials: the value of the treatment column for the arm compared (default 1)'
    ),
  control_arm: armValue
    .optional()
    .describe(
      'Multi-arm trials: the value of the treatment column for the control arm (default 0)'
    ),
  alpha,
}

const seType = z
  .enum(['HC0', 'HC1', 'HC2', 'HC3', 'CR0', 'CR2', 'stata'])
  .describe(
    'Variance estimator: HC0-HC3 without clusters; CR0, CR2 or stata (CR1) with clusters. Default HC2, or CR2 with clusters'
  )

const covariates = z.array(columnName).default([]).describe('Adjustment covariate columns')
const blocks = columnName
  .optional()
  .describe('The block (stratum) column of a blocked randomisation')
const clusters = columnName
  .optional()
  .describe('The cluster column: the unit of randomisation when whole groups were assigned')

/** Cluster-robust types need clusters; heteroskedasticity-robust ones refuse them (as estimatr does). */
function checkSeType(spec: { se_type?: string; clusters?: string }, ctx: z.RefinementCtx): void {
  if (spec.se_type === undefined) return
  const clusterType = spec.se_type === 'CR0' || spec.se_type === 'CR2' || spec.se_type === 'stata'
  if (clusterType && spec.clusters === undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['se_type'],
      message: `se_type ${spec.se_type} needs a clusters column`,
    })
  }
  if (!clusterType && spec.clusters !== undefined) {
    ctx.addIssue({
      code: 'custom',
      path: ['se_type'],
      message: `se_type ${spec.se_type} ignores clustering; use CR0, CR2 or stata with clusters`,
    })
  }
}

function checkArms(
  spec: { treatment_arm?: unknown; control_arm?: unknown },
  ctx: z.RefinementCtx
): void {
  if ((spec.treatment_arm === undefined) !== (spec.control_arm === undefined)) {
    ctx.addIssue({
      code: 'custom',
      path: ['control_arm'],
      message: 'give both treatment_arm and control_arm, or neither',
    })
  } else if (
    spec.treatment_arm !== undefined &&
    String(spec.treatment_arm) === String(spec.control_arm)
  ) {
    ctx.addIssue({
      code: 'custom',
      path: ['control_arm'],
      message: 'treatment_arm and control_arm must differ',
    })
  }
}

const differenceInMeansSpec = z
  .strictObject({
    estimator: z.literal('difference_in_means'),
    ...treatmentFields,
    blocks,
    clusters,
  })
  .superRefine(checkArms)
  .describe(
    'estimatr::difference_in_means with its design rules (Neyman, blocked, matched pairs, clustered)'
  )

const olsSpec = z
  .strictObject({
    estimator: z.literal('ols'),
    ...treatmentFields,
    covariates,
    blocks,
    clusters,
    se_type: seType.optional(),
  })
  .superRefine((s, ctx) => (checkArms(s, ctx), checkSeType(s, ctx)))
  .describe('estimatr::lm_robust(outcome ~ treatment + covariates); blocks enter as fixed effects')

const linSpec = z
  .strictObject({
    estimator: z.literal('lin'),
    ...treatmentFields,
    covariates,
    clusters,
    se_type: seType.optional(),
  })
  .superRefine((s, ctx) => (checkArms(s, ctx), checkSeType(s, ctx)))
  .describe('estimatr::lm_lin: Lin (2013) centred covariates interacted with treatment')

const ivSpec = z
  .strictObject({
    estimator: z.literal('iv'),
    outcome: columnName.describe('The outcome column'),
    endogenous: columnName.describe(
      'The endogenous regressor (e.g. take-up); its coefficient is the CACE / LATE'
    ),
    instrument: columnName.describe(
      'The instrument (e.g. the random offer): coded 0/1 unless treatment_arm and control_arm pick two of its values'
    ),
    treatment: columnName
      .optional()
      .describe(
        'Not used by iv (endogenous and instrument define the model); accepted for a uniform vocabulary'
      ),
    treatment_arm: treatmentFields.treatment_arm.describe(
      'With control_arm: the instrument value coded 1 (e.g. the arm offered the intervention); rows of other arms are left out'
    ),
    control_arm: treatmentFields.control_arm.describe(
      'With treatment_arm: the instrument value coded 0 (the control arm)'
    ),
    covariates,
    clusters,
    se_type: seType.optional(),
    alpha,
  })
  .superRefine(checkSeType)
  .superRefine(checkArms)
  .describe('estimatr::iv_robust two-stage least squares')

const logisticSpec = z
  .strictObject({ estimator: z.literal('logistic'), ...treatmentFields, covariates })
  .superRefine(checkArms)
  .describe('glm(outcome ~ treatment + covariates, binomial) with model-based SE and Wald interval')

const riskDifferenceSpec = z
  .strictObject({ estimator: z.literal('risk_difference'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('p1 - p0 with the unpooled Wald SE')

const riskRatioSpec = z
  .strictObject({ estimator: z.literal('risk_ratio'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('p1 / p0 with the delta-method SE of log(p1 / p0)')

const welchSpec = z
  .strictObject({ estimator: z.literal('welch_t'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('t.test(var.equal = FALSE): Welch two-sample t')

const fisherSpec = z
  .strictObject({ estimator: z.literal('fisher_exact'), ...treatmentFields })
  .superRefine(checkArms)
  .describe('fisher.test on the 2x2 table of treatment by binary outcome')

const chiSquareSpec = z
  .strictObject({
    estimator: z.literal('chi_square'),
    ...treatmentFields,
    correct: z
      .boolean()
      .default(true)
      .describe("Yates' continuity correction (default true, as chisq.test)"),
  })
  .superRefine(checkArms)
  .describe('chisq.test on the 2x2 table of treatment by binary outcome')

const randomisationSpec = z
  .strictObject({
    estimator: z.literal('randomisation_inference'),
    ...treatmentFields,
    method: z
      .enum(['exact', 'monte_carlo'])
      .default('exact')
      .describe('exact enumerates every assignment (small n); monte_carlo samples assignments'),
    simulations: z
      .number()
      .int()
      .positive()
      .optional()
      .describe('Number of sampled assignments (monte_carlo)'),
    seed: z
      .union([z.string().min(1), z.number().int()])
      .optional()
      .describe('Seed of the sampled assignments (monte_carlo)'),
    blocks: blocks.describe(
      "Block column: monte_carlo re-randomises within blocks, keeping each block's treated count"
    ),
    clusters: clusters.describe(
      'Cluster column: monte_carlo assigns whole clusters, as the trial did'
    ),
    p_value_convention: z
      .enum(['plus_one', 'proportion'])
      .default('plus_one')
      .describe('monte_carlo p-value: (count + 1) / (R + 1) (valid at any R) or count / R'),
    ri_algorithm: z
      .enum(Object.keys(RI_ALGORITHMS) as [RiAlgorithm, ...RiAlgorithm[]])
      .optional()
      .describe(
        'monte_carlo stream version (default the current one); name the version a stored result reports to reproduce it exactly'
      ),
  })
  .superRefine(checkArms)
  .describe('Randomisation inference for the difference in means under the sharp null of no effect')

const plannedAllocation = z
  .array(z.number().positive())
  .length(2)
  .optional()
  .describe(
    'Planned allocation ratio [treatment, control], e.g. [1, 1]: adds a sample-ratio-mismatch test'
  )

const balanceSpec = z
  .strictObject({
    estimator: z.literal('balance'),
    treatment: treatmentFields.treatment,
    treatment_arm: treatmentFields.treatment_arm,
    control_arm: treatmentFields.control_arm,
    covariates: z.array(columnName).min(1).describe('Baseline covariates to compare between arms'),
    planned_allocation: plannedAllocation,
  })
  .superRefine(checkArms)
  .describe('Baseline balance: standardised mean differences, Hedges g, Cox index')

const attritionSpec = z
  .strictObject({
    estimator: z.literal('attrition'),
    outcome: treatmentFields.outcome,
    treatment: treatmentFields.treatment,
    treatment_arm: treatmentFields.treatment_arm,
    control_arm: treatmentFields.control_arm,
    planned_allocation: plannedAllocation,
  })
  .superRefine(checkArms)
  .describe('Overall and differential attrition (missing outcome) over all randomised rows')

const pAdjustSpec = z
  .strictObject({
    estimator: z.literal('p_adjust'),
    method: z
      .enum(['holm', 'hochberg', 'BH', 'BY', 'bonferroni'])
      .describe('stats::p.adjust method'),
    p: z.array(z.number().min(0).max(1)).min(1).describe('Unadjusted p-values'),
  })
  .describe('stats::p.adjust: multiplicity-adjusted p-values in input order')

const powerAlpha = z.number().gt(0).lt(1).default(0.05).describe('Significance level')
const alternative = z
  .enum(['two.sided', 'greater'])
  .default('two.sided')
  .describe('Alternative hypothesis')
const probability = z.number().gt(0).lt(1)

const powerMeansSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('two_sample_means'),
    d: z
      .number()
      .refine((v) => v !== 0, 'd must not be 0')
      .optional()
      .describe("Effect size (Cohen's d)"),
    n: z.number().gt(1).optional().describe('Units per arm (not rounded when solved for)'),
    power: probability.optional().describe('Power'),
    alpha: powerAlpha,
    alternative,
  })
  .superRefine((s, ctx) => {
    const missing = [s.d, s.n, s.power].filter((v) => v === undefined).length
    if (missing !== 1)
      ctx.addIssue({
        code: 'custom',
        path: ['test'],
        message: 'leave out exactly one of d, n and power: it is solved for',
      })
  })
  .describe('pwr::pwr.t.test(type = "two.sample")')

const powerProportionsSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('two_proportions'),
    p1: probability.describe('Outcome proportion in the treatment arm'),
    p0: probability.describe('Outcome proportion in the control arm'),
    n: z.number().gt(1).optional().describe('Units per arm'),
    power: probability.optional().describe('Power'),
    alpha: powerAlpha,
    alternative,
  })
  .superRefine((s, ctx) => {
    if ((s.n === undefined) === (s.power === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['test'],
        message: 'give exactly one of n and power: the other is solved for',
      })
    }
    if (s.p1 === s.p0)
      ctx.addIssue({ code: 'custom', path: ['p1'], message: 'p1 and p0 must differ' })
  })
  .describe('pwr::pwr.2p.test with h = ES.h(p1, p0)')

const clusterMdesSpec = z
  .strictObject({
    estimator: z.literal('power'),
    test: z.literal('cluster_mdes'),
    clusters_per_arm: z.number().int().min(2).describe('Clusters in each arm'),
    cluster_size: z.number().gt(0).describe('Mean units per cluster'),
    icc: z.number().min(0).max(1).describe('Intra-cluster correlation'),
    alpha: powerAlpha,
    power: probability.default(0.8).describe('Power'),
  })
  .describe('Minimum detectable effect size (SD units) of a two-arm cluster trial')

const powerSpec = z.discriminatedUnion('test', [
  powerMeansSpec,
  powerProportionsSpec,
  clusterMdesSpec,
])

const metaAnalysisSpec = z
  .strictObject({
    estimator: z.literal('meta_analysis'),
    method: z
      .enum(['FE', 'DL', 'REML'])
      .describe('Fixed effect, DerSimonian-Laird or REML random effects'),
    yi: z.array(z.number()).min(1).describe('Study effect estimates'),
    vi: z.array(z.number().positive()).min(1).describe('Study sampling variances'),
  })
  .superRefine((s, ctx) => {
    if (s.yi.length !== s.vi.length)
      ctx.addIssue({ code: 'custom', path: ['vi'], message: 'yi and vi must have the same length' })
  })
  .describe('metafor::rma(yi, vi, method) with z-tests')

/**
 * Every analysis the engine runs, discriminated on `estimator` (and, for power, on `test`).
 *
 * @example
 * const spec = analysisSpecSchema.parse({ estimator: 'ols', outcome: 'days', treatment: 'arm', se_type: 'HC2' })
 * spec.alpha // 0.05
 */
export const analysisSpecSchema = z
  .discriminatedUnion('estimator', [
    differenceInMeansSpec,
    olsSpec,
    linSpec,
    ivSpec,
    logisticSpec,
    riskDifferenceSpec,
    riskRatioSpec,
    welchSpec,
    fisherSpec,
    chiSquareSpec,
    randomisationSpec,
    balanceSpec,
    attritionSpec,
    pAdjustSpec,
    powerSpec,
    metaAnalysisSpec,
  ])
  .describe('An analysis request: which estimator, on which columns, with which options')

/**
 * A validated analysis spec (defaults filled in).
 *
 * @example
 * const spec: AnalysisSpec = analysisSpecSchema.parse({ estimator: 'welch_t', outcome: 'y', treatment: 'arm' })
 */
export type AnalysisSpec = z.infer<typeof analysisSpecSchema>

/**
 * The spec of one estimator, e.g. `SpecOf<'ols'>`.
 *
 * @example
 * function ols(spec: SpecOf<'ols'>) { return spec.se_type }
 */
export type SpecOf<E extends AnalysisSpec['estimator']> = Extract<AnalysisSpec, { estimator: E }>

/** Input accepted by {@link analysisSpecSchema} before defaults are applied. */
export type AnalysisSpecInput = z.input<typeof analysisSpecSchema>
