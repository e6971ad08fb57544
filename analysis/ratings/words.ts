import type { Design, Threat, ThreatSeverity } from './facts-schema'
import type { Reason } from './reason'

/**
 * A piece of a reason in plain words: text, or a baseline characteristic kept as its registered
 * name (and level, for one level of a categorical covariate) so that a page can show its label.
 */
export type WordPart = string | { variable: string; level?: string }

/** A reason in plain words: the engine's abbreviations spelled out and numbers rounded once. */
export type Words = WordPart[]

/** A reason that set the level, with the same reason in plain words. */
export type LimitingReason = Reason & { words: Words }

/**
 * A baseline characteristic as a word part: `household_type=single` (one level of a categorical
 * covariate, as the facts name it) becomes `{ variable: 'household_type', level: 'single' }`.
 *
 * @example
 * characteristic('prior_approaches') // { variable: 'prior_approaches' }
 */
export function characteristic(name: string): WordPart {
  const at = name.indexOf('=')
  return at > 0 ? { variable: name.slice(0, at), level: name.slice(at + 1) } : { variable: name }
}

/** `household_type` -> "Household type": a registered name read as words when no label is given. */
export const nameWords = (name: string) => {
  const words = name.split('_').join(' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : name
}

/**
 * A reason's words as text, each characteristic shown by `label` (its registered label on a page;
 * the name read as words by default), a categorical level after it.
 *
 * @example
 * wordsText(['balance: ', { variable: 'household_type', level: 'single' }, ' differs'])
 * // 'balance: Household type single differs'
 */
export function wordsText(words: readonly WordPart[], label: (name: string) => string = nameWords) {
  return words
    .map((part) =>
      typeof part === 'string'
        ? part
        : part.level === undefined
          ? label(part.variable)
          : `${label(part.variable)} ${part.level.split('_').join(' ')}`
    )
    .join('')
}

/**
 * What limited a rating, as one sentence: the limiting reasons' words joined by "; ", starting with
 * a capital. A reason stored before reasons had words is shown by its detail.
 *
 * @example
 * limitingText([{ criterion: 'power', detail: '…', limiting: true, words: ['capped at 2 padlocks: …'] }])
 * // 'Capped at 2 padlocks: …'
 */
export function limitingText(
  limiting: readonly (Reason & { words?: readonly WordPart[] | undefined })[],
  label?: (name: string) => string
): string {
  const text = limiting.length
    ? limiting.map((r) => wordsText(r.words ?? [r.detail], label)).join('; ')
    : 'no criterion limited this rating'
  return text[0]!.toUpperCase() + text.slice(1)
}

/** Each design as words. */
const DESIGN_WORDS: Record<Design, string> = {
  rct: 'randomised controlled trial',
  cluster_rct: 'cluster randomised trial',
  quasi_experimental_matched: 'matched quasi-experimental comparison',
  difference_in_differences: 'difference-in-differences design',
  regression_discontinuity: 'regression discontinuity design',
  instrumental_variables: 'instrumental variables design',
  before_after: 'before-and-after study',
  cross_sectional: 'cross-sectional comparison',
}

/**
 * A design as words.
 *
 * @example
 * designWords('cluster_rct') // 'cluster randomised trial'
 */
export const designWords = (design: Design) => DESIGN_WORDS[design]

const SEVERITY_WORDS: Record<ThreatSeverity, string> = {
  minor: 'low',
  moderate: 'moderate',
  substantial: 'high',
}

/**
 * A threat as words: its type read as words, its severity as a risk level.
 *
 * @example
 * threatWords({ type: 'non_compliance', severity: 'substantial', direction: 'unknown' }) // 'non compliance (high)'
 */
export const threatWords = (threat: Pick<Threat, 'type' | 'severity'>) =>
  `${threat.type.split('_').join(' ')} (${SEVERITY_WORDS[threat.severity]})`
