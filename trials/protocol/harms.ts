import { z } from 'zod'
import { nameSchema } from './names'

/**
 * How harms and unintended effects are defined and assessed (CONSORT 2025 items 15 and 27,
 * SPIRIT 2025 "Harms"), and which registered outcomes measure them (e.g. a rise in rough sleeping
 * among households who refused mediation).
 *
 * @example
 * harmsSchema.parse({ definition: 'Relationship breakdown reported by the mediator', assessment: 'systematic', outcomes: [] })
 */
export const harmsSchema = z
  .strictObject({
    definition: z.string().min(1).max(2000).describe('What counts as a harm or unintended effect'),
    assessment: z
      .enum(['systematic', 'non_systematic'])
      .describe('systematic: asked of every household at set times; non_systematic: as reported'),
    outcomes: z
      .array(nameSchema)
      .describe('Registered outcomes (usually secondary) that measure harms; reported apart'),
  })
  .describe('Harms and unintended effects, as registered')
/**
 * Registered harms.
 *
 * @example
 * const h: Harms = { definition: 'Relationship breakdown', assessment: 'systematic', outcomes: [] }
 */
export type Harms = z.infer<typeof harmsSchema>
