import { z } from 'zod'

/**
 * A variable, arm, analysis or family name: lowercase snake_case, starting with a letter, at most
 * 64 characters. Names become data-column names and JSON-pointer segments, so they are kept free of
 * spaces, slashes and case ambiguity.
 *
 * @example
 * nameSchema.parse('days_in_temp_accommodation')
 */
export const nameSchema = z
  .string()
  .regex(
    /^[a-z][a-z0-9_]*$/,
    'use lowercase letters, digits and underscores, starting with a letter'
  )
  .max(64)
  .describe(
    'Identifier in lowercase snake_case (letters, digits, underscores), used as the data column name'
  )

/**
 * Column names the allocation record and analysis dataset already use: `id` (unit id), `arm` (the
 * allocated arm's name: the implicit treatment column of every analysis), `stratum` (the canonical
 * stratum key) and `block` (the block number). A protocol variable may not take one of them.
 *
 * @example
 * RESERVED_NAMES.includes('arm') // true
 */
export const RESERVED_NAMES: readonly string[] = ['id', 'arm', 'stratum', 'block']

/**
 * The treatment column of every analysis: the arm's name, as the allocation records it.
 *
 * @example
 * comparisonSpec(analysis, 'family_mediation', 'usual_care').treatment === TREATMENT_COLUMN // true
 */
export const TREATMENT_COLUMN = 'arm'

/**
 * The blocks column meaning "the randomisation stratum": the cross-classification of every
 * stratification field, keyed as the allocation records it. Use it in an analysis spec's `blocks`
 * when a trial is stratified by more than one field.
 *
 * @example
 * planSpecSchema.parse({ estimator: 'ols', outcome: 'homeless_6m', blocks: STRATUM_COLUMN })
 */
export const STRATUM_COLUMN = 'stratum'

/**
 * Variable names that would put direct personal identifiers into trial data. The protocol and the
 * analysis dataset describe households by baseline characteristics only; identifiers stay in the
 * council's case-management system.
 *
 * @example
 * PERSONAL_DATA_NAMES.includes('nhs_number') // true
 */
export const PERSONAL_DATA_NAMES: readonly string[] = [
  'name',
  'first_name',
  'forename',
  'surname',
  'last_name',
  'full_name',
  'date_of_birth',
  'dob',
  'birth_date',
  'nhs_number',
  'ni_number',
  'national_insurance_number',
  'address',
  'postcode',
  'post_code',
  'email',
  'email_address',
  'phone',
  'phone_number',
  'telephone',
  'mobile',
  'uprn',
]
