import { z } from 'zod'
import { screeningReasonSchema } from './vocabulary'

/**
 * A count and its breakdown by reason (largest first, then alphabetical).
 *
 * @example
 * reasonCountSchema.parse({ n: 3, reasons: [{ reason: 'moved_away', n: 3 }] })
 */
export const reasonCountSchema = z.object({
  n: z.number(),
  reasons: z.array(z.object({ reason: z.string(), n: z.number() })),
})
/** @example const c: ReasonCount = { n: 3, reasons: [{ reason: 'moved_away', n: 3 }] } */
export type ReasonCount = z.infer<typeof reasonCountSchema>

/**
 * Follow-up of one arm at one outcome time point, measured by the first outcome registered at it.
 *
 * @example
 * followUpBoxSchema.parse({ key: 'P6M', time_point: 'within 6 months', anchor: 'randomisation', offset: 'P6M', outcome: 'homeless_6m', due_from: '2026-07-10', due_to: '2026-09-01', awaiting_anchor_date: 0, lost: { n: 0, reasons: [] }, discontinued: { n: 0, reasons: [] }, not_yet_due: 0, outstanding: 0 })
 */
export const followUpBoxSchema = z.object({
  key: z
    .string()
    .describe(
      "The time point's key: its offset when anchored on randomisation, else `anchor+offset`"
    ),
  time_point: z.string(),
  anchor: z
    .string()
    .describe('The event the time point counts from: `randomisation` or a recorded anchor event'),
  offset: z.string(),
  outcome: z.string(),
  due_from: z
    .string()
    .nullable()
    .describe("Earliest due date (anchor date + offset, UTC day) of the arm's datable households"),
  due_to: z.string().nullable().describe('Latest due date'),
  awaiting_anchor_date: z
    .number()
    .describe('Of `not_yet_due`: households whose anchor event has no recorded date'),
  lost: reasonCountSchema.describe(
    'Outcome recorded as missing, by reason (every reason but not_yet_due)'
  ),
  discontinued: reasonCountSchema.describe(
    "Intervention discontinued (adherence) on or before the household's time point, by reason"
  ),
  not_yet_due: z.number(),
  outstanding: z.number().describe('Due, with neither a value nor a missing reason'),
})
/** @example const f: FollowUpBox = flow.arms[0].follow_up[0] */
export type FollowUpBox = z.infer<typeof followUpBoxSchema>

/**
 * One arm's column of the flow diagram. `analysis` is as the analysis dataset has it (intention to
 * treat, `ittExclusions`). Analysed: households with a primary outcome value that were not found
 * ineligible at randomisation. Excluded from analysis: the rest, both those found ineligible at
 * randomisation (`after_randomisation`, by the recorded reason) and those without a primary outcome
 * value (by missing reason, or "no outcome recorded"). `kept_in_analysis`: exclusions recorded for
 * another reason, which leave the household in the analysis in its allocated arm (counted in
 * `analysed` or `no_outcome`).
 *
 * @example
 * armFlowSchema.parse(flow.arms[0]).allocated
 */
export const armFlowSchema = z.object({
  arm: z.string(),
  label: z.string(),
  control: z.boolean(),
  allocated: z.number(),
  received: z
    .number()
    .describe(
      'Intervention arms: received it; control: received usual service only (no crossover)'
    ),
  not_received: reasonCountSchema.describe(
    'Intervention arms: not received; control: received the intervention though allocated to control'
  ),
  discontinued: reasonCountSchema.describe(
    'Intervention arms: started and discontinued (also counted in `received`)'
  ),
  adherence_not_recorded: z.number(),
  follow_up: z.array(followUpBoxSchema),
  analysis: z.object({
    outcome: z.string(),
    analysed: z.number(),
    excluded: reasonCountSchema,
    after_randomisation: reasonCountSchema,
    no_outcome: reasonCountSchema,
    kept_in_analysis: reasonCountSchema,
  }),
})
/** @example const allocated = (arm: ArmFlow) => arm.allocated */
export type ArmFlow = z.infer<typeof armFlowSchema>

/**
 * The CONSORT 2025 participant flow (item 26 and the flow diagram): assessed, excluded by reason,
 * randomised, then per arm allocation and receipt, follow-up per outcome time point, and analysis.
 *
 * @example
 * consortFlowSchema.parse(consortFlow(input)).randomised
 */
export const consortFlowSchema = z.object({
  as_of: z.string(),
  assessed: z.number(),
  excluded: reasonCountSchema.extend({
    by_reason: z.array(
      z.object({
        reason: screeningReasonSchema,
        label: z.string(),
        n: z.number(),
        details: z.array(z.object({ reason: z.string(), n: z.number() })),
      })
    ),
  }),
  randomised: z.number(),
  arms: z.array(armFlowSchema),
  notes: z.array(z.string()),
})
/** @example const flow: ConsortFlow = consortFlow(input) */
export type ConsortFlow = z.infer<typeof consortFlowSchema>
