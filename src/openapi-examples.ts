import { familyMediationIntervention, familyMediationProtocol } from '../trials/protocol'

// Worked examples of every request body, keyed `METHOD /path` as the OpenAPI document names them,
// by media type. Ids are placeholders of the right shape. A new route without an example fails
// test/src/openapi.test.ts.
const TRIAL = '0b5c6a2e-7d41-4f3a-9c8e-2f1d6b9a4e70'
const USER = '5f0e8d3c-2b7a-4c19-8e6d-1a9b3c7f2d40'
const COUNCIL = '9c2d4e6f-1a3b-4c5d-8e7f-0a1b2c3d4e5f'

const { owning_council: _owner, ...intervention } = familyMediationIntervention

const household = (ref: string, overrides: Record<string, string | number> = {}) => ({
  household_ref: ref,
  baseline: {
    council_area: 'leeds',
    household_type: 'single_under_25',
    age_head: 22,
    prior_presentations: 1,
    in_work: 0,
    ...overrides,
  },
})

const REQUEST_EXAMPLES: Record<string, Record<string, unknown>> = {
  'POST /admin/councils': {
    'application/json': { slug: 'northmere', code: 'E07000901', name: 'Northmere Borough Council' },
  },
  'POST /admin/users': {
    'application/json': { name: 'Housing options team', role: 'officer', council_id: COUNCIL },
  },
  'POST /admin/users/{id}/tokens': {
    'application/json': { label: 'housing options laptop', expires_at: '2027-03-31T23:59:59Z' },
  },
  'POST /admin/evaluator-grants': {
    'application/json': { user_id: USER, trial_id: TRIAL },
  },
  'POST /interventions': { 'application/json': intervention },
  'PUT /interventions/{id}': { 'application/json': intervention },
  'POST /trials': {
    'application/json': { intervention_id: USER, protocol: familyMediationProtocol },
  },
  'PUT /trials/{id}/protocol': { 'application/json': { protocol: familyMediationProtocol } },
  // The server draws the seed: registration takes no body fields.
  'POST /trials/{id}/register': { 'application/json': {} },
  'POST /trials/{id}/withdraw': {
    'application/json': {
      reason: 'The mediation service lost its funding before recruitment could start.',
    },
  },
  'POST /trials/{id}/complete-data-collection': {
    'application/json': {
      reason: 'The H-CLIC return for the last follow-up window has been received in full.',
    },
  },
  'POST /trials/{id}/amendments': {
    'application/json': {
      protocol: {
        ...familyMediationProtocol,
        timeline: { ...familyMediationProtocol.timeline, recruitment_end: '2026-09-30' },
      },
      reason: 'Recruitment extended by three months after a slow start in the summer.',
    },
  },
  'POST /trials/{id}/enrolments': {
    'application/json': household('HOC-00017'),
  },
  'POST /trials/{id}/enrolments/batch': {
    'application/json': {
      households: [
        household('HOC-00017'),
        household('HOC-00018', {
          council_area: 'wakefield',
          household_type: 'family_with_children',
          age_head: 34,
        }),
      ],
    },
  },
  'PUT /trials/{id}/households/{household}/observations': {
    'application/json': {
      values: { homeless_6m: 0, days_in_temp_accommodation: { missing: 'moved_away' } },
    },
  },
  'POST /trials/{id}/imports': {
    'text/csv':
      'household_ref,homeless_6m,homeless_6m.missing\nHOC-00017,0,\nHOC-00018,,moved_away\n',
    'application/json': {
      rows: [
        { household_ref: 'HOC-00017', homeless_6m: 0 },
        { household_ref: 'HOC-00018', homeless_6m: { missing: 'moved_away' } },
      ],
    },
  },
  'POST /trials/{id}/screening/imports': {
    'text/csv':
      'household_ref,assessed_on,reason,detail\nHOC-20931,2026-02-03,declined,\nHOC-20932,2026-02-04,other,moved out of area before referral\n',
    'application/json': {
      entries: [
        { household_ref: 'HOC-20931', assessed_on: '2026-02-03', reason: 'declined' },
        { week: '2026-W05', reason: 'not_eligible', count: 4 },
      ],
    },
  },
  'POST /trials/{id}/adherence/imports': {
    'text/csv':
      'household_ref,status,reason,date\nHOC-00017,received_as_allocated,,2026-02-10\nHOC-00018,not_received,declined the offer,2026-02-11\n',
    'application/json': {
      entries: [
        { household_ref: 'HOC-00017', status: 'received_as_allocated', date: '2026-02-10' },
        {
          household_ref: 'HOC-00018',
          status: 'not_received',
          reason: 'declined the offer',
          date: '2026-02-11',
        },
      ],
    },
  },
  'POST /trials/{id}/exclusions/imports': {
    'text/csv':
      'household_ref,reason,date\nHOC-00019,found to live outside the council area on review,2026-03-02\n',
    'application/json': {
      entries: [
        {
          household_ref: 'HOC-00019',
          reason: 'found to live outside the council area on review',
          date: '2026-03-02',
        },
      ],
    },
  },
  'POST /trials/{id}/report/publish': { 'application/json': { acknowledge_missing: false } },
  'POST /trials/{id}/diagnosis': {
    'application/json': { effect: -0.1, simulations: 500, households: 1100 },
  },
  'POST /trials/{id}/analyses/exploratory': {
    'application/json': {
      analyses: [
        {
          name: 'days_ols_by_stratum',
          spec: {
            estimator: 'ols',
            outcome: 'days_in_temp_accommodation',
            treatment: 'arm',
            treatment_arm: 'family_mediation',
            control_arm: 'usual_care',
            covariates: ['age_head', 'prior_presentations'],
            blocks: 'stratum',
            se_type: 'HC2',
          },
        },
      ],
    },
  },
  'POST /trials/{id}/ratings': {
    'application/json': {
      declared: {
        outcome_source: 'administrative',
        outcome_measurement_blind: true,
        threats: [{ type: 'contamination', severity: 'moderate' }],
      },
    },
  },
  'POST /trials/{id}/ratings/{ratingId}/decisions': {
    'application/json': {
      scheme: 'eef_padlocks',
      action: 'override',
      level: 3,
      reason:
        'Attrition was reviewed against the H-CLIC extract: the two late returns were data lags, not losses.',
    },
  },
}

type Operation = {
  requestBody?: { content?: Record<string, { example?: unknown; examples?: unknown }> }
}

/**
 * Puts the worked example of each request body into the OpenAPI document, for every media type
 * that has none of its own (a schema may already carry one).
 */
export function withRequestExamples<D extends { paths?: Record<string, unknown> }>(doc: D): D {
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, operation] of Object.entries(item as Record<string, Operation>)) {
      const content = operation?.requestBody?.content
      if (!content) continue
      const examples = REQUEST_EXAMPLES[`${method.toUpperCase()} ${path}`] ?? {}
      for (const [type, media] of Object.entries(content))
        if (media.example === undefined && media.examples === undefined && type in examples)
          media.example = examples[type]
    }
  }
  return doc
}
