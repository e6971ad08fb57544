import { z } from 'zod'

/**
 * A waitlist (delayed-intervention) design: households allocated to control are offered the
 * intervention once the primary outcome window has passed. The comparison is then against delayed,
 * not withheld, service, and reports say so. The date rule: a control household becomes eligible
 * for the delayed offer at its primary outcome anchor date (its randomisation date when the
 * anchor is randomisation) plus the primary outcome's offset, plus `delay_after_window` if given.
 *
 * @example
 * waitlistSchema.parse({ offer: 'after_primary_outcome_window', description: 'Control households are offered mediation after 6 months' })
 */
export const waitlistSchema = z
  .strictObject({
    offer: z
      .literal('after_primary_outcome_window')
      .describe('When control households are offered the intervention'),
    delay_after_window: z.iso
      .duration()
      .optional()
      .describe('Extra ISO 8601 duration after the primary outcome window closes, e.g. P2W'),
    description: z
      .string()
      .min(1)
      .max(2000)
      .describe('How and by whom the delayed offer is made, in words'),
  })
  .describe(
    'Waitlist design: the control arm is offered the intervention after the primary outcome window'
  )
/**
 * A waitlist design option.
 *
 * @example
 * const w: Waitlist = { offer: 'after_primary_outcome_window', description: 'Offered after 6 months' }
 */
export type Waitlist = z.infer<typeof waitlistSchema>
