import { z } from 'zod'
import { InvalidInputError } from '../errors'
import type { RatingReport } from './rate-trial'

/**
 * Every level each overridable scheme can take, in scale order: what an override may set, what the
 * API lists when a level is refused, and the enum the OpenAPI document gives for each scheme.
 *
 * @example
 * SCHEME_LEVELS.maryland_sms // [1, 2, 3, 4, 5]
 */
export const SCHEME_LEVELS: Readonly<
  Record<OverridableScheme, ReadonlyArray<number | string | null>>
> = Object.freeze({
  eef_padlocks: [0, 1, 2, 3, 4, 5],
  wwc: [
    'meets_without_reservations',
    'meets_with_reservations',
    'does_not_meet',
    'ineligible_design',
    'manual_review',
  ],
  wwc_effect_level: ['individual', 'cluster', null],
  maryland_sms: [1, 2, 3, 4, 5],
  nesta_level: [0, 1, 2, 3, 4, 5],
  rob2_overall: ['low', 'some_concerns', 'high', 'not_applicable'],
})

/**
 * The levels of a scheme in words, for messages: `0, 1, 2, 3, 4 or 5`.
 *
 * @example
 * describeLevels('rob2_overall') // '"low", "some_concerns", "high" or "not_applicable"'
 */
export function describeLevels(scheme: OverridableScheme): string {
  const shown = SCHEME_LEVELS[scheme].map((l) => JSON.stringify(l))
  return `${shown.slice(0, -1).join(', ')} or ${shown.at(-1)}`
}

/**
 * The schema of one scheme's level: exactly its `SCHEME_LEVELS` (an enum in JSON Schema), refusing
 * anything else with a message that lists them.
 *
 * @example
 * schemeLevelSchema('eef_padlocks').safeParse(7).success // false
 */
export function schemeLevelSchema(scheme: OverridableScheme) {
  return z.literal([...SCHEME_LEVELS[scheme]], {
    error: `${scheme} levels are ${describeLevels(scheme)}`,
  })
}

/**
 * The report keys a staff override may change (§10, §11 `expected` keys).
 *
 * @example
 * overridableSchemeSchema.parse('wwc_effect_level')
 */
export const overridableSchemeSchema = z.enum([
  'eef_padlocks',
  'wwc',
  'wwc_effect_level',
  'maryland_sms',
  'nesta_level',
  'rob2_overall',
])
export type OverridableScheme = z.infer<typeof overridableSchemeSchema>

/**
 * A staff override (§10): who changed which scheme's level from what to what, why and when.
 * It sits beside the computed value in the audit trail and never replaces it.
 *
 * @example
 * ratingOverrideSchema.parse({ scheme: 'rob2_overall', computed_level: 'high', override_level: 'some_concerns',
 *   reason: 'D4 reviewed: assessors were blind', user: 'u-17', timestamp: '2026-03-01T10:00:00Z' })
 */
export const ratingOverrideSchema = z.strictObject({
  scheme: overridableSchemeSchema,
  computed_level: z.union([z.number(), z.string(), z.null()]),
  override_level: z.union([z.number(), z.string(), z.null()]),
  reason: z.string().min(1),
  user: z.string().min(1),
  timestamp: z.iso.datetime({ offset: true }),
})
export type RatingOverride = z.infer<typeof ratingOverrideSchema>

/** Computed and effective level of one scheme; `stale` overrides were made against another computed level. */
export type OverriddenLevel = {
  computed_level: number | string | null
  effective_level: number | string | null
  override: RatingOverride | null
  stale_overrides: RatingOverride[]
}

function computedLevel(report: RatingReport, scheme: OverridableScheme): number | string | null {
  return scheme === 'wwc_effect_level'
    ? report.ratings.wwc.effect_level
    : report.ratings[scheme].level
}

/**
 * Effective levels after staff overrides. The latest override per scheme applies only if it was made
 * against the level computed now; an override made before the facts changed is reported as stale
 * instead, so a new computation is never silently masked.
 *
 * @example
 * applyRatingOverrides(report, [override]).rob2_overall.effective_level // 'some_concerns'
 */
export function applyRatingOverrides(
  report: RatingReport,
  overrides: readonly RatingOverride[]
): Record<OverridableScheme, OverriddenLevel> {
  for (const [i, o] of overrides.entries()) {
    if (!SCHEME_LEVELS[o.scheme].includes(o.override_level)) {
      throw new InvalidInputError(
        `override ${i} puts ${o.scheme} off its scale: its levels are ${describeLevels(o.scheme)}`,
        { index: i, override_level: o.override_level, allowed: SCHEME_LEVELS[o.scheme] }
      )
    }
  }
  const result = {} as Record<OverridableScheme, OverriddenLevel>
  for (const scheme of overridableSchemeSchema.options) {
    const computed = computedLevel(report, scheme)
    const mine = overrides
      .filter((o) => o.scheme === scheme)
      .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
    const current = mine.filter((o) => o.computed_level === computed)
    const latest = current.at(-1) ?? null
    result[scheme] = {
      computed_level: computed,
      effective_level: latest === null ? computed : latest.override_level,
      override: latest,
      stale_overrides: mine.filter((o) => o.computed_level !== computed),
    }
  }
  return result
}
