import type { Intervention } from '../intervention'
import type { Protocol } from '../schema'

/**
 * Example intervention: family mediation offered when a young person or family is at risk of being
 * asked to leave the family home (the most common reason for loss of last settled home among
 * single households in England). Used by the demo seed and tests.
 *
 * @example
 * interventionSchema.parse(familyMediationIntervention)
 */
export const familyMediationIntervention: Intervention = {
  name: 'Family mediation as homelessness prevention',
  category: 'mediation',
  description:
    'An accredited family mediator contacts the household within two working days of referral and offers up to six ' +
    'sessions over eight weeks, at home or at a neutral venue, with the young person and the host family. Sessions ' +
    'cover house rules, rent contributions and conflict triggers, and end with a written agreement.',
  theory_of_change:
    'Most "asked to leave by family" presentations follow escalating conflict rather than a fixed decision. Early, ' +
    'neutral mediation lowers conflict and agrees conditions for staying, so fewer hosts end the licence to occupy; ' +
    'where a move is still needed, it is planned, avoiding a relief duty and temporary accommodation.',
  delivery_cost_pence: 52_500,
  owning_council: { code: 'E08000035', name: 'Leeds City Council' },
}

/**
 * The example's stratification values: council areas and household types.
 *
 * @example
 * exampleCouncilAreas.includes('leeds') // true
 */
export const exampleCouncilAreas = ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield']
/** @example exampleHouseholdTypes[0] // 'single_under_25' */
export const exampleHouseholdTypes = ['single_under_25', 'single_25_plus', 'family_with_children']
const adjustment = ['age_head', 'prior_presentations', 'in_work']

/**
 * Example registered protocol: a two-arm, individually randomised trial of family mediation across
 * five West Yorkshire councils. Permuted blocks of 4 or 6, stratified by council area and household
 * type; primary outcome "owed a relief duty or in temporary accommodation within 6 months"
 * analysed by Lin-adjusted OLS with HC2 errors; secondary outcomes Holm-adjusted. Every default is
 * written out, so `protocolSchema.parse` returns an equal object and the protocol hash of the
 * example and of its parsed form agree.
 *
 * @example
 * validateForRegistration(familyMediationProtocol).ok // true
 */
export const familyMediationProtocol: Protocol = {
  format_version: 1,
  title:
    'Family mediation to prevent homelessness among households asked to leave by family: a randomised trial in West Yorkshire',
  summary:
    'Households at risk of being asked to leave the family home are randomised to an offer of family mediation or to ' +
    'usual housing options advice. We measure whether mediation reduces the share who are owed a relief duty or placed ' +
    'in temporary accommodation within six months.',
  intervention: { id: 'family-mediation', name: 'Family mediation as homelessness prevention' },
  councils: [
    { code: 'E08000032', name: 'City of Bradford Metropolitan District Council' },
    { code: 'E08000033', name: 'Calderdale Metropolitan Borough Council' },
    { code: 'E08000034', name: 'Kirklees Council' },
    { code: 'E08000035', name: 'Leeds City Council' },
    { code: 'E08000036', name: 'Wakefield Metropolitan District Council' },
  ],
  unit_of_randomisation: 'household',
  eligibility: {
    inclusion: [
      'Owed a prevention duty (s.195 Housing Act 1996)',
      'Main reason for threatened loss of accommodation is family or friends no longer willing to accommodate',
      'Lead applicant aged 16 or over and consents to the referral',
    ],
    exclusion: [
      'Domestic abuse or safeguarding concern that makes mediation unsafe',
      'Already in temporary accommodation at referral',
    ],
  },
  arms: [
    {
      name: 'usual_care',
      description: 'Standard housing options advice and personalised housing plan',
      control: true,
    },
    {
      name: 'family_mediation',
      description: 'Usual care plus an offer of up to six family mediation sessions',
      control: false,
    },
  ],
  randomisation: {
    method: 'stratified_permuted_block',
    arms: [
      { name: 'usual_care', ratio: 1 },
      { name: 'family_mediation', ratio: 1 },
    ],
    block_sizes: [4, 6],
    strata: ['council_area', 'household_type'],
    strata_values: { council_area: exampleCouncilAreas, household_type: exampleHouseholdTypes },
  },
  covariates: [
    {
      name: 'council_area',
      label: 'Council area',
      type: 'categorical',
      levels: exampleCouncilAreas,
      source: 'Referral record',
    },
    {
      name: 'household_type',
      label: 'Household type',
      type: 'categorical',
      levels: exampleHouseholdTypes,
      source: 'H-CLIC assessment',
    },
    {
      name: 'age_head',
      label: 'Age of lead applicant',
      type: 'continuous',
      unit: 'years',
      source: 'H-CLIC assessment',
    },
    {
      name: 'prior_presentations',
      label: 'Homelessness presentations in the previous 12 months',
      type: 'count',
      unit: 'presentations',
      source: 'Case-management system',
    },
    {
      name: 'in_work',
      label: 'Lead applicant in paid work',
      type: 'binary',
      source: 'H-CLIC assessment',
    },
  ],
  primary_outcome: {
    name: 'homeless_6m',
    label: 'Owed a relief duty or in temporary accommodation within 6 months',
    type: 'binary',
    unit: 'household',
    definition:
      '1 if, within 6 months of randomisation, the household is owed a relief duty (s.189B Housing Act 1996) or is ' +
      'placed in temporary accommodation by any participating council; 0 otherwise',
    time_point: {
      anchor: 'randomisation',
      offset: 'P6M',
      label: 'within 6 months of randomisation',
    },
    data_source: 'H-CLIC case-level return and temporary accommodation records',
  },
  secondary_outcomes: [
    {
      name: 'days_in_temp_accommodation',
      label: 'Days in temporary accommodation within 6 months',
      type: 'continuous',
      unit: 'days',
      definition:
        'Nights spent in council-arranged temporary accommodation between randomisation and 6 months',
      time_point: {
        anchor: 'randomisation',
        offset: 'P6M',
        label: 'within 6 months of randomisation',
      },
      data_source: 'Temporary accommodation records',
    },
    {
      name: 'settled_6m',
      label: 'In the family home or a settled home at 6 months',
      type: 'binary',
      unit: 'household',
      definition:
        '1 if the household lives in the family home or in accommodation expected to last 6 months or more, 6 months after randomisation',
      time_point: { anchor: 'randomisation', offset: 'P6M', label: '6 months after randomisation' },
      data_source: 'Follow-up contact by the housing options team',
    },
  ],
  process_measures: [
    {
      name: 'attended_mediation',
      label: 'Attended at least one mediation session',
      type: 'binary',
    },
  ],
  hypotheses: [
    {
      name: 'h1_homelessness',
      outcome: 'homeless_6m',
      direction: 'decrease',
      statement:
        'An offer of family mediation reduces the share of households owed a relief duty or placed in temporary accommodation within 6 months',
    },
    {
      name: 'h2_temporary_accommodation',
      outcome: 'days_in_temp_accommodation',
      direction: 'decrease',
      statement:
        'An offer of family mediation reduces days spent in temporary accommodation within 6 months',
    },
    {
      name: 'h3_settled',
      outcome: 'settled_6m',
      direction: 'increase',
      statement:
        'An offer of family mediation increases the share of households settled at 6 months',
    },
  ],
  sample_size: {
    target_households: 1100,
    power_calculation: {
      alpha: 0.05,
      power: 0.8,
      mdes: 0.18,
      alternative: 'two.sided',
      control_proportion: 0.3,
      expected_attrition: 0.1,
      notes:
        'A fall from 30% to 22% (Cohen h = 0.18) with 10% attrition; 30% is the 2023/24 rate among eligible referrals',
    },
  },
  timeline: {
    recruitment_start: '2025-05-01',
    recruitment_end: '2026-04-30',
    final_outcome_date: '2026-10-31',
  },
  analysis_plan: {
    analyses: [
      {
        name: 'primary_itt',
        role: 'primary',
        description:
          'Intention-to-treat effect on the primary outcome, Lin (2013) covariate adjustment',
        spec: {
          estimator: 'lin',
          outcome: 'homeless_6m',
          covariates: adjustment,
          se_type: 'HC2',
          alpha: 0.05,
        },
      },
      {
        name: 'primary_strata_fixed_effects',
        role: 'sensitivity',
        description: 'Primary outcome with randomisation-stratum fixed effects, as randomised',
        spec: {
          estimator: 'ols',
          outcome: 'homeless_6m',
          covariates: adjustment,
          blocks: 'stratum',
          se_type: 'HC2',
          alpha: 0.05,
        },
      },
      {
        name: 'days_in_ta',
        role: 'secondary',
        spec: {
          estimator: 'lin',
          outcome: 'days_in_temp_accommodation',
          covariates: adjustment,
          se_type: 'HC2',
          alpha: 0.05,
        },
      },
      {
        name: 'settled',
        role: 'secondary',
        spec: {
          estimator: 'lin',
          outcome: 'settled_6m',
          covariates: adjustment,
          se_type: 'HC2',
          alpha: 0.05,
        },
      },
    ],
    families: [{ name: 'secondary_outcomes', method: 'holm', analyses: ['days_in_ta', 'settled'] }],
    missing_data:
      'Complete-case analysis of each outcome; attrition reported overall and by arm; if differential attrition exceeds ' +
      '5 percentage points, Lee bounds are reported alongside the primary estimate',
  },
}
