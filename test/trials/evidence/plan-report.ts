import type { PlanReport } from '../../../trials/plan'

/**
 * A planned-analysis report of the family-mediation example with hand-set numbers: 120 households
 * per arm, 12 treatment and 18 control outcomes missing, three numeric baseline covariates.
 */
export function handReport(overrides: Partial<PlanReport> = {}): PlanReport {
  const report = {
    comparisons: [
      {
        analysis: 'primary_itt',
        role: 'primary',
        arm: 'family_mediation',
        control: 'usual_care',
        spec: {
          estimator: 'lin',
          outcome: 'homeless_6m',
          treatment: 'arm',
          treatment_arm: 'family_mediation',
          control_arm: 'usual_care',
          covariates: ['age_head', 'prior_presentations'],
          se_type: 'HC2',
          alpha: 0.05,
        },
        result: {
          estimate: -0.1,
          std_error: 0.06,
          statistic: -1.67,
          df: 205,
          p_value: 0.097,
          conf_low: -0.218,
          conf_high: 0.018,
          n: 210,
        },
        error: null,
        adjusted: null,
      },
    ],
    families: [],
    balance: [
      {
        arm: 'family_mediation',
        control: 'usual_care',
        result: {
          covariates: [
            { name: 'age_head', hedges_g: 0.08, cox_index: null },
            { name: 'prior_presentations', hedges_g: -0.12, cox_index: null },
            { name: 'in_work', hedges_g: 0.05, cox_index: 0.031 },
          ],
        },
        error: null,
      },
    ],
    attrition: [
      {
        outcome: 'homeless_6m',
        arm: 'family_mediation',
        control: 'usual_care',
        result: {
          overall_attrition: 30 / 240,
          attrition_treatment: 12 / 120,
          attrition_control: 18 / 120,
          differential_attrition: 0.05,
          n_randomised: 240,
          n_analysed: 210,
        },
        error: null,
      },
    ],
    sample_ratio_mismatch: {
      arms: ['usual_care', 'family_mediation'],
      observed: [120, 120],
      expected: [120, 120],
      statistic: 0,
      df: 1,
      p_value: 1,
    },
    ...overrides,
  }
  return report as unknown as PlanReport
}
