import type { BaselineEffectSize } from './facts-schema'
import { atMost } from './rounding'
import { formatNumber } from '../format-number'
import { characteristic, type WordPart } from './words'

/** Per-characteristic verdict of WWC §4.3. */
export type EquivalenceCategory =
  'satisfied' | 'satisfied_with_adjustment' | 'needs_adjustment' | 'not_satisfied'

/** Outcome of the §4.3 check over the required characteristics. */
export type BaselineEquivalence = {
  /** False when the list is empty: equivalence is "not shown". */
  shown: boolean
  satisfied: boolean
  variables: { variable: string; effect_size: number; category: EquivalenceCategory }[]
  detail: string
  /** `detail` in plain words, characteristics by name. */
  words: WordPart[]
}

/** WWC thresholds on |ES| (Procedures and Standards Handbook v5.0; unchanged since v4.1). */
const NO_ADJUSTMENT_MAX = 0.05
const ADJUSTABLE_MAX = 0.25

function categorise(entry: BaselineEffectSize): EquivalenceCategory {
  const size = Math.abs(entry.effect_size)
  if (atMost(size, NO_ADJUSTMENT_MAX)) return 'satisfied'
  if (atMost(size, ADJUSTABLE_MAX))
    return entry.adjusted_in_impact_model ? 'satisfied_with_adjustment' : 'needs_adjustment'
  return 'not_satisfied'
}

/**
 * WWC baseline equivalence on the analytic sample (EVIDENCE_RATINGS.md §4.3): |ES| <= 0.05 satisfied;
 * 0.05 < |ES| <= 0.25 satisfied only if adjusted in the impact model; > 0.25 never. Holds only if every
 * required characteristic is satisfied; an empty list is "not shown".
 *
 * @example
 * assessBaselineEquivalence([{ variable: 'prior_apps', kind: 'continuous', effect_size: 0.25, adjusted_in_impact_model: true }]).satisfied // true
 */
export function assessBaselineEquivalence(
  entries: readonly BaselineEffectSize[]
): BaselineEquivalence {
  if (entries.length === 0) {
    return {
      shown: false,
      satisfied: false,
      variables: [],
      detail: 'baseline equivalence not shown (no baseline effect sizes reported)',
      words: ['baseline equivalence not shown (no baseline effect sizes reported)'],
    }
  }
  const variables = entries.map((entry) => ({
    variable: entry.variable,
    effect_size: entry.effect_size,
    category: categorise(entry),
  }))
  const failing = variables.filter(
    (v) => v.category === 'needs_adjustment' || v.category === 'not_satisfied'
  )
  const describe = (v: (typeof variables)[number]) =>
    v.category === 'needs_adjustment'
      ? `${v.variable} |ES| ${formatNumber(Math.abs(v.effect_size))} is in (0.05, 0.25] but not adjusted for`
      : `${v.variable} |ES| ${formatNumber(Math.abs(v.effect_size))} > 0.25, which adjustment cannot fix`
  const said = (v: (typeof variables)[number]): WordPart[] => [
    characteristic(v.variable),
    `: standardised difference ${formatNumber(Math.abs(v.effect_size))} ${
      v.category === 'needs_adjustment'
        ? `is above ${formatNumber(NO_ADJUSTMENT_MAX)} and at most ${formatNumber(ADJUSTABLE_MAX)} but not adjusted for`
        : `above ${formatNumber(ADJUSTABLE_MAX)}, which adjustment cannot fix`
    }`,
  ]
  const largest = Math.max(...variables.map((v) => Math.abs(v.effect_size)))
  const characteristics = `${variables.length} characteristic${variables.length === 1 ? '' : 's'}`
  return {
    shown: true,
    satisfied: failing.length === 0,
    variables,
    detail:
      failing.length === 0
        ? `baseline equivalence satisfied on all ${variables.length} characteristic${variables.length === 1 ? '' : 's'} (max |ES| ${formatNumber(Math.max(...variables.map((v) => Math.abs(v.effect_size))))})`
        : `baseline equivalence not satisfied: ${failing.map(describe).join('; ')}`,
    words:
      failing.length === 0
        ? [
            `baseline equivalence satisfied on all ${characteristics} (largest standardised difference ${formatNumber(largest)})`,
          ]
        : [
            'baseline equivalence not satisfied: ',
            ...failing.flatMap((v, i) => (i ? ['; ', ...said(v)] : said(v))),
          ],
  }
}
