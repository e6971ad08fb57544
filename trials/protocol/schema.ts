import { z } from 'zod'
import { randomisationSchema } from '../randomisation/schema'
import { analysisPlanSchema } from './analysis-plan'
import { councilSchema } from './intervention'
import { loosen, type DeepPartial } from './loosen'
import { nameSchema } from './names'
import { covariateSchema, outcomeSchema, processMeasureSchema } from './variables'
import { waitlistSchema } from './waitlist'
import { harmsSchema } from './harms'
import { ethicsReviewSchema, fundingSourceSchema, registryContactsSchema } from './registry-details'

/**
 * A trial arm as the protocol describes it. Its allocation ratio lives in `randomisation.arms`,
 * which must list the same arms in the same order.
 *
 * @example
 * protocolArmSchema.parse({ name: 'usual_care', description: 'Standard housing options advice', control: true })
 */
export const protocolArmSchema = z
  .strictObject({
    name: nameSchema,
    description: z.string().min(1).max(2000).describe('What households in this arm receive'),
    control: z.boolean().describe('Whether this is the control arm (exactly one arm is)'),
  })
  .describe('A trial arm')
/**
 * A trial arm.
 *
 * @example
 * const control: ProtocolArm = { name: 'usual_care', description: 'Usual advice', control: true }
 */
export type ProtocolArm = z.infer<typeof protocolArmSchema>

/**
 * A pre-registered hypothesis: the expected direction of an arm's effect on an outcome.
 *
 * @example
 * protocolHypothesisSchema.parse({ name: 'h1', outcome: 'homeless_6m', direction: 'decrease', statement: 'Mediation reduces ...' })
 */
export const protocolHypothesisSchema = z
  .strictObject({
    name: nameSchema,
    outcome: nameSchema.describe('The outcome the hypothesis is about'),
    arm: nameSchema.optional().describe('The non-control arm; default every non-control arm'),
    direction: z
      .enum(['decrease', 'increase', 'either'])
      .describe(
        'Expected direction of the effect (arm minus control); tests stay two-sided unless the power calculation says otherwise'
      ),
    statement: z.string().min(1).max(2000).describe('The hypothesis in words'),
  })
  .describe('A hypothesis with its expected direction')
/**
 * A hypothesis.
 *
 * @example
 * const h: ProtocolHypothesis = { name: 'h1', outcome: 'homeless_6m', direction: 'decrease', statement: 'Mediation reduces homelessness' }
 */
export type ProtocolHypothesis = z.infer<typeof protocolHypothesisSchema>

const probability = z.number().gt(0).lt(1)

/**
 * Target sample size and the inputs of the power calculation behind it.
 *
 * @example
 * sampleSizeSchema.parse({ target_households: 800, power_calculation: { alpha: 0.05, power: 0.8, mdes: 0.2, alternative: 'two.sided' } })
 */
export const sampleSizeSchema = z
  .strictObject({
    target_households: z
      .int()
      .positive()
      .describe('Households to randomise (or to enrol, in a cluster design)'),
    target_clusters: z
      .int()
      .positive()
      .optional()
      .describe('Clusters to randomise; required for cluster designs'),
    power_calculation: z
      .strictObject({
        alpha: probability.describe('Significance level of the primary test'),
        power: probability.describe('Target power, e.g. 0.8'),
        mdes: z
          .number()
          .positive()
          .describe('Minimum detectable effect size in standard-deviation units'),
        alternative: z
          .enum(['two.sided', 'greater'])
          .describe('Alternative hypothesis of the power calculation'),
        control_proportion: probability
          .optional()
          .describe('Binary primary outcome: expected proportion in the control arm'),
        icc: z
          .number()
          .min(0)
          .lt(1)
          .optional()
          .describe(
            'Intra-cluster correlation of the primary outcome; required for cluster designs'
          ),
        mean_cluster_size: z
          .number()
          .gt(0)
          .optional()
          .describe('Expected households per cluster; required for cluster designs'),
        expected_attrition: z
          .number()
          .min(0)
          .lt(1)
          .optional()
          .describe('Expected share of households with a missing primary outcome'),
        notes: z
          .string()
          .min(1)
          .max(2000)
          .optional()
          .describe('Source of the inputs, e.g. 2023/24 H-CLIC rates'),
      })
      .describe('Inputs of the power calculation'),
  })
  .describe('Target sample size with its power calculation')
/**
 * Target sample size and power inputs.
 *
 * @example
 * const size: SampleSize = familyMediationProtocol.sample_size
 */
export type SampleSize = z.infer<typeof sampleSizeSchema>

/**
 * Eligibility criteria, in words, as applied by caseworkers before consent and randomisation.
 *
 * @example
 * eligibilitySchema.parse({ inclusion: ['Owed a prevention duty'], exclusion: ['Risk of domestic abuse'] })
 */
export const eligibilitySchema = z
  .strictObject({
    inclusion: z
      .array(z.string().min(1).max(500))
      .min(1)
      .describe('All must hold for a household to be eligible'),
    exclusion: z.array(z.string().min(1).max(500)).describe('Any one makes a household ineligible'),
  })
  .describe('Eligibility criteria')

/**
 * Planned dates (ISO 8601 calendar dates).
 *
 * @example
 * timelineSchema.parse({ recruitment_start: '2025-04-01', recruitment_end: '2026-03-31', final_outcome_date: '2026-09-30' })
 */
export const timelineSchema = z
  .strictObject({
    recruitment_start: z.iso.date().describe('Planned first randomisation (YYYY-MM-DD)'),
    recruitment_end: z.iso.date().describe('Planned last randomisation (YYYY-MM-DD)'),
    final_outcome_date: z.iso
      .date()
      .describe('Date by which the last outcome is measured (YYYY-MM-DD)'),
  })
  .describe('Planned timeline')

/**
 * A complete trial protocol, as registered: everything needed to randomise households and to run
 * the analysis exactly as planned. Field names are snake_case throughout, as in the randomisation
 * and analysis vocabularies it embeds. Strict at every level: unknown keys are refused. Holds no
 * personal data: variables are described, never valued.
 *
 * Cross-field rules (a stratum must be a declared covariate, exactly one control arm, ...) are
 * checked by `validateForRegistration`, which lists every problem.
 *
 * @example
 * const protocol: Protocol = protocolSchema.parse(familyMediationProtocol)
 */
export const protocolSchema = z
  .strictObject({
    format_version: z.literal(1).describe('Version of this protocol format'),
    title: z.string().min(1).max(300).describe('Full trial title'),
    summary: z.string().min(1).max(5000).describe('Plain-English summary'),
    intervention: z
      .strictObject({
        id: z.string().min(1).max(100).describe('Registry id of the intervention'),
        name: z.string().min(1).max(200).describe('Intervention name at registration'),
      })
      .describe('The registered intervention this trial evaluates'),
    councils: z.array(councilSchema).min(1).describe('Councils taking part'),
    unit_of_randomisation: z
      .enum(['household', 'cluster'])
      .describe(
        'household: households are randomised one by one; cluster: whole groups (caseworkers, offices)'
      ),
    cluster_type: z
      .enum(['caseworker', 'team', 'office', 'hostel', 'council_area', 'other'])
      .optional()
      .describe('Cluster designs: what a cluster is'),
    eligibility: eligibilitySchema,
    arms: z
      .array(protocolArmSchema)
      .min(2)
      .describe('The arms, in the order of randomisation.arms'),
    randomisation: randomisationSchema.describe(
      'Randomisation method, allocation ratios, blocks, strata and cluster field'
    ),
    covariates: z
      .array(covariateSchema)
      .describe('Baseline variables: adjustment covariates, strata and cluster fields'),
    primary_outcome: outcomeSchema.describe('The one primary outcome'),
    secondary_outcomes: z.array(outcomeSchema).describe('Secondary outcomes'),
    process_measures: z
      .array(processMeasureSchema)
      .optional()
      .describe('Delivery and take-up measures'),
    hypotheses: z
      .array(protocolHypothesisSchema)
      .min(1)
      .describe('Hypotheses with expected directions'),
    sample_size: sampleSizeSchema,
    timeline: timelineSchema,
    analysis_plan: analysisPlanSchema,
    waitlist: waitlistSchema.optional(),
    harms: harmsSchema.optional(),
    funding: z
      .array(fundingSourceSchema)
      .min(1)
      .optional()
      .describe('Sources of monetary or material support (WHO TRDS item 4)'),
    contacts: registryContactsSchema.optional(),
    ethics_review: ethicsReviewSchema.optional(),
  })
  .describe('A machine-readable trial protocol, registered before any household is randomised')
/**
 * A complete trial protocol.
 *
 * @example
 * const protocol: Protocol = protocolSchema.parse(body)
 */
export type Protocol = z.infer<typeof protocolSchema>
/**
 * A complete trial protocol as written, before defaults are filled in.
 *
 * @example
 * const written: ProtocolInput = familyMediationProtocol
 */
export type ProtocolInput = z.input<typeof protocolSchema>

/**
 * A draft protocol: the same shape as `protocolSchema`, derived from it, with every field optional
 * and value checks deferred to registration, so an officer can save work in progress. Types are
 * still enforced and unknown keys are still refused.
 *
 * @example
 * protocolDraftSchema.parse({ title: 'Family mediation trial' })
 */
export const protocolDraftSchema = loosen(protocolSchema) as unknown as z.ZodType<
  ProtocolDraft,
  DeepPartial<ProtocolInput>
>
/**
 * A draft protocol: any part may be missing.
 *
 * @example
 * const draft: ProtocolDraft = protocolDraftSchema.parse({ title: 'Letters trial' })
 */
export type ProtocolDraft = DeepPartial<Protocol>
