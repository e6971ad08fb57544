import { z } from 'zod'
import { InvalidInputError } from '../errors'
import { pAdjust, pAdjustMethodSchema } from './p-adjust'

/**
 * One hypothesis of an analysis plan: a stable name and its unadjusted p-value.
 *
 * @example
 * hypothesisSchema.parse({ name: 'homeless_at_6m', p: 0.03 })
 */
const hypothesisSchema = z.object({
  name: z.string().min(1),
  p: z.number().min(0).max(1),
})

/**
 * A family of hypotheses that share one error-rate guarantee (e.g. "secondary outcomes").
 * Adjustment never crosses family boundaries: that is what pre-registering families buys.
 *
 * @example
 * hypothesisFamilySchema.parse({ name: 'secondary', method: 'holm', hypotheses: [{ name: 'days', p: 0.01 }] })
 */
const hypothesisFamilySchema = z.object({
  name: z.string().min(1),
  method: pAdjustMethodSchema,
  hypotheses: z.array(hypothesisSchema).min(1),
})

/**
 * A named hypothesis and its unadjusted p-value.
 *
 * @example
 * const h: Hypothesis = { name: 'days', p: 0.01 }
 */
export type Hypothesis = z.infer<typeof hypothesisSchema>
/**
 * A declared family and its adjustment method.
 *
 * @example
 * const f: HypothesisFamily = { name: 'primary', method: 'holm', hypotheses: [{ name: 'homeless_at_6m', p: 0.03 }] }
 */
export type HypothesisFamily = z.infer<typeof hypothesisFamilySchema>

/**
 * A hypothesis after adjustment within its family.
 *
 * @example
 * const [first]: AdjustedHypothesis[] = adjustFamilies(families) // first.adjustedP, first.rejected
 */
export interface AdjustedHypothesis {
  family: string
  name: string
  p: number
  adjustedP: number
  method: HypothesisFamily['method']
  familySize: number
  /** `adjustedP <= alpha`: the decision the family's method licenses at that level. */
  rejected: boolean
}

/**
 * Applies each family's declared adjustment to that family's p-values only, as an analysis plan
 * states it (e.g. primary outcome unadjusted as a family of one, secondary outcomes Holm).
 * Adjustment is `stats::p.adjust` within each family; see `pAdjust`.
 *
 * @example
 * adjustFamilies([
 *   { name: 'primary', method: 'holm', hypotheses: [{ name: 'homeless_at_6m', p: 0.03 }] },
 *   { name: 'secondary', method: 'BH', hypotheses: [{ name: 'days', p: 0.01 }, { name: 'work', p: 0.04 }] },
 * ], 0.05)
 * // primary: adjustedP 0.03; secondary: days 0.02, work 0.04
 */
export function adjustFamilies(
  families: readonly HypothesisFamily[],
  alpha = 0.05
): AdjustedHypothesis[] {
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidInputError('alpha must lie strictly between 0 and 1', { alpha })
  const familyNames = new Set<string>()
  const results: AdjustedHypothesis[] = []
  for (const family of families) {
    const parsed = hypothesisFamilySchema.parse(family)
    if (familyNames.has(parsed.name)) {
      throw new InvalidInputError(`family "${parsed.name}" is declared twice`, {
        family: parsed.name,
      })
    }
    familyNames.add(parsed.name)
    const hypothesisNames = new Set(parsed.hypotheses.map((h) => h.name))
    if (hypothesisNames.size !== parsed.hypotheses.length) {
      throw new InvalidInputError(`family "${parsed.name}" names a hypothesis twice`, {
        family: parsed.name,
      })
    }
    const adjusted = pAdjust(
      parsed.hypotheses.map((h) => h.p),
      parsed.method
    )
    parsed.hypotheses.forEach((hypothesis, i) => {
      results.push({
        family: parsed.name,
        name: hypothesis.name,
        p: hypothesis.p,
        adjustedP: adjusted[i],
        method: parsed.method,
        familySize: parsed.hypotheses.length,
        rejected: adjusted[i] <= alpha,
      })
    })
  }
  return results
}
