import type { FactsInput } from '../../../analysis/ratings'

/**
 * An intact, well-run individually randomised trial: every scheme's top rating except Nesta 5.
 * Tests change one thing at a time from here.
 */
export function intactRct(overrides: Partial<FactsInput> = {}): FactsInput {
  return {
    design: 'rct',
    randomisation_concealed: true,
    randomisation_compromised: false,
    n_randomised_treatment: 400,
    n_randomised_control: 400,
    n_analysed_treatment: 380,
    n_analysed_control: 384,
    mdes_at_randomisation: 0.15,
    mdes_at_analysis: 0.16,
    baseline_effect_sizes: [
      {
        variable: 'homelessness_approaches_12m',
        kind: 'continuous',
        effect_size: 0.02,
        adjusted_in_impact_model: true,
      },
    ],
    joiners_in_analytic_sample: false,
    controls_for_observables: 'all_relevant',
    comparison_group_justified: true,
    pre_period_outcome_measured: true,
    confound_single_unit: false,
    threats: [],
    outcome_source: 'administrative',
    prespecified_analysis: true,
    missingness_depends_on_outcome: 'no',
    theory_of_change: true,
    independent_evaluation: true,
    cost_data_reported: true,
    replicated_independently_other_sites: true,
    manualised: true,
    ...overrides,
  }
}

/** Counts giving the wanted attrition: `randomised` per arm, `lostTreatment`/`lostControl` lost. */
export function withLosses(
  randomised: number,
  lostTreatment: number,
  lostControl: number
): Partial<FactsInput> {
  return {
    n_randomised_treatment: randomised,
    n_randomised_control: randomised,
    n_analysed_treatment: randomised - lostTreatment,
    n_analysed_control: randomised - lostControl,
  }
}
