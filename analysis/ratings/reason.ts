import { z } from 'zod'
import type { LimitingReason, WordPart } from './words'

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

/** A reason with the same reason in plain words, as a scheme builds it. */
export type WordedReason = Reason & { words: WordPart[] }

/**
 * Builds a reason: `detail` in the spec's terms, `words` the same in plain words for people (a
 * string, or parts keeping baseline characteristics by name; see `words.ts`).
 *
 * @example
 * reason('attrition', 'capped at 3 padlocks: attrition 27%', 'capped at 3 padlocks: attrition 27%', true)
 */
export function reason(
  criterion: Criterion,
  detail: string,
  words: string | readonly WordPart[],
  limiting = false
): WordedReason {
  return { criterion, detail, limiting, words: typeof words === 'string' ? [words] : [...words] }
}

/**
 * A scheme's reasons as the §10 contract gives them (`{criterion, detail, limiting}`), and the
 * limiting ones with their words.
 *
 * @example
 * const { reasons, limiting } = splitReasons([reason('power', 'MDES 0.45 …', 'minimum detectable effect 0.45 …', true)])
 */
export function splitReasons(worded: readonly WordedReason[]): {
  reasons: Reason[]
  limiting: LimitingReason[]
} {
  return {
    reasons: worded.map(({ criterion, detail, limiting }) => ({ criterion, detail, limiting })),
    limiting: worded.filter((r) => r.limiting),
  }
}
