import { z } from 'zod'

/**
 * A UK local authority: its ONS GSS code (E06…, E07…, E08…, E09…, W06…, S12…, N09…) and name.
 * The code, not the name, identifies a council when the Centre pools trials across councils.
 *
 * @example
 * councilSchema.parse({ code: 'E06000014', name: 'City of York Council' })
 */
export const councilSchema = z
  .strictObject({
    code: z
      .string()
      .regex(/^[EWSN]\d{8}$/, 'an ONS GSS code such as E06000014')
      .describe('ONS GSS local authority code, e.g. E06000014'),
    name: z
      .string()
      .min(1)
      .max(200)
      .describe('Council name as published, e.g. City of York Council'),
  })
  .describe('A local authority, identified by its ONS GSS code')
/**
 * A local authority.
 *
 * @example
 * const york: Council = { code: 'E06000014', name: 'City of York Council' }
 */
export type Council = z.infer<typeof councilSchema>

/**
 * Intervention categories used across homelessness-prevention trials; 'other' needs `category_other`.
 *
 * @example
 * interventionCategorySchema.parse('tenancy_sustainment')
 */
export const interventionCategorySchema = z
  .enum([
    'mediation',
    'tenancy_sustainment',
    'prison_release_protocol',
    'hospital_discharge_protocol',
    'letter_nudge',
    'other',
  ])
  .describe('Kind of intervention; other requires category_other')
/**
 * An intervention category.
 *
 * @example
 * const category: InterventionCategory = 'letter_nudge'
 */
export type InterventionCategory = z.infer<typeof interventionCategorySchema>

/**
 * An intervention as registered once and shared across councils, so that the Centre can pool trials
 * of one intervention. The registry assigns its id; trials refer to it by that id.
 *
 * @example
 * interventionSchema.parse({
 *   name: 'Family mediation for young people at risk of parental eviction',
 *   category: 'mediation',
 *   description: 'Up to six sessions with an accredited mediator within ten working days of referral.',
 *   theory_of_change: 'Mediation de-escalates conflict, so fewer parents end the licence to occupy.',
 *   delivery_cost_pence: 48000,
 *   owning_council: { code: 'E06000014', name: 'City of York Council' },
 * })
 */
export const interventionSchema = z
  .strictObject({
    name: z.string().min(1).max(200).describe('Short name of the intervention'),
    category: interventionCategorySchema,
    category_other: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('The category, in words, when category is other'),
    description: z
      .string()
      .min(1)
      .max(10_000)
      .describe('What is delivered, by whom, how often and for how long'),
    theory_of_change: z
      .string()
      .min(1)
      .max(20_000)
      .describe(
        'How the intervention is expected to change outcomes: mechanisms, assumptions, intermediate outcomes'
      ),
    delivery_cost_pence: z
      .int()
      .min(0)
      .describe(
        'Marginal delivery cost per household, in integer pence (GBP), excluding fixed set-up costs'
      ),
    owning_council: councilSchema.describe(
      'The council that registered the intervention and maintains its description'
    ),
  })
  .superRefine((intervention, ctx) => {
    if (intervention.category === 'other' && intervention.category_other === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['category_other'],
        message: 'describe the category when it is other',
      })
    }
    if (intervention.category !== 'other' && intervention.category_other !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['category_other'],
        message: 'category_other is only for category other',
      })
    }
  })
  .describe('An intervention, shared across councils so that trials of it can be pooled')
/**
 * An intervention.
 *
 * @example
 * const intervention: Intervention = interventionSchema.parse(body)
 */
export type Intervention = z.infer<typeof interventionSchema>
