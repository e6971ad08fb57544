import { z } from 'zod'
import { randomisationObjectSchema, refineRandomisation } from './schema'

/**
 * A unit in a request: an id (non-empty string or finite number) plus any fields; the method reads the ones it needs.
 *
 * @example
 * unitSchema.parse({ id: 'h-1', council: 'York' })
 */
const unitSchema = z.looseObject({ id: z.union([z.string().min(1), z.number().finite()]) })

/**
 * The seed as requested: a non-empty string, or a non-negative integer taken as its decimal string ("42").
 *
 * @example
 * seedSchema.parse(42) // '42'
 */
const seedSchema = z
  .union([z.string().min(1), z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER)])
  .transform((seed) => String(seed))

/**
 * The CLI request: the randomisation section plus `seed` and `units` in order of presentation.
 *
 * @example
 * randomisationRequestSchema.parse({
 *   seed: '9f2c1e7a', method: 'simple', arms: [{ name: 'a', ratio: 1 }, { name: 'b', ratio: 1 }], units: [{ id: 1 }],
 * })
 */
export const randomisationRequestSchema = randomisationObjectSchema
  .extend({ seed: seedSchema, units: z.array(unitSchema) })
  .superRefine(refineRandomisation)
export type RandomisationRequest = z.infer<typeof randomisationRequestSchema>
