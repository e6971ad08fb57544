import { z } from 'zod'
import { CsvReader } from '../data/csv-reader'
import { PSEUDONYM_PATTERN } from '../data/column-names'
import type { RowProblem } from '../commands/record-errors'
import { adherenceStatusSchema, reasonText, screeningReasonSchema } from './vocabulary'

const householdRef = z
  .string({ error: 'The household case reference must be text' })
  .trim()
  .min(1, 'Enter the household case reference')
  .max(100, 'The household case reference must be 100 characters or fewer')
  .describe("The council's own case reference, pseudonymised on arrival and never stored")
const household = z
  .string()
  .regex(
    PSEUDONYM_PATTERN,
    'The household id must be "hh_" and 32 hexadecimal digits, as enrolment returns it'
  )
  .describe('The pseudonymous household id, as enrolment returns it')

/**
 * One screening-log entry as sent: one household (`household_ref` or `household`, with
 * `assessed_on`) or a count of households per reason in an ISO week (`week`, `count`). No personal
 * data: the reference is pseudonymised on arrival and `detail` is one short line.
 *
 * @example
 * screeningEntryInputSchema.parse({ week: '2026-W05', reason: 'declined', count: 3 })
 */
export const screeningEntryInputSchema = z
  .strictObject({
    household_ref: householdRef.optional(),
    household: household.optional(),
    assessed_on: z.iso
      .date({ error: 'The date assessed must be a real date written like 2026-02-03' })
      .optional()
      .describe('Date the household was assessed (YYYY-MM-DD)'),
    week: z
      .string()
      .regex(/^\d{4}-W\d{2}$/, 'The week must be written like 2026-W05')
      .optional()
      .describe('ISO week of a count (YYYY-Www)'),
    count: z
      .int({ error: 'The number of households must be a whole number, like 3' })
      .min(1, 'The number of households must be at least 1')
      .max(100_000, 'The number of households must be 100,000 or fewer')
      .optional()
      .describe('Households in the week with this reason'),
    reason: screeningReasonSchema,
    detail: reasonText('other reason')
      .optional()
      .describe('The reason in words; required for other'),
  })
  .refine((e) => !(e.household_ref && e.household), {
    path: ['household'],
    message:
      'Give the household case reference (household_ref) or the household id (household), not both',
  })
  .describe('A household assessed for eligibility and not randomised, or a weekly count of them')
/**
 * A screening entry as sent.
 *
 * @example
 * const e: ScreeningEntryInput = { household_ref: 'HOC-1', assessed_on: '2026-02-02', reason: 'not_eligible' }
 */
export type ScreeningEntryInput = z.infer<typeof screeningEntryInputSchema>

/**
 * One adherence entry as sent: whether the household received the intervention it was allocated.
 *
 * @example
 * adherenceEntryInputSchema.parse({ household_ref: 'HOC-1', status: 'received_as_allocated', date: '2026-02-03' })
 */
export const adherenceEntryInputSchema = z
  .strictObject({
    household_ref: householdRef.optional(),
    household: household.optional(),
    status: adherenceStatusSchema,
    reason: reasonText('reason')
      .optional()
      .describe('Why (required for not_received, discontinued and received_though_control)'),
    date: z.iso
      .date({ error: 'The date must be a real date written like 2026-03-05' })
      .describe('When it was received, refused or stopped (YYYY-MM-DD)'),
    delayed_offer_on: z.iso
      .date({ error: 'The date of the delayed offer must be a real date written like 2026-07-05' })
      .optional()
      .describe('Waitlist trials, control arm: when the delayed offer was made (YYYY-MM-DD)'),
  })
  .refine((e) => (e.household_ref === undefined) !== (e.household === undefined), {
    path: ['household'],
    message:
      'Give the household case reference (household_ref) or the household id (household), one of them',
  })
  .describe('Whether one enrolled household received its allocated intervention')
/**
 * An adherence entry as sent.
 *
 * @example
 * const e: AdherenceEntryInput = { household: 'hh_…', status: 'not_received', reason: 'declined', date: '2026-02-03' }
 */
export type AdherenceEntryInput = z.infer<typeof adherenceEntryInputSchema>

/**
 * One post-randomisation exclusion as sent: a randomised household left out of the analysis, why
 * (one line, no personal data) and the date it was decided.
 *
 * @example
 * exclusionEntryInputSchema.parse({ household_ref: 'HOC-1', reason: 'found ineligible on review of the referral', date: '2026-03-02' })
 */
export const exclusionEntryInputSchema = z
  .strictObject({
    household_ref: householdRef.optional(),
    household: household.optional(),
    reason: reasonText('reason').describe('Why the household is excluded from the analysis'),
    criterion: z
      .string({ error: 'The eligibility criterion must be text' })
      .trim()
      .min(1, 'The eligibility criterion must not be empty')
      .max(500, 'The eligibility criterion must be 500 characters or fewer')
      .optional()
      .describe(
        'Only for a household found, after randomisation, to have been ineligible at randomisation: the registered eligibility criterion it failed, word for word. Only such a household leaves the intention-to-treat analysis; any other exclusion is reported and the household stays in the analysis'
      ),
    date: z.iso
      .date({ error: 'The date must be a real date written like 2026-03-05' })
      .describe('When the exclusion was decided (YYYY-MM-DD)'),
  })
  .refine((e) => (e.household_ref === undefined) !== (e.household === undefined), {
    path: ['household'],
    message:
      'Give the household case reference (household_ref) or the household id (household), one of them',
  })
  .describe('A randomised household excluded from the analysis, with the reason and date')
/**
 * An exclusion entry as sent.
 *
 * @example
 * const e: ExclusionEntryInput = { household: 'hh_…', reason: 'duplicate referral', date: '2026-03-02' }
 */
export type ExclusionEntryInput = z.infer<typeof exclusionEntryInputSchema>

/**
 * Rows of a CSV or JSON list of entries, each validated by `schema`: the valid ones with their row
 * (CSV line, header = 1; or list index + 1) and index, and every problem with its row. Empty CSV
 * fields are absent; the `count` column is read as an integer.
 *
 * @example
 * readEntries('week,reason,count\n2026-W05,declined,3\n', 'csv', screeningEntryInputSchema).entries[0].value.count // 3
 */
export function readEntries<S extends z.ZodType>(
  body: string | readonly unknown[],
  format: 'csv' | 'json',
  schema: S
): {
  entries: Array<{ row: number; index: number; value: z.infer<S> }>
  problems: RowProblem[]
} {
  const problems: RowProblem[] = []
  const raw: Array<{ row: number; value: unknown }> = []
  if (format === 'json')
    (body as readonly unknown[]).forEach((v, i) => raw.push({ row: i + 1, value: v }))
  else {
    const reader = new CsvReader()
    const records = [...reader.push(body as string), ...reader.end()]
    const header = records.shift()
    if (!header) {
      problems.push({
        row: 1,
        pointer: '/',
        field: '',
        code: 'empty-file',
        detail: 'the file has no header row',
      })
      return { entries: [], problems }
    }
    const names = header.fields.map((f) => f.replace(/^\uFEFF/, '').trim())
    for (const record of records) {
      const value: Record<string, unknown> = {}
      names.forEach((name, i) => {
        const field = record.fields[i]?.trim()
        if (field === undefined || field === '') return
        value[name] = name === 'count' && /^\d+$/.test(field) ? Number(field) : field
      })
      if (record.fields.length !== names.length)
        problems.push({
          row: record.row,
          pointer: '/',
          field: '',
          code: 'wrong-field-count',
          detail: `The row has ${record.fields.length} fields where the header has ${names.length}`,
        })
      else raw.push({ row: record.row, value })
    }
  }
  const entries: Array<{ row: number; index: number; value: z.infer<S> }> = []
  raw.forEach(({ row, value }, index) => {
    const parsed = schema.safeParse(value)
    if (parsed.success) entries.push({ row, index, value: parsed.data })
    else
      for (const issue of parsed.error.issues) {
        const field = issue.path.map(String).join('/')
        problems.push({
          row,
          pointer: `/entries/${index}${field ? `/${field}` : ''}`,
          field,
          code: issue.code,
          detail:
            issue.code === 'unrecognized_keys'
              ? `Unknown column or field: ${issue.keys.join(', ')}`
              : issue.message,
        })
      }
  })
  return { entries, problems }
}
