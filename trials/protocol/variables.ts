import { z } from 'zod'
import { nameSchema } from './names'

/**
 * Baseline variable types. binary is coded 0/1; count is a non-negative integer; categorical holds
 * one of a set of labels (council area, household type, caseworker).
 *
 * @example
 * covariateTypeSchema.parse('categorical')
 */
export const covariateTypeSchema = z
  .enum(['binary', 'continuous', 'count', 'categorical'])
  .describe('binary (0/1), continuous, count (integer >= 0) or categorical (labels)')

/**
 * A baseline variable, recorded for every unit before randomisation: an adjustment covariate, a
 * stratification field or the cluster identifier (e.g. caseworker). Never a direct identifier.
 *
 * @example
 * covariateSchema.parse({ name: 'prior_presentations', label: 'Homelessness presentations in the previous 12 months', type: 'count' })
 */
export const covariateSchema = z
  .strictObject({
    name: nameSchema,
    label: z.string().min(1).max(200).describe('Human-readable label'),
    type: covariateTypeSchema,
    levels: z
      .array(z.string().min(1))
      .min(2)
      .optional()
      .describe(
        'categorical only: the allowed labels, when known in advance (not for caseworker ids)'
      ),
    unit: z
      .string()
      .min(1)
      .max(50)
      .optional()
      .describe('Unit of measurement, e.g. years, presentations'),
    source: z
      .string()
      .min(1)
      .max(200)
      .optional()
      .describe('Where the value comes from, e.g. H-CLIC assessment, referral form'),
  })
  .describe('A baseline variable recorded before randomisation')
/**
 * A baseline variable.
 *
 * @example
 * const age: Covariate = { name: 'age_head', label: 'Age of lead applicant', type: 'continuous' }
 */
export type Covariate = z.infer<typeof covariateSchema>

/**
 * Outcome types: binary (0/1, e.g. owed a relief duty), continuous (e.g. days in temporary
 * accommodation) or count (e.g. repeat presentations).
 *
 * @example
 * outcomeTypeSchema.parse('binary')
 */
export const outcomeTypeSchema = z
  .enum(['binary', 'continuous', 'count'])
  .describe('binary (0/1), continuous, or count (integer >= 0)')

/**
 * When an outcome is measured: an ISO 8601 duration after an anchor event.
 *
 * @example
 * timePointSchema.parse({ anchor: 'randomisation', offset: 'P6M', label: 'within 6 months of randomisation' })
 */
export const timePointSchema = z
  .strictObject({
    anchor: z
      .enum([
        'randomisation',
        'referral',
        'release_from_prison',
        'hospital_discharge',
        'tenancy_start',
      ])
      .describe('The event the measurement window starts at'),
    offset: z.iso
      .duration()
      .describe('ISO 8601 duration from the anchor to the end of the window, e.g. P6M, P26W'),
    label: z
      .string()
      .min(1)
      .max(200)
      .describe('The time point in words, e.g. within 6 months of randomisation'),
  })
  .describe('Measurement time point: a duration after an anchor event')
/**
 * A measurement time point.
 *
 * @example
 * const sixMonths: TimePoint = { anchor: 'randomisation', offset: 'P6M', label: 'within 6 months' }
 */
export type TimePoint = z.infer<typeof timePointSchema>

/**
 * An outcome: what is measured, its type and unit, and when.
 *
 * @example
 * outcomeSchema.parse({
 *   name: 'tenancy_sustained_6m', label: 'Tenancy sustained at 6 months', type: 'binary', unit: 'household',
 *   definition: 'Household still in the tenancy held at referral, 6 months after randomisation',
 *   time_point: { anchor: 'randomisation', offset: 'P6M', label: '6 months after randomisation' },
 *   data_source: 'Housing management system',
 * })
 */
export const outcomeSchema = z
  .strictObject({
    name: nameSchema,
    label: z.string().min(1).max(200).describe('Human-readable label'),
    type: outcomeTypeSchema,
    unit: z
      .string()
      .min(1)
      .max(50)
      .describe('Unit of measurement: household for binary outcomes, days, presentations'),
    definition: z
      .string()
      .min(1)
      .max(2000)
      .describe(
        'Exact operational definition, e.g. owed a relief duty (s.189B HA 1996) or in temporary accommodation'
      ),
    time_point: timePointSchema,
    data_source: z
      .string()
      .min(1)
      .max(200)
      .describe('Where the outcome is read from, e.g. H-CLIC case-level return'),
  })
  .describe('An outcome measure')
/**
 * An outcome measure.
 *
 * @example
 * const primary: Outcome = familyMediationProtocol.primary_outcome
 */
export type Outcome = z.infer<typeof outcomeSchema>

/**
 * A post-randomisation measure of delivery or take-up (e.g. attended at least one mediation
 * session). Never an outcome or a covariate; it can be the endogenous variable of an `iv`
 * (complier-average) analysis, whose instrument is the random assignment.
 *
 * @example
 * processMeasureSchema.parse({ name: 'attended_mediation', label: 'Attended at least one mediation session', type: 'binary' })
 */
export const processMeasureSchema = z
  .strictObject({
    name: nameSchema,
    label: z.string().min(1).max(200).describe('Human-readable label'),
    type: outcomeTypeSchema,
  })
  .describe('A measure of delivery or take-up, recorded after randomisation')
/**
 * A process (take-up) measure.
 *
 * @example
 * const takeUp: ProcessMeasure = { name: 'attended_mediation', label: 'Attended mediation', type: 'binary' }
 */
export type ProcessMeasure = z.infer<typeof processMeasureSchema>
