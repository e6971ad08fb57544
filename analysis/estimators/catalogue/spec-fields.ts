import { z } from 'zod'

// Fields and cross-field rules shared by the estimators' spec schemas. The oracle contract
// (shared/oracle/README.md) fixes the field names (snake_case, as R users write them); the trial
// protocol's analysis plan stores specs verbatim, so every spec object is strict.

/**
 * A column of the data table, by name.
 *
 * @example
 * columnName.parse('homeless_6m')
 */
export const columnName = z.string().min(1).describe('Name of a column in the data')

/**
 * The test level and 1 - the confidence level, default 0.05.
 *
 * @example
 * alpha.parse(undefined) // 0.05
 */
export const alpha = z
  .number()
  .gt(0)
  .lt(1)
  .default(0.05)
  .describe('1 - confidence level of the interval, and the two-sided test level; default 0.05')

const armValue = z.union([z.number(), z.string().min(1)])

/**
 * The fields of every two-arm comparison: outcome, treatment column, the two arms compared, alpha.
 *
 * @example
 * z.strictObject({ estimator: z.literal('welch_t'), ...treatmentFields })
 */
export const treatmentFields = {
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

/**
 * The variance estimator of the regression estimators (estimatr's se_type).
 *
 * @example
 * seType.parse('CR2')
 */
export const seType = z
  .enum(['HC0', 'HC1', 'HC2', 'HC3', 'CR0', 'CR2', 'stata'])
  .describe(
    'Variance estimator: HC0-HC3 without clusters; CR0, CR2 or stata (CR1) with clusters. Default HC2, or CR2 with clusters'
  )

/**
 * Adjustment covariates, default none.
 *
 * @example
 * covariates.parse(undefined) // []
 */
export const covariates = z.array(columnName).default([]).describe('Adjustment covariate columns')

/**
 * The block (stratum) column, if the randomisation was blocked.
 *
 * @example
 * blocks.parse('council_area')
 */
export const blocks = columnName
  .optional()
  .describe('The block (stratum) column of a blocked randomisation')

/**
 * The cluster column, if whole clusters were randomised.
 *
 * @example
 * clusters.parse('caseworker')
 */
export const clusters = columnName
  .optional()
  .describe('The cluster column: the unit of randomisation when whole groups were assigned')

/**
 * Cluster-robust types need clusters; heteroskedasticity-robust ones refuse them (as estimatr does).
 *
 * @example
 * z.strictObject({ se_type: seType.optional(), clusters }).superRefine(checkSeType)
 */
export function checkSeType(
  spec: { se_type?: string; clusters?: string },
  ctx: z.RefinementCtx
): void {
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

/**
 * treatment_arm and control_arm come together, and differ.
 *
 * @example
 * z.strictObject({ ...treatmentFields }).superRefine(checkArms)
 */
export function checkArms(
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

/**
 * The planned allocation ratio, for the sample-ratio-mismatch test.
 *
 * @example
 * plannedAllocation.parse([2, 1])
 */
export const plannedAllocation = z
  .array(z.number().positive())
  .length(2)
  .optional()
  .describe(
    'Planned allocation ratio [treatment, control], e.g. [1, 1]: adds a sample-ratio-mismatch test'
  )
