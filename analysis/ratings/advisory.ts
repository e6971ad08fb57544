import type { Facts } from './facts-schema'

/** §7-§8: indications for frameworks the engine does not compute. None of them is a rating. */
export type Advisory = {
  project_oracle: { indicative_standard: number; label: string }
  eif: { candidate_level_3_study: boolean; note: string }
  magenta_book: {
    note: string
    checklist: { theory_of_change: boolean; protocol_registered: boolean | null }
  }
  chi: { egm_confidence: string | null; intervention_tool_rating: string | null; note: string }
}

/**
 * Advisory indications (EVIDENCE_RATINGS.md §7-§8): the Nesta level as an indicative Project Oracle
 * standard; the EIF level-3-study flag (EEF >= 3 padlocks and WWC meets with or without reservations,
 * an INTERPRETATION and a hint only); the parts of a Magenta Book checklist the facts answer; and the
 * staff-entered CHI judgements, echoed.
 *
 * @example
 * adviseOtherFrameworks(facts, 4, 4, 'meets_with_reservations').eif.candidate_level_3_study // true
 */
export function adviseOtherFrameworks(
  facts: Facts,
  nestaLevel: number,
  eefLevel: number,
  wwcLevel: string
): Advisory {
  const wwcMeets =
    wwcLevel === 'meets_without_reservations' || wwcLevel === 'meets_with_reservations'
  return {
    project_oracle: {
      indicative_standard: nestaLevel,
      label: 'indicative; Oracle validation is done by Oracle',
    },
    eif: {
      candidate_level_3_study: eefLevel >= 3 && wwcMeets,
      note: 'INTERPRETATION: EIF rates programmes across all their evaluations; this flags one study for staff, it is not an EIF rating',
    },
    magenta_book: {
      note: 'guidance, not a rating scale: no score is given',
      checklist: {
        theory_of_change: facts.theory_of_change,
        protocol_registered: facts.prespecified_analysis,
      },
    },
    chi: {
      egm_confidence: facts.chi_egm_confidence ?? null,
      intervention_tool_rating: facts.chi_intervention_tool_rating ?? null,
      note: 'CHI evidence-map criteria are not published in computable form: staff-entered only',
    },
  }
}
