import type { Protocol } from '../protocol/schema'
import { armLabel } from './consort-flow'
import { limitingWords, type RatingLimiting } from './limiting-words'
import type { PractitionerSummary } from './practitioner-summary-schema'

export type { PractitionerSummary } from './practitioner-summary-schema'

/**
 * What the practitioner summary is written from.
 *
 * @example
 * const input: SummaryInput = { protocol, arm: 'family_mediation', effect: { estimate: -0.07, conf_low: -0.13, conf_high: -0.01, p_value: 0.02 }, controlMean: 0.31, costPence: 52500, takeUp: 0.8, rating: null, interim: false }
 */
export interface SummaryInput {
  protocol: Protocol
  arm: string
  /** The primary comparison (arm minus control), on the outcome's scale; null if not estimable. */
  effect: { estimate: number; conf_low: number; conf_high: number; p_value: number } | null
  /** Mean (binary: proportion) of the primary outcome in the control arm. */
  controlMean: number | null
  /** The intervention's registered marginal delivery cost per household, integer pence. */
  costPence: number | null
  /** Share of households offered the intervention who received it (adherence), if recorded. */
  takeUp: number | null
  /** The EEF rating: its level, status and the reasons that limited it (see `limitingWords`). */
  rating: { padlocks: number | null; limiting: RatingLimiting; status: string } | null
  interim: boolean
}

/**
 * Money in pounds from integer pence: whole pounds without pence.
 *
 * @example
 * formatPence(52500) // '£525'
 * formatPence(43651) // '£436.51'
 */
export function formatPence(pence: number): string {
  const pounds = Math.floor(Math.abs(pence) / 100)
  const rest = Math.abs(pence) % 100
  const grouped = pounds.toLocaleString('en-GB')
  return `${pence < 0 ? '-' : ''}£${grouped}${rest ? `.${String(rest).padStart(2, '0')}` : ''}`
}

const lowerFirst = (s: string) =>
  /^[A-Z][a-z]/.test(s) ? s.charAt(0).toLowerCase() + s.slice(1) : s
const amount = (x: number) => {
  const a = Math.abs(x)
  return a >= 10 ? String(Math.round(a)) : String(Number(a.toFixed(1)))
}
const signed = (x: number, fewer: string, more: string) =>
  Number(amount(x)) === 0
    ? `no ${more === 'more' ? 'difference' : more}`
    : `${amount(x)} ${x < 0 ? fewer : more}`

/**
 * Writes the practitioner summary of a trial's primary comparison (arm against control).
 *
 * Binary outcomes: the risk difference per 100 households offered, with its 95% interval; the
 * number needed to treat NNT = 1 / |risk difference|, rounded up, with its interval from the
 * inverted interval limits when that interval excludes no effect (Altman DG. Confidence intervals
 * for the number needed to treat. BMJ 1998;317:1309-12), otherwise not given. Continuous and count
 * outcomes: the mean difference per household in the outcome's unit. Costs are integer pence: the
 * registered cost per household receiving the intervention, per household offered it (cost times
 * the recorded take-up), and per outcome avoided (cost per household offered times the NNT).
 *
 * @example
 * practitionerSummary({ ...input, effect: { estimate: -0.07, conf_low: -0.13, conf_high: -0.01, p_value: 0.02 } }).effect?.statement
 * // '7 fewer households per 100 offered family mediation were owed a relief duty ... (95% CI: 13 fewer to 1 fewer)'
 */
export function practitionerSummary(input: SummaryInput): PractitionerSummary {
  const p = input.protocol
  const outcome = p.primary_outcome
  const control = p.arms.find((a) => a.control)!
  const offered = lowerFirst(armLabel(input.arm))
  const hypothesis = p.hypotheses.find(
    (h) => h.outcome === outcome.name && (!h.arm || h.arm === input.arm)
  )
  const goodDirection = hypothesis?.direction ?? 'either'
  const caveats: string[] = []
  if (input.interim)
    caveats.push(
      'Interim result: follow-up is not complete. Do not act on it yet; the final analysis may differ.'
    )
  const comparison = p.waitlist
    ? `Households in the comparison group (${lowerFirst(armLabel(control.name))}) were offered ${offered} after the ${outcome.time_point.label} window, so this compares ${offered} now with ${offered} later: the service was delayed, not withheld.`
    : `Households in the comparison group received ${lowerFirst(control.description)}.`

  let effect: PractitionerSummary['effect'] = null
  let nnt: PractitionerSummary['number_needed_to_treat'] = null
  let certainty = 'The effect could not be estimated from the data recorded.'
  const e = input.effect
  if (e) {
    const excludesZero = e.conf_low > 0 || e.conf_high < 0
    certainty = excludesZero
      ? 'The 95% confidence interval excludes no difference: the offer very probably made a difference, in the direction shown.'
      : 'The 95% confidence interval includes no difference: the result could be due to chance.'
    const what = lowerFirst(outcome.label)
    if (outcome.type === 'binary') {
      const [est, lo, hi] = [e.estimate * 100, e.conf_low * 100, e.conf_high * 100]
      effect = {
        per_100: Number(est.toFixed(1)),
        per_100_low: Number(lo.toFixed(1)),
        per_100_high: Number(hi.toFixed(1)),
        difference: e.estimate,
        unit: 'households per 100 offered',
        statement: `${signed(est, 'fewer', 'more')} households per 100 offered ${offered}: ${what} (95% CI: ${signed(lo, 'fewer', 'more')} to ${signed(hi, 'fewer', 'more')})`,
      }
      const beneficial =
        goodDirection === 'decrease'
          ? e.estimate < 0
          : goodDirection === 'increase'
            ? e.estimate > 0
            : false
      if (e.estimate !== 0) {
        const value = Math.ceil(1 / Math.abs(e.estimate))
        const interval = excludesZero
          ? {
              low: Math.ceil(1 / Math.max(Math.abs(e.conf_low), Math.abs(e.conf_high))),
              high: Math.ceil(1 / Math.min(Math.abs(e.conf_low), Math.abs(e.conf_high))),
            }
          : null
        const verb = beneficial
          ? 'to avoid one household'
          : goodDirection === 'either'
            ? 'for one more or one fewer household'
            : 'for one more household'
        nnt = {
          value,
          low: interval?.low ?? null,
          high: interval?.high ?? null,
          statement: `Offer ${offered} to about ${value} households ${verb} being ${what}${interval ? ` (95% CI: ${interval.low} to ${interval.high})` : '; the interval includes no effect, so this number is very uncertain'}.`,
        }
      }
    } else {
      const unit = outcome.unit
      effect = {
        per_100: null,
        per_100_low: null,
        per_100_high: null,
        difference: e.estimate,
        unit,
        statement: `${signed(e.estimate, `fewer ${unit}`, `more ${unit}`)} per household offered ${offered}: ${what} (95% CI: ${signed(e.conf_low, 'fewer', 'more')} to ${signed(e.conf_high, 'fewer', 'more')} ${unit})`,
      }
    }
  }

  let cost: PractitionerSummary['cost'] = null
  if (input.costPence !== null) {
    const takeUp = input.takeUp ?? 1
    const perOffered = Math.round(input.costPence * takeUp)
    const avoided =
      nnt &&
      nnt.low !== null &&
      e &&
      (goodDirection === 'decrease' ? e.estimate < 0 : e.estimate > 0)
        ? perOffered * nnt.value
        : null
    cost = {
      per_household_receiving_pence: input.costPence,
      per_household_offered_pence: perOffered,
      per_outcome_avoided_pence: avoided,
      statement:
        `${formatPence(input.costPence)} per household receiving ${offered} (registered delivery cost)` +
        (input.takeUp !== null
          ? `; with ${Math.round(input.takeUp * 100)}% of offered households taking it up, about ${formatPence(perOffered)} per household offered`
          : '') +
        (avoided !== null
          ? `; about ${formatPence(avoided)} for each household kept from being ${lowerFirst(outcome.label)}`
          : '') +
        '.',
    }
  }

  const limited = input.rating ? lowerFirst(limitingWords(p, input.rating.limiting)) : ''
  const rating = input.rating
    ? input.rating.padlocks === null
      ? `Evidence rating ${input.rating.status}: no padlock level could be given (${limited}).`
      : `Evidence rating: ${input.rating.padlocks} of 5 padlocks (EEF scale, ${input.rating.status}); ${limited}.`
    : 'The evidence has not been rated yet.'
  const headline = effect
    ? `${effect.statement.charAt(0).toUpperCase()}${effect.statement.slice(1)}.`
    : `The effect of ${offered} on ${lowerFirst(outcome.label)} could not be estimated.`
  const paragraphs = [
    headline,
    certainty,
    ...(input.controlMean !== null && outcome.type === 'binary'
      ? [
          `Without the offer, about ${Math.round(input.controlMean * 100)} in 100 households were ${lowerFirst(outcome.label)}.`,
        ]
      : []),
    ...(nnt ? [nnt.statement] : []),
    ...(cost ? [cost.statement] : []),
    comparison,
    rating,
    ...caveats,
  ]
  return {
    headline,
    effect,
    number_needed_to_treat: nnt,
    cost,
    rating,
    certainty,
    comparison,
    caveats,
    paragraphs,
  }
}
