import type { Design, Facts } from './facts-schema'
import type { RatingOptions } from './rating-options'
import { reason, splitReasons, type Reason, type WordedReason } from './reason'
import { designWords, type LimitingReason } from './words'

/** §10 output of the Nesta scheme; `label` is `below_level_1` at 0. */
export type NestaRating = {
  scheme: 'nesta_standards_2013'
  level: number
  label: string
  reasons: Reason[]
  /** The reasons that set the level, each with its words. */
  limiting: LimitingReason[]
  interpretations_used: string[]
  warnings: string[]
}

// §6 level 3: designs with a control or comparison group that can show causality.
const CAUSAL_DESIGNS: ReadonlySet<Design> = new Set([
  'rct',
  'cluster_rct',
  'quasi_experimental_matched',
  'difference_in_differences',
  'regression_discontinuity',
  'instrumental_variables',
])

/**
 * Nesta Standards of Evidence, levels 0-5 (Puttick & Ludlow, Nesta 2013; EVIDENCE_RATINGS.md §6).
 * Levels are cumulative: theory of change (1), data on users (2), a comparison group (3), independent
 * evaluation with cost data (4), independent replication of a manualised service elsewhere (5).
 * Power is not a criterion; an EEF power component at or below `nesta_power_warning_at_or_below`
 * becomes a warning (INTERPRETATION).
 *
 * @example
 * rateNestaLevel(facts, 2, options).level // 4 when everything but replication holds
 */
export function rateNestaLevel(
  facts: Facts,
  eefPower: number,
  options: RatingOptions
): NestaRating {
  const design = designWords(facts.design)
  const steps: [
    level: number,
    met: boolean,
    criterion: Reason['criterion'],
    met_: string,
    unmet: string,
    // The same in words, where the spec's terms are not already plain words.
    metWords?: string,
    unmetWords?: string,
  ][] = [
    [
      1,
      facts.theory_of_change,
      'theory_of_change',
      'theory of change documented',
      'no theory of change (below level 1)',
    ],
    [
      2,
      facts.n_analysed_treatment > 0,
      'design',
      'data collected on users of the service',
      'no analysed users of the service',
    ],
    [
      3,
      CAUSAL_DESIGNS.has(facts.design) && facts.n_analysed_control > 0,
      'design',
      `${facts.design} with an analysed comparison group can show causality`,
      CAUSAL_DESIGNS.has(facts.design)
        ? `${facts.design} without analysed comparison units cannot show causality`
        : `${facts.design} has no credible counterfactual (capped at level 2)`,
      `${design} with an analysed comparison group can show causality`,
      CAUSAL_DESIGNS.has(facts.design)
        ? `${design} without an analysed comparison group cannot show causality`
        : `${design} has no credible comparison of what would have happened otherwise (capped at level 2)`,
    ],
    [
      4,
      facts.independent_evaluation,
      'independence',
      'independent evaluation',
      'not independently evaluated',
    ],
    [
      4,
      facts.cost_data_reported,
      'cost',
      'delivery cost per participant reported',
      'no delivery cost data',
    ],
    [
      5,
      facts.replicated_independently_other_sites,
      'replication',
      'replicated by others at other sites',
      'not yet replicated independently at other sites',
    ],
    [
      5,
      facts.manualised,
      'replication',
      'delivery is manualised',
      'delivery not manualised, so others cannot replicate it',
    ],
  ]
  const reasons: WordedReason[] = []
  let level = 5
  for (const [stepLevel, met, criterion, metText, unmetText, metWords, unmetWords] of steps) {
    // Report every unmet criterion of the first level not reached, so all of them can be fixed.
    if (stepLevel > level + 1) break
    if (met) {
      reasons.push(reason(criterion, metText, metWords ?? metText))
    } else {
      level = stepLevel - 1
      reasons.push(
        reason(
          criterion,
          `${unmetText}: level ${stepLevel} not reached`,
          `${unmetWords ?? unmetText}: level ${stepLevel} not reached`,
          true
        )
      )
    }
  }
  const warnings: string[] = []
  const interpretations = [
    `nesta_power_warning_at_or_below=${options.nesta_power_warning_at_or_below}`,
  ]
  if (eefPower <= options.nesta_power_warning_at_or_below) {
    warnings.push(`nesta_sample_size_doubtful:eef_power=${eefPower}`)
    reasons.push(
      reason(
        'power',
        `EEF power component is ${eefPower}: Nesta sets no sample-size threshold, so the level is not downgraded`,
        `the EEF power rating is ${eefPower} padlock${eefPower === 1 ? '' : 's'}: Nesta sets no sample-size threshold, so the level is not lowered`
      )
    )
  }
  return {
    scheme: 'nesta_standards_2013',
    level,
    label: level === 0 ? 'below_level_1' : `level_${level}`,
    ...splitReasons(reasons),
    interpretations_used: interpretations,
    warnings,
  }
}
