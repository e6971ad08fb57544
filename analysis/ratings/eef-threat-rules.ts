import { z } from 'zod'
import type { Threat } from './facts-schema'

const countRange = z.strictObject({
  min: z.number().int().min(0),
  max: z.number().int().min(0).nullable(),
})

/**
 * One row of the EEF threat-adjustment table (EVIDENCE_RATINGS.md §3.3). `high` and `moderate` are
 * inclusive count ranges (`max: null` = no upper limit). `directions` tests whether the Moderate
 * threats share a known direction. `basis` says whether the row is the source's rule, an
 * INTERPRETATION, or an INTERPRETATION only when a Moderate threat has a known direction.
 *
 * @example
 * eefThreatRuleSchema.parse({ rule: 'T6', high: { min: 1, max: 1 }, moderate: { min: 0, max: 0 },
 *   directions: 'any', deduction: 1, basis: 'source', summary: 'one High threat, every other threat Low' })
 */
export const eefThreatRuleSchema = z.strictObject({
  rule: z.string().min(1),
  high: countRange,
  moderate: countRange,
  directions: z.enum(['any', 'shared', 'not_shared']),
  deduction: z.number().int().min(0).max(2),
  basis: z.enum(['source', 'interpretation', 'interpretation_if_direction_known']),
  summary: z.string(),
})
export type EefThreatRule = z.infer<typeof eefThreatRuleSchema>

const r = (
  rule: string,
  high: [number, number | null],
  moderate: [number, number | null],
  directions: EefThreatRule['directions'],
  deduction: number,
  basis: EefThreatRule['basis'],
  summary: string
): EefThreatRule => ({
  rule,
  high: { min: high[0], max: high[1] },
  moderate: { min: moderate[0], max: moderate[1] },
  directions,
  deduction,
  basis,
  summary,
})

/**
 * The §3.3 table in its order: the first matching row applies. Source: Oxford Education Deanery,
 * risk-of-bias training, "Calculating the final rating" (EEF security-rating guidance), with the
 * spec's INTERPRETATION rows, which all take the more cautious reading.
 *
 * @example
 * DEFAULT_EEF_THREAT_RULES.find((row) => row.rule === 'T3')?.deduction // 1
 */
export const DEFAULT_EEF_THREAT_RULES: readonly EefThreatRule[] = [
  r('T9', [2, null], [0, null], 'any', 2, 'source', 'two or more High threats'),
  r('T6', [1, 1], [0, 0], 'any', 1, 'source', 'one High threat, every other threat Low'),
  r('T7', [1, 1], [1, 1], 'any', 2, 'interpretation', 'one High threat and one Moderate threat'),
  r(
    'T8',
    [1, 1],
    [2, null],
    'any',
    2,
    'source',
    'one High threat and two or more Moderate threats'
  ),
  r('T0', [0, 0], [0, 0], 'any', 0, 'source', 'no Moderate or High threats'),
  r('T1', [0, 0], [1, 1], 'any', 0, 'interpretation_if_direction_known', 'one Moderate threat'),
  r(
    'T2',
    [0, 0],
    [2, 2],
    'not_shared',
    0,
    'source',
    '2 Moderate threats, directions unknown or opposite'
  ),
  r('T3', [0, 0], [2, 2], 'shared', 1, 'source', '2 Moderate threats biased the same way'),
  r(
    'T4',
    [0, 0],
    [3, 4],
    'not_shared',
    1,
    'interpretation_if_direction_known',
    'up to four Moderate threats, directions unknown or opposite'
  ),
  r(
    'T5',
    [0, 0],
    [3, 4],
    'shared',
    2,
    'interpretation',
    '3-4 Moderate threats, at least two biased the same way'
  ),
  r('T10', [0, 0], [5, null], 'any', 2, 'interpretation', 'five or more Moderate threats'),
]

/** How the threat list was read and which row decided the deduction. */
export type EefThreatAssessment = {
  rule: string
  deduction: number
  high: number
  moderate: number
  sharedDirection: boolean
  interpretation: boolean
  detail: string
  /** `detail` in plain words. */
  words: string
}

const inRange = (n: number, range: { min: number; max: number | null }) =>
  n >= range.min && (range.max === null || n <= range.max)

/**
 * Threat deduction `t` of EEF §3.3. Low (minor) threats never count. Moderate threats "share a
 * direction" when two or more have the same known direction; opposite known directions read as unknown.
 *
 * @example
 * eefThreatDeduction([{ type: 'hawthorne', severity: 'moderate', direction: 'favours_treatment' },
 *   { type: 'outcome_measure_bias', severity: 'moderate', direction: 'favours_treatment' }]).rule // 'T3'
 */
export function eefThreatDeduction(
  threats: readonly Threat[],
  rules: readonly EefThreatRule[] = DEFAULT_EEF_THREAT_RULES
): EefThreatAssessment {
  const high = threats.filter((t) => t.severity === 'substantial').length
  const moderates = threats.filter((t) => t.severity === 'moderate')
  const moderate = moderates.length
  const known = moderates.map((t) => t.direction ?? 'unknown').filter((d) => d !== 'unknown')
  const sharedDirection = known.some((d, i) => known.indexOf(d) !== i)
  const match = rules.find(
    (row) =>
      inRange(high, row.high) &&
      inRange(moderate, row.moderate) &&
      (row.directions === 'any' || (row.directions === 'shared') === sharedDirection)
  )
  if (match === undefined) {
    // A staff-edited table with a gap: fall back to the source's cap rather than guess a smaller deduction.
    return {
      rule: 'unmatched',
      deduction: 2,
      high,
      moderate,
      sharedDirection,
      interpretation: true,
      detail: `no threat rule matched ${high} High and ${moderate} Moderate threats; cap of 2 applied`,
      words: `no threat rule matched ${high} high-risk and ${moderate} moderate-risk threats, so the cap of 2 padlocks down applied`,
    }
  }
  const interpretation =
    match.basis === 'interpretation' ||
    (match.basis === 'interpretation_if_direction_known' && known.length > 0)
  const effect =
    match.deduction === 0
      ? 'no change'
      : `${match.deduction} padlock${match.deduction === 1 ? '' : 's'} down`
  return {
    rule: match.rule,
    deduction: match.deduction,
    high,
    moderate,
    sharedDirection,
    interpretation,
    detail: `${match.rule}: ${high} High, ${moderate} Moderate threat${moderate === 1 ? '' : 's'} (${match.summary}); ${effect}`,
    words: `threats to validity: ${high} high-risk and ${moderate} moderate-risk (threat rule ${match.rule}: ${match.summary}); ${effect}`,
  }
}
