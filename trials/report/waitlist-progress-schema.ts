import { z } from 'zod'

/**
 * One control household of a waitlist trial: when it becomes eligible for the delayed offer and
 * whether the offer has been made.
 *
 * @example
 * waitlistHouseholdSchema.parse({ household: 'hh_…', eligible_from: '2026-09-02', offered_on: null, status: 'waiting' })
 */
export const waitlistHouseholdSchema = z.object({
  household: z.string(),
  eligible_from: z.string().nullable(),
  offered_on: z.string().nullable(),
  status: z.enum(['waiting', 'eligible', 'offered', 'awaiting_anchor_date']),
})
/** @example const h: WaitlistHousehold = progress.households[0] */
export type WaitlistHousehold = z.infer<typeof waitlistHouseholdSchema>

/**
 * Progress of the delayed offer in a waitlist trial (`waitlistProgress`): the rule, counts by
 * status, the next date a household becomes eligible, and each control household.
 *
 * @example
 * waitlistProgressSchema.parse(waitlistProgress(protocol, units, now)).counts.eligible
 */
export const waitlistProgressSchema = z.object({
  rule: z.string(),
  description: z.string(),
  as_of: z.string(),
  counts: z.object({
    waiting: z.number(),
    eligible: z.number(),
    offered: z.number(),
    awaiting_anchor_date: z.number(),
  }),
  next_eligible: z.string().nullable(),
  households: z.array(waitlistHouseholdSchema),
})
/** @example const progress: WaitlistProgress | null = waitlistProgress(protocol, units, now) */
export type WaitlistProgress = z.infer<typeof waitlistProgressSchema>

/**
 * `GET /trials/{id}/progress/waitlist`: the trial and its waitlist progress (null without a
 * waitlist design).
 *
 * @example
 * waitlistDocumentSchema.parse({ trial_id: 't-1', waitlist: null })
 */
export const waitlistDocumentSchema = z.object({
  trial_id: z.string(),
  waitlist: waitlistProgressSchema.nullable(),
})
