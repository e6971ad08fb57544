import { z } from 'zod'

/**
 * The criteria a reason may name (§10).
 *
 * @example
 * criterionSchema.parse('cluster_attrition')
 */
const criterionSchema = z.enum([
  'design',
  'power',
  'attrition',
  'cluster_attrition',
  'baseline_equivalence',
  'balance',
  'threat',
  'confounding_factor',
  'joiners',
  'randomisation',
  'missing_data',
  'measurement',
  'reporting',
  'replication',
  'independence',
  'cost',
  'theory_of_change',
])
export type Criterion = z.infer<typeof criterionSchema>

/**
 * One reason behind a rating (§10). `limiting: true` marks the reasons that set the level, so an
 * officer can see what to fix next time.
 *
 * @example
 * reasonSchema.parse({ criterion: 'power', detail: 'MDES 0.45 is in the 0.40-0.49 band', limiting: true })
 */
export const reasonSchema = z.object({
  criterion: criterionSchema,
  detail: z.string(),
  limiting: z.boolean(),
})
export type Reason = z.infer<typeof reasonSchema>

/**
 * Builds a reason.
 *
 * @example
 * reason('attrition', 'capped at 3 padlocks: attrition 27%', true)
 */
export function reason(criterion: Criterion, detail: string, limiting = false): Reason {
  return { criterion, detail, limiting }
}
