import { z } from 'zod'

/**
 * The practitioner summary: the effect in natural units with its interval, the number needed to
 * treat where it applies, costs in integer pence, the rating and what it means, in plain English.
 *
 * @example
 * practitionerSummarySchema.parse(practitionerSummary(input)).headline
 */
export const practitionerSummarySchema = z.object({
  headline: z.string(),
  effect: z
    .object({
      per_100: z.number().nullable(),
      per_100_low: z.number().nullable(),
      per_100_high: z.number().nullable(),
      difference: z.number().nullable(),
      unit: z.string(),
      statement: z.string(),
    })
    .nullable()
    .describe('The primary effect in natural units (per 100 households for binary outcomes)'),
  number_needed_to_treat: z
    .object({
      value: z.number(),
      low: z.number().nullable(),
      high: z.number().nullable(),
      statement: z.string(),
    })
    .nullable(),
  cost: z
    .object({
      per_household_receiving_pence: z.number(),
      per_household_offered_pence: z.number(),
      per_outcome_avoided_pence: z.number().nullable(),
      statement: z.string(),
    })
    .nullable()
    .describe('Costs in integer pence'),
  rating: z.string(),
  certainty: z.string(),
  comparison: z.string(),
  caveats: z.array(z.string()),
  paragraphs: z.array(z.string()),
})
/** @example const summary: PractitionerSummary = practitionerSummary(input) */
export type PractitionerSummary = z.infer<typeof practitionerSummarySchema>

/**
 * `GET /trials/{id}/summary`: the practitioner summary with the trial it is about and whether it is
 * written from an interim run.
 *
 * @example
 * summaryDocumentSchema.parse({ trial_id: 't-1', title: 'Family mediation', interim: false, ...practitionerSummary(input) })
 */
export const summaryDocumentSchema = practitionerSummarySchema.extend({
  trial_id: z.string(),
  title: z.string(),
  interim: z.boolean().describe('Written from an interim run: data collection is not complete'),
})
/** @example const document: SummaryDocument = { trial_id, title, interim: false, ...summary } */
export type SummaryDocument = z.infer<typeof summaryDocumentSchema>
