import { z } from 'zod'
import { reasonSchema } from '../../analysis/ratings'
import { harmsSchema } from '../protocol/harms'
import { outcomeTypeSchema } from '../protocol/variables'
import { checklistItemSchema, missingItemSchema } from './consort-checklist-schema'
import { consortFlowSchema } from './consort-flow-schema'
import { practitionerSummarySchema } from './practitioner-summary-schema'
import { publicationSchema, reportDetailsSchema } from './report-publication-schema'

/**
 * One row of the baseline table: a characteristic (and level, for categorical ones) and, per arm,
 * its summary in words and the numbers behind it.
 *
 * @example
 * baselineRowSchema.parse({ variable: 'age_head', label: 'Age of lead applicant (years)', level: null, by_arm: { usual_care: { text: '38.2 (11.0)', n: 180, mean: 38.2, sd: 11.0 } } })
 */
export const baselineRowSchema = z.object({
  variable: z.string(),
  label: z.string(),
  level: z.string().nullable(),
  by_arm: z.record(
    z.string(),
    z.object({
      text: z.string(),
      n: z.number(),
      mean: z.number().optional(),
      sd: z.number().optional(),
      count: z.number().optional(),
      percent: z.number().optional(),
    })
  ),
})
/** @example const row: BaselineRow = baselineTable(protocol, dataset)[0] */
export type BaselineRow = z.infer<typeof baselineRowSchema>

/** A relative effect (risk ratio arm / control) with its 95% CI, or why it could not be estimated. */
const relativeEffectSchema = z.union([
  z.object({ estimate: z.number(), conf_low: z.number(), conf_high: z.number() }),
  z.object({ error: z.string() }),
])

/** Per arm: households with the outcome recorded and their mean (binary: proportion). */
const armSummarySchema = z.object({ n: z.number(), mean: z.number().nullable() })

/**
 * One result row in the registered labels.
 *
 * @example
 * resultRowSchema.parse(report.results[0]).outcome_label // 'Owed a relief duty or in temporary accommodation within 6 months'
 */
export const resultRowSchema = z.object({
  analysis: z.string(),
  role: z.string(),
  description: z.string().nullable(),
  outcome: z
    .string()
    .nullable()
    .describe('The compared outcome (null: a comparison of no outcome, such as baseline balance)'),
  outcome_label: z.string(),
  time_point: z.string(),
  harm: z.boolean(),
  arm: z.string(),
  arm_label: z.string(),
  control_label: z.string(),
  estimator: z.string(),
  scale: z.string(),
  by_arm: z.record(z.string(), armSummarySchema),
  estimate: z.number().nullable(),
  conf_low: z.number().nullable(),
  conf_high: z.number().nullable(),
  p_value: z.number().nullable(),
  adjusted_p: z.number().nullable(),
  n: z.number().nullable(),
  relative: relativeEffectSchema
    .nullable()
    .describe('Binary outcomes: the unadjusted risk ratio arm / control (CONSORT 2025 item 26)'),
  not_estimable: z.string().nullable(),
})
/** @example const row: ResultRow = trialReport(input).results[0] */
export type ResultRow = z.infer<typeof resultRowSchema>

/** A part of a limiting reason in words: text, or a baseline characteristic by name (see `limitingWords`). */
const wordPartSchema = z.union([
  z.string(),
  z.object({ variable: z.string(), level: z.string().optional() }),
])

/**
 * The trial report (`trialReport`): the registration, the CONSORT flow, the baseline table by arm,
 * every planned comparison in the registered labels, harms, adherence, deviations, the rating with
 * what limited it, the practitioner summary and the checklist with its missing items.
 *
 * @example
 * trialReportSchema.parse(trialReport(input)).ready_to_publish
 */
export const trialReportSchema = z.object({
  trial: z.object({
    id: z.string(),
    title: z.string(),
    council: z.string(),
    status: z.string(),
    registered_at: z.string().nullable(),
    protocol_version: z.number(),
    protocol_hash: z.string().nullable(),
  }),
  design: z.object({
    unit_of_randomisation: z.enum(['household', 'cluster']),
    arms: z.array(
      z.object({
        name: z.string(),
        label: z.string(),
        description: z.string(),
        control: z.boolean(),
      })
    ),
    waitlist: z.object({ description: z.string(), statement: z.string() }).nullable(),
  }),
  analysis_run: z
    .object({
      id: z.string(),
      created_at: z.string(),
      interim: z.boolean(),
      dataset_hash: z.string(),
      engine_version: z.string(),
      label: z.string(),
    })
    .nullable()
    .describe('The run the results come from; null before the planned analysis has run'),
  flow: consortFlowSchema,
  baseline: z.array(baselineRowSchema),
  results: z.array(resultRowSchema),
  harms: z
    .object({
      definition: z.string(),
      assessment: harmsSchema.shape.assessment,
      outcomes: z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          time_point: z.string(),
          type: outcomeTypeSchema.nullable(),
          unit: z.string().nullable(),
          by_arm: z.array(armSummarySchema.extend({ arm: z.string(), label: z.string() })),
        })
      ),
      results: z.array(resultRowSchema),
    })
    .nullable()
    .describe(
      'Registered harms in each group, analysed or not (CONSORT 2025 item 27); null if none'
    ),
  adherence: z.array(
    z.object({
      arm: z.string(),
      label: z.string(),
      control: z.boolean(),
      allocated: z.number(),
      received: z.number(),
      not_received: consortFlowSchema.shape.arms.element.shape.not_received,
      discontinued: consortFlowSchema.shape.arms.element.shape.discontinued,
      not_recorded: z.number(),
    })
  ),
  deviations: z
    .array(
      z.object({
        version: z.number(),
        reason: z.string().nullable(),
        amended_at: z.string(),
        deviation_reasons: z.unknown(),
        outcomes_seen: z
          .boolean()
          .nullable()
          .optional()
          .describe(
            'Whether outcome data or results had been seen when the amendment was made (null: not recorded)'
          ),
      })
    )
    .readonly(),
  rating: z
    .object({
      id: z.string(),
      schemes: z.array(
        z.object({
          scheme: z.string(),
          level: z.unknown(),
          status: z.string(),
          limiting_summary: z.string(),
          limiting: z
            .array(reasonSchema.extend({ words: z.array(wordPartSchema).readonly().optional() }))
            .readonly()
            .describe('The reasons that limited the level'),
          limiting_words: z.string().describe('What limited the level, as one sentence'),
        })
      ),
    })
    .nullable(),
  summary: practitionerSummarySchema,
  checklist: z.array(checklistItemSchema).readonly(),
  checklist_missing: z.array(missingItemSchema),
  ready_to_publish: z.boolean(),
})
/** @example const report: TrialReport = trialReport(input) */
export type TrialReport = z.infer<typeof trialReportSchema>

/**
 * `GET /trials/{id}/report`: the trial report with its publication (null until published) and the
 * report details its authors wrote.
 *
 * @example
 * reportDocumentSchema.parse({ ...trialReport(input), publication: null, details: {} })
 */
export const reportDocumentSchema = trialReportSchema.extend({
  publication: publicationSchema.nullable(),
  details: reportDetailsSchema,
})
/** @example const document: ReportDocument = { ...report, publication: null, details: {} } */
export type ReportDocument = z.infer<typeof reportDocumentSchema>
