import { z } from 'zod'

/**
 * One item of the WHO Trial Registration Data Set: its number, name and value (a string, a list or
 * an object, as the item asks); a value the trial record does not hold is null with a `note`
 * saying what to supply.
 *
 * @example
 * whoTrdsItemSchema.parse({ item: 10, name: 'Scientific Title', value: 'Family mediation for households at risk' })
 */
export const whoTrdsItemSchema = z.object({
  item: z.number().int().min(1).max(24),
  name: z.string(),
  value: z.unknown().describe('The item as the WHO TRDS describes it; null when not yet supplied'),
  note: z.string().optional(),
})

/**
 * `GET /trials/{id}/registry-export/who-trds`: the 24 items of the WHO Trial Registration Data Set
 * (1.3.1), and those the trial record cannot yet answer.
 *
 * @example
 * whoTrdsSchema.parse(whoTrds(input)).missing
 */
export const whoTrdsSchema = z.object({
  format: z.literal('WHO Trial Registration Data Set 1.3.1'),
  trial_id: z.string(),
  items: z.array(whoTrdsItemSchema),
  missing: z.array(z.object({ item: z.number(), name: z.string(), note: z.string().nullable() })),
})
/** @example const exported: WhoTrds = whoTrds(input) */
export type WhoTrds = z.infer<typeof whoTrdsSchema>
