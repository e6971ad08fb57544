import { z } from 'zod'
import { DEFAULT_EEF_THREAT_RULES, eefThreatRuleSchema } from './eef-threat-rules'
import { issuesToProblems } from './parse-facts'
import { InvalidRatingOptionsError } from './invalid-rating-options-error'

const level = z.number().int().min(0).max(5)
const wwcRowSchema = z.strictObject({
  overall: z.number().int().min(0).max(100),
  cautious: z.number().min(0).nullable(),
  optimistic: z.number().min(0).nullable(),
})

/**
 * Every rule the spec marks INTERPRETATION, as data that Centre staff can read and override.
 * Defaults are the spec's; the section each one comes from is named beside it. The report echoes
 * the resolved options and lists the ones that differ from these defaults.
 *
 * @example
 * ratingOptionsSchema.parse({}).eef_mdes_stage // 'randomisation'
 */
export const ratingOptionsSchema = z.strictObject({
  /** §3.2 step 2: which MDES feeds the EEF power criterion (the other is the fallback when null). */
  eef_mdes_stage: z.enum(['randomisation', 'analysis']).default('randomisation'),
  /** §3.2 step 3: round overall attrition half up to a whole percent before banding, or band the raw value. */
  eef_attrition_rounding: z
    .enum(['half_up_whole_percent', 'none'])
    .default('half_up_whole_percent'),
  /** §3.2 step 1: padlocks for instrumental variables (not in EEF's example list). */
  eef_instrumental_variables_design: level.default(4),
  /** §3.2 step 1: padlocks for a comparison with no adjustment for selection (the repeated 1-padlock wording). */
  eef_no_adjustment_design: level.default(1),
  /** §3.2 step 5: balance deduction bands on max |baseline ES| (note above, 1 padlock above, 2 above). */
  eef_balance: z
    .strictObject({
      note_above: z.number().min(0),
      one_padlock_above: z.number().min(0),
      two_padlocks_above: z.number().min(0),
    })
    .default({ note_above: 0.05, one_padlock_above: 0.1, two_padlocks_above: 0.25 }),
  /** §3.2 step 7: whether the balance deduction shares the 2-padlock threat cap (the spec keeps it outside). */
  eef_balance_inside_threat_cap: z.boolean().default(false),
  /** §3.3: the threat-adjustment rows, first match wins. */
  eef_threat_rules: z
    .array(eefThreatRuleSchema)
    .min(1)
    .default([...DEFAULT_EEF_THREAT_RULES]),
  /** §4.2: which transcription supplies the optimistic column (B = baselinr, A = RWWC). */
  wwc_optimistic_column: z.enum(['A', 'B']).default('B'),
  /** §4.2: a corrected Table II.1, replacing the shipped one entirely (null = shipped table). */
  wwc_attrition_table: z.array(wwcRowSchema).min(1).nullable().default(null),
  /** §4.2: row lookup for non-whole overall attrition. */
  wwc_fractional_overall: z
    .enum(['min_of_floor_and_ceil', 'nearest', 'floor'])
    .default('min_of_floor_and_ceil'),
  /** §5 step 1: lowest SMS level a carried-out RCT can fall to. */
  sms_rct_floor: level.default(3),
  /** §5 step 2: SMS level for RDD/IV whose validity is not defended. */
  sms_undefended_quasi_random_level: level.default(3),
  /** §6: attach an EEF-power warning to Nesta when the power component is at or below this. */
  nesta_power_warning_at_or_below: level.default(2),
  /** §9 overall: this many domains at some concerns make the overall judgement high. */
  rob2_some_concerns_for_high: z.number().int().min(1).max(5).default(3),
  /** §9 D3: overall attrition (percent) at or below which missing data is low risk. */
  rob2_low_attrition_percent: z.number().min(0).max(100).default(5),
  /** §9 D1: max |baseline ES| above which concealed randomisation still has some concerns. */
  rob2_baseline_imbalance_es: z.number().min(0).default(0.25),
})
export type RatingOptions = z.infer<typeof ratingOptionsSchema>
export type RatingOptionsInput = z.input<typeof ratingOptionsSchema>

/** The resolved options and the names of those set away from their defaults. */
export type ResolvedRatingOptions = { options: RatingOptions; overridden: (keyof RatingOptions)[] }

/**
 * Fills defaults into staff-supplied options and records which ones were overridden.
 * Throws `InvalidRatingOptionsError` listing every problem.
 *
 * @example
 * resolveRatingOptions({ wwc_optimistic_column: 'A' }).overridden // ['wwc_optimistic_column']
 */
export function resolveRatingOptions(input: unknown = {}): ResolvedRatingOptions {
  const parsed = ratingOptionsSchema.safeParse(input ?? {})
  if (!parsed.success) throw new InvalidRatingOptionsError(issuesToProblems(parsed.error.issues))
  const defaults = ratingOptionsSchema.parse({})
  const keys = Object.keys(defaults) as (keyof RatingOptions)[]
  const overridden = keys.filter(
    (key) => JSON.stringify(parsed.data[key]) !== JSON.stringify(defaults[key])
  )
  return { options: parsed.data, overridden }
}
