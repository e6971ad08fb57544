import { durationParts } from '../../trials/data'
import { nameWords } from '../../analysis/ratings'
import { labelsOf, type Protocol, type ProtocolDraft } from '../../trials/protocol'

/** `family_mediation` -> "Family mediation": a registered name read as words. */
export const humanise = nameWords
export { labelsOf }

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
