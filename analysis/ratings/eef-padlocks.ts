import type { DerivedQuantities } from './derived-quantities'
import {
  eefAttritionRating,
  eefBalanceDeduction,
  eefDesignRating,
  eefPowerRating,
} from './eef-components'
import { eefThreatDeduction } from './eef-threat-rules'
import type { Facts } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, splitReasons, type Reason, type WordedReason } from './reason'
import type { LimitingReason } from './words'

/** §3.3 output of the EEF scheme, plus the threat row that applied and the scheme's warnings. */
export type EefPadlocksRating = {
  scheme: 'eef_padlocks_2019'
  level: number
  components: {
    design: number
    power: number
    attrition: number
    initial: number
    balance_deduction: number
    threat_deduction: number
  }
  threat_rule: string
  reasons: Reason[]
  /** The reasons that set the level, each with its words. */
  limiting: LimitingReason[]
  interpretations_used: string[]
  warnings: string[]
}

// The source's limit on the threat adjustment (§3.3: "by two padlocks at most").
const THREAT_CAP = 2

/**
 * EEF security rating, 0-5 padlocks (EEF 2019 classification; EVIDENCE_RATINGS.md §3):
 *   initial = min(design, power, attrition);  final = max(0, initial - b - t),  t <= 2,
 * with b the balance deduction (outside the threat cap by default) and t the §3.3 threat row.
 * Every criterion equal to the minimum is reported as limiting, as are non-zero deductions.
 *
 * @example
 * rateEefPadlocks(facts, deriveQuantities(facts), options).level // 5 for an intact, well-powered RCT
 */
export function rateEefPadlocks(
  facts: Facts,
  derived: DerivedQuantities,
  options: RatingOptions
): EefPadlocksRating {
  const design = eefDesignRating(facts, options)
  const power = eefPowerRating(facts, options)
  const attrition = eefAttritionRating(derived.attrition_percent.overall, options)
  const balance = eefBalanceDeduction(derived.max_abs_baseline_es, options)
  const threats = eefThreatDeduction(facts.threats, options.eef_threat_rules)
  const initial = Math.min(design.value, power.value, attrition.value)
  const threatDeduction = Math.min(THREAT_CAP, threats.deduction)
  const totalDeduction = options.eef_balance_inside_threat_cap
    ? Math.min(THREAT_CAP, balance.value + threatDeduction)
    : balance.value + threatDeduction
  const level = Math.max(0, initial - totalDeduction)

  const criteria = [
    ['design', design],
    ['power', power],
    ['attrition', attrition],
  ] as const
  const reasons: WordedReason[] = criteria.map(([criterion, component]) => {
    const limiting = initial < 5 && component.value === initial
    const capped = limiting ? `capped at ${initial} padlocks: ` : ''
    return reason(
      criterion,
      `${capped}${component.detail}`,
      `${capped}${component.words}`,
      limiting
    )
  })
  reasons.push(reason('balance', balance.detail, balance.words, balance.value > 0))
  reasons.push(reason('threat', threats.detail, threats.words, threatDeduction > 0))
  if (options.eef_balance_inside_threat_cap && totalDeduction < balance.value + threatDeduction) {
    reasons.push(
      reason(
        'balance',
        `balance and threat deductions share the ${THREAT_CAP}-padlock cap (option)`,
        `balance and threat deductions together take at most ${THREAT_CAP} padlocks (a rating option)`,
        true
      )
    )
  }

  const interpretations = [design, power, attrition, balance]
    .map((component) => component.interpretation)
    .filter((x): x is string => x !== null)
  if (threats.interpretation) interpretations.push(`eef_threat_rule=${threats.rule}`)
  interpretations.push(`eef_balance_inside_threat_cap=${options.eef_balance_inside_threat_cap}`)

  const warnings: string[] = []
  if (power.missingInput !== null) warnings.push(`missing_input:${power.missingInput}`)
  if (derived.max_abs_baseline_es === null) warnings.push('balance_not_reported')

  return {
    scheme: 'eef_padlocks_2019',
    level,
    components: {
      design: design.value,
      power: power.value,
      attrition: attrition.value,
      initial,
      balance_deduction: balance.value,
      threat_deduction: threatDeduction,
    },
    threat_rule: threats.rule,
    ...splitReasons(reasons),
    interpretations_used: interpretations,
    warnings,
  }
}
