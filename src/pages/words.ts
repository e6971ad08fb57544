import { durationParts } from '../../trials/data'
import type { Protocol, ProtocolDraft } from '../../trials/protocol'

/** `family_mediation` -> "Family mediation": a registered name read as words. */
export const humanise = (name: string) => {
  const words = name.replace(/_/g, ' ').trim()
  return words ? words[0]!.toUpperCase() + words.slice(1) : name
}

export const RANDOMISATION_WORDS: Record<string, string> = {
  simple: 'Simple randomisation (each household independently)',
  complete: 'Complete randomisation (exact arm sizes)',
  permuted_block: 'Permuted blocks',
  stratified_permuted_block: 'Permuted blocks within strata',
  cluster: 'Cluster randomisation (whole groups)',
  stratified_cluster: 'Cluster randomisation within strata',
  minimisation: 'Minimisation',
}

export const ESTIMATOR_WORDS: Record<string, string> = {
  difference_in_means: 'Difference in means',
  ols: 'Linear regression (OLS)',
  lin: 'Regression with Lin (2013) covariate adjustment',
  iv: 'Instrumental variables (complier effect)',
  logistic: 'Logistic regression',
  risk_difference: 'Risk difference',
  risk_ratio: 'Risk ratio',
  welch_t: 'Welch t-test',
  fisher_exact: 'Fisher exact test',
  chi_square: 'Chi-square test',
  randomisation_inference: 'Randomisation inference',
}

export const DIRECTION_WORDS: Record<string, string> = {
  decrease: 'expected to decrease',
  increase: 'expected to increase',
  either: 'no direction assumed',
}

/** Registered labels of a protocol's outcomes, arms and analyses, for showing results in words. */
export function labelsOf(protocol: ProtocolDraft | Protocol | undefined) {
  const p: ProtocolDraft = protocol ?? {}
  const outcomes = new Map<string, string>()
  for (const o of [
    p.primary_outcome,
    ...(p.secondary_outcomes ?? []),
    ...(p.process_measures ?? []),
  ])
    if (o?.name) outcomes.set(o.name, o.label ?? humanise(o.name))
  const covariates = new Map<string, string>()
  for (const v of p.covariates ?? [])
    if (v?.name) covariates.set(v.name, v.label ?? humanise(v.name))
  const analyses = new Map<string, string>()
  // An analysis registered without a description is named by its outcome's label.
  for (const a of p.analysis_plan?.analyses ?? [])
    if (a?.name) {
      const outcome = (a.spec as { outcome?: unknown } | undefined)?.outcome
      const of = typeof outcome === 'string' ? outcomes.get(outcome) : undefined
      analyses.set(a.name, a.description ?? of ?? humanise(a.name))
    }
  return {
    outcome: (name: string) => outcomes.get(name) ?? humanise(name),
    covariate: (name: string) => covariates.get(name) ?? outcomes.get(name) ?? humanise(name),
    arm: (name: string) => humanise(name),
    analysis: (name: string) => analyses.get(name) ?? humanise(name),
  }
}

/** A number rounded for reading: `digits` decimals, a dash when absent. */
export const fixed = (x: unknown, digits = 2) =>
  typeof x === 'number' && Number.isFinite(x)
    ? (Object.is(Math.round(x * 10 ** digits), -0) ? 0 : x).toFixed(digits)
    : '–'

/** A p-value as a report prints it. */
export const pWords = (x: unknown) =>
  typeof x !== 'number' ? '–' : x < 0.001 ? '< 0.001' : x.toFixed(3)

/** A p-value in a sentence: "p = 0.042", "p < 0.001". */
export const pIs = (x: unknown) =>
  typeof x === 'number' && x < 0.001 ? 'p < 0.001' : `p = ${pWords(x)}`

/** A date as "2 March 2026". */
export const dateWords = (d: Date | string | null | undefined) =>
  d
    ? new Date(d).toLocaleDateString('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      })
    : '–'

/** A rating level in words: `meets_without_reservations` -> "Meets without reservations"; numbers as they are. */
export const levelWords = (level: unknown) =>
  typeof level === 'string' ? humanise(level) : String(level)

/**
 * Numbers in the engine's words rounded for reading: 0.2774 -> 0.28, 0.05042 -> 0.0504 (three
 * figures below 0.1, so it still reads as above a 0.05 threshold), 27.3456% -> 27.3%.
 */
export const roundedWords = (s: string) =>
  s
    .replace(/\d+\.\d{2,}(?=%)/g, (x) => Number(x).toFixed(1))
    .replace(/\d+\.\d{3,}/g, (x) =>
      Number(x) < 0.1 ? String(Number(Number(x).toPrecision(3))) : Number(x).toFixed(2)
    )

const ROB2_DOMAINS: Record<string, string> = {
  '1': 'the randomisation process',
  '2': 'deviations from the intended interventions',
  '3': 'missing outcome data',
  '4': 'measurement of the outcome',
  '5': 'selection of the reported result',
}

/**
 * What limited a rating, in plain words: the rating engine's criteria with its abbreviations
 * spelled out, comparisons in words, names read as their labels and numbers rounded.
 *
 * @example
 * criterionWords('household_type=single |ES| 0.2712 > 0.25', (n) => 'Household type')
 * // 'Household type single: standardised difference 0.27 above 0.25'
 */
export function criterionWords(summary: string, label: (name: string) => string = humanise) {
  const words = roundedWords(summary)
    .replace(/\bMDES\b/g, 'minimum detectable effect')
    .replace(/max \|baseline ES\|/g, 'largest standardised baseline difference')
    .replace(
      /\b([a-z][a-z0-9_]*)=([\w-]+) \|ES\|/g,
      (_, name: string, level: string) =>
        `${label(name)} ${level.replace(/_/g, ' ')}: standardised difference`
    )
    .replace(
      /\b([a-z][a-z0-9_]*) \|ES\|/g,
      (_, name: string) => `${label(name)}: standardised difference`
    )
    .replace(/\|ES\|/g, 'standardised difference')
    .replace(/\bD([1-5])\b/g, (_, n: string) => `Domain ${n} (${ROB2_DOMAINS[n]})`)
    .replace(/\bis in \((-?[\d.]+), (-?[\d.]+)\]/g, 'is above $1 and at most $2')
    .replace(/\bin the >= ([\d.]+) band/g, 'in the $1-or-more band')
    .replace(/\bnon_/g, 'non-')
    .replace(/ >= /g, ' at least ')
    .replace(/ <= /g, ' at most ')
    .replace(/ > /g, ' above ')
    .replace(/ < /g, ' below ')
    .replace(/(\d)-(\d)/g, '$1–$2')
    .replace(/\b([a-z]+(?:_[a-z0-9]+)+)\b/g, (w) => w.replace(/_/g, ' '))
    .replace(/([a-z]):(?=[a-z])/g, '$1: ')
  return words ? words[0]!.toUpperCase() + words.slice(1) : words
}

const DURATION_UNITS = [
  ['years', 'year'],
  ['months', 'month'],
  ['weeks', 'week'],
  ['days', 'day'],
] as const

/**
 * An ISO 8601 duration of whole years, months, weeks and days in words, keeping the registered form
 * beside it; anything else (a time part, a fraction, not a duration) is returned as it is.
 *
 * @example
 * durationWords('P6M') // '6 months (P6M)'
 * durationWords('P1Y2M') // '1 year and 2 months (P1Y2M)'
 */
export function durationWords(value: string): string {
  const parts = durationParts(value)
  if (!parts || parts.hours || parts.minutes || parts.seconds || value.includes('.')) return value
  const said = DURATION_UNITS.flatMap(([part, unit]) => {
    const n = parts[part]
    return n ? [`${n} ${unit}${n === 1 ? '' : 's'}`] : []
  })
  if (!said.length) return value
  const words = said.length > 1 ? `${said.slice(0, -1).join(', ')} and ${said.at(-1)}` : said[0]
  return `${words} (${value})`
}
