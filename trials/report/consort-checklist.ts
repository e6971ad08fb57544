import type { Protocol } from '../protocol/schema'
import type { ConsortFlow } from './consort-flow'
import type { ChecklistItem } from './consort-checklist-schema'

export type { ChecklistItem } from './consort-checklist-schema'

/**
 * Everything the checklist is pre-filled from: the registration, the amendments, the allocation
 * ledger, the flow counted from the data, the planned analysis run, the intervention, and the
 * report details the evaluator supplied (funding, conflicts, interpretation, ...).
 *
 * @example
 * const input: ChecklistInput = { protocol, trialId: 't', registeredAt: '2026-01-05', protocolVersion: 1, amendments: [], seedRevealed: true, flow, run: null, intervention: null, details: {} }
 */
export interface ChecklistInput {
  protocol: Protocol
  trialId: string
  registryUrl?: string
  registeredAt: string | null
  protocolVersion: number
  amendments: ReadonlyArray<{
    version: number
    reason: string | null
    deviation: boolean
    at: string
  }>
  seedRevealed: boolean
  recruitingAt: string | null
  closedAt: string | null
  flow: ConsortFlow
  run: {
    id: string
    created_at: string
    interim: boolean
    comparisons: ReadonlyArray<{ analysis: string; role: string; error: unknown; result: unknown }>
    balance: boolean
  } | null
  intervention: { description?: string; delivery_cost_pence?: number } | null
  details: Partial<Record<ReportDetailKey, string>>
}

/**
 * Parts of a report only its authors can write; each answers a CONSORT 2025 item.
 *
 * @example
 * const key: ReportDetailKey = 'funding'
 */
export type ReportDetailKey = (typeof REPORT_DETAIL_KEYS)[number]
/** @example REPORT_DETAIL_KEYS.includes('funding') // true */
export const REPORT_DETAIL_KEYS = [
  'funding',
  'conflicts_of_interest',
  'data_sharing',
  'background',
  'public_involvement',
  'setting',
  'harms_assessment',
  'allocation_concealment',
  'blinding',
  'concomitant_care',
  'fidelity',
  'interpretation',
  'limitations',
  'why_ended',
] as const

type Answer = Pick<ChecklistItem, 'status' | 'where' | 'detail'>
const answered = (where: string, detail: string): Answer => ({ status: 'answered', where, detail })
const missing = (detail: string): Answer => ({ status: 'missing', where: null, detail })
const notApplicable = (detail: string): Answer => ({
  status: 'not_applicable',
  where: null,
  detail,
})
const fromDetails = (input: ChecklistInput, key: ReportDetailKey, ask: string): Answer => {
  const text = input.details[key]
  return text
    ? answered(`report details: ${key}`, text)
    : missing(`${ask} (report details: ${key})`)
}

/**
 * The CONSORT 2025 checklist (Hopewell S et al. CONSORT 2025 statement: updated guideline for
 * reporting randomised trials. BMJ 2025;389:e081123), pre-filled: each item says where in the
 * trial's record it is answered (protocol field, registration, amendments, allocation ledger, flow,
 * analysis run, intervention record, report details) or that it is missing and what would answer
 * it. Discussion items and others only the authors can write come from the report details.
 *
 * @example
 * consortChecklist(input).filter((i) => i.status === 'missing').map((i) => i.item)
 */
export function consortChecklist(input: ChecklistInput): ChecklistItem[] {
  const p = input.protocol
  const flow = input.flow
  const run = input.run
  const control = p.arms.find((a) => a.control)
  const ratio = p.randomisation.arms.map((a) => a.ratio).join(':')
  const deviations = input.amendments.filter((a) => a.deviation)
  const primary = run?.comparisons.find((c) => c.role === 'primary')
  const secondary = run?.comparisons.filter((c) => c.role === 'secondary') ?? []
  const ancillary =
    run?.comparisons.filter((c) => c.role !== 'primary' && c.role !== 'secondary') ?? []
  const received = flow.arms.map(
    (a) =>
      `${a.arm}: ${a.received} received, ${a.not_received.n} not as allocated, ${a.adherence_not_recorded} not recorded`
  )
  const adherenceRecorded = flow.arms.some((a) => a.adherence_not_recorded < a.allocated)
  const harms = p.harms
  const runWhere = run ? `analysis run ${run.id}${run.interim ? ' (interim)' : ''}` : null
  const items: Array<[string, string, string, string, Answer]> = [
    [
      '1a',
      'Title and abstract',
      'Title',
      'Identification as a randomised trial',
      /random/i.test(p.title)
        ? answered('protocol /title', p.title)
        : missing('the registered title does not say the trial is randomised'),
    ],
    [
      '1b',
      'Title and abstract',
      'Abstract',
      'Structured summary of the trial design, methods, results and conclusions',
      run
        ? answered(
            'protocol /summary and the practitioner summary',
            'summary, design and results are generated from the registration and the analysis run'
          )
        : missing('no planned analysis run yet: results cannot be summarised'),
    ],
    [
      '2',
      'Open science',
      'Trial registration',
      'Name of trial registry, identifying number (with URL) and date of registration',
      input.registeredAt
        ? answered(
            'registration record',
            `trialworks registry, ${input.trialId}${input.registryUrl ? ` (${input.registryUrl})` : ''}, registered ${input.registeredAt}`
          )
        : missing('the trial is not registered'),
    ],
    [
      '3',
      'Open science',
      'Protocol and statistical analysis plan',
      'Where the trial protocol and statistical analysis plan can be accessed',
      input.registeredAt
        ? answered(
            'registration record and SPIRIT protocol document',
            `protocol version ${input.protocolVersion} with its analysis plan, locked by its SHA-256 hash`
          )
        : missing('the protocol is not registered'),
    ],
    [
      '4',
      'Open science',
      'Data sharing',
      'Where and how de-identified participant data, statistical code and other materials can be accessed',
      input.details.data_sharing
        ? answered('report details: data_sharing', input.details.data_sharing)
        : input.seedRevealed
          ? answered(
              'allocation export, dataset export and engine version',
              'the allocation export and seed re-derive every allocation; the pseudonymised dataset and engine version reproduce every number (access by the council)'
            )
          : missing('state how data and code can be accessed (report details: data_sharing)'),
    ],
    [
      '5a',
      'Open science',
      'Funding',
      'Sources of funding and other support, and role of funders',
      input.details.funding || !p.funding
        ? fromDetails(
            input,
            'funding',
            'name the funders and their role, in the protocol (/funding) or the report details'
          )
        : answered(
            'protocol /funding',
            p.funding
              .map((f) => `${f.name} (${f.support})${f.role ? `: ${f.role}` : ''}`)
              .join('; ')
          ),
    ],
    [
      '5b',
      'Open science',
      'Conflicts of interest',
      'Financial and other conflicts of interest of the authors',
      fromDetails(input, 'conflicts_of_interest', 'declare conflicts of interest'),
    ],
    [
      '6',
      'Introduction',
      'Background and rationale',
      'Scientific background and rationale',
      input.details.background
        ? answered('report details: background', input.details.background)
        : input.intervention?.description
          ? answered(
              'intervention record: theory of change',
              'the registered intervention states its theory of change'
            )
          : missing('give the background and rationale (report details: background)'),
    ],
    [
      '7',
      'Introduction',
      'Objectives',
      'Specific objectives related to benefits and harms',
      answered('protocol /hypotheses', p.hypotheses.map((h) => h.statement).join('; ')),
    ],
    [
      '8',
      'Methods',
      'Patient and public involvement',
      'Details of public involvement in the design, conduct and reporting',
      fromDetails(
        input,
        'public_involvement',
        'describe how residents or people with lived experience were involved'
      ),
    ],
    [
      '9',
      'Methods',
      'Trial design',
      'Type of trial, allocation ratio and framework',
      answered(
        'protocol /unit_of_randomisation, /randomisation',
        `parallel-group ${p.unit_of_randomisation === 'cluster' ? 'cluster-' : ''}randomised superiority trial, ${p.arms.length} arms, allocation ratio ${ratio}${p.waitlist ? '; waitlist design: the control arm is offered the intervention after the primary outcome window' : ''}`
      ),
    ],
    [
      '10',
      'Methods',
      'Changes to protocol',
      'Important changes after the trial commenced, with reasons',
      input.amendments.length
        ? answered(
            'amendments (protocol versions)',
            input.amendments
              .map(
                (a) =>
                  `version ${a.version}${a.deviation ? ' (deviation)' : ''}: ${a.reason ?? 'no reason given'}`
              )
              .join('; ')
          )
        : answered('amendments (protocol versions)', 'no amendment after registration'),
    ],
    [
      '11',
      'Methods',
      'Trial setting',
      'Settings and locations where the trial was conducted',
      input.details.setting
        ? answered('report details: setting', input.details.setting)
        : answered(
            'protocol /councils',
            `housing options services of ${p.councils.map((c) => c.name).join(', ')}`
          ),
    ],
    [
      '12a',
      'Methods',
      'Eligibility',
      'Eligibility criteria for participants',
      answered(
        'protocol /eligibility',
        `${p.eligibility.inclusion.length} inclusion and ${p.eligibility.exclusion.length} exclusion criteria`
      ),
    ],
    [
      '12b',
      'Methods',
      'Eligibility',
      'Eligibility criteria for sites and those delivering the interventions',
      p.unit_of_randomisation === 'cluster'
        ? missing('state the criteria for clusters and deliverers (report details: setting)')
        : notApplicable('households were randomised individually'),
    ],
    [
      '13',
      'Methods',
      'Interventions',
      'Intervention and comparator in enough detail to allow replication',
      answered(
        'protocol /arms and intervention record',
        p.arms.map((a) => `${a.name}: ${a.description}`).join('; ')
      ),
    ],
    [
      '14',
      'Methods',
      'Outcomes',
      'Prespecified primary and secondary outcomes: measurement, metric, aggregation and time point',
      answered(
        'protocol /primary_outcome, /secondary_outcomes',
        [p.primary_outcome, ...p.secondary_outcomes]
          .map((o) => `${o.label} (${o.type}, ${o.time_point.label})`)
          .join('; ')
      ),
    ],
    [
      '15',
      'Methods',
      'Harms',
      'How harms were defined and assessed',
      harms
        ? answered('protocol /harms', harms.definition)
        : fromDetails(
            input,
            'harms_assessment',
            'no harms were registered: say how unintended effects were looked for'
          ),
    ],
    [
      '16a',
      'Methods',
      'Sample size',
      'How sample size was determined, with all assumptions',
      answered(
        'protocol /sample_size',
        `target ${p.sample_size.target_households} households; alpha ${p.sample_size.power_calculation.alpha}, power ${p.sample_size.power_calculation.power}, MDES ${p.sample_size.power_calculation.mdes}${p.sample_size.power_calculation.notes ? ` (${p.sample_size.power_calculation.notes})` : ''}`
      ),
    ],
    [
      '16b',
      'Methods',
      'Interim analyses',
      'Interim analyses and stopping guidelines',
      answered(
        'lifecycle',
        'analyses run before data collection is complete are labelled interim and feed neither ratings nor pooled evidence; no stopping rule was registered'
      ),
    ],
    [
      '17a',
      'Methods',
      'Sequence generation',
      'Who generated the allocation sequence and the method',
      answered(
        'allocation ledger',
        `generated by trialworks from a 256-bit seed committed by its SHA-256 hash at registration${input.seedRevealed ? ' and revealed at close' : ''}; method ${p.randomisation.method}`
      ),
    ],
    [
      '17b',
      'Methods',
      'Type of randomisation',
      'Type of randomisation and any restriction (stratification, blocking, block size)',
      answered(
        'protocol /randomisation',
        `${p.randomisation.method}${p.randomisation.strata?.length ? `, stratified by ${p.randomisation.strata.join(' and ')}` : ''}${p.randomisation.block_sizes ? `, blocks of ${p.randomisation.block_sizes.join(' or ')}` : ''}`
      ),
    ],
    [
      '18',
      'Methods',
      'Allocation concealment',
      'Mechanism used to implement the allocation sequence',
      input.details.allocation_concealment
        ? answered('report details: allocation_concealment', input.details.allocation_concealment)
        : answered(
            'enrolment records',
            'the arm is computed by the server and returned only after the household is enrolled and committed; enrolments cannot be changed'
          ),
    ],
    [
      '19',
      'Methods',
      'Implementation',
      'Whether those enrolling and assigning had access to the sequence',
      answered(
        'allocation ledger',
        'the seed was secret until recruitment closed; officers enrolled households without access to the sequence'
      ),
    ],
    [
      '20a',
      'Methods',
      'Blinding',
      'Who was blinded after assignment',
      fromDetails(
        input,
        'blinding',
        'say who knew the allocation (households, caseworkers, outcome assessors)'
      ),
    ],
    [
      '20b',
      'Methods',
      'Blinding',
      'If blinded, how, and similarity of interventions',
      input.details.blinding
        ? answered('report details: blinding', input.details.blinding)
        : notApplicable('no blinding reported'),
    ],
    [
      '21a',
      'Methods',
      'Statistical methods',
      'Methods used to compare groups for primary and secondary outcomes, including harms',
      answered(
        'protocol /analysis_plan',
        p.analysis_plan.analyses
          .filter((a) => a.role === 'primary' || a.role === 'secondary')
          .map((a) => `${a.name}: ${a.spec.estimator}`)
          .join('; ')
      ),
    ],
    [
      '21b',
      'Methods',
      'Analysis population',
      'Who is included in each analysis, and in which group',
      answered(
        'protocol /analysis_plan',
        'intention to treat: every randomised household in its allocated arm, with the outcome recorded'
      ),
    ],
    [
      '21c',
      'Methods',
      'Missing data',
      'How missing data were handled',
      answered(
        'analysis run attrition',
        'complete-case analysis; missing outcomes are recorded with their reason and attrition is reported overall and by arm'
      ),
    ],
    [
      '21d',
      'Methods',
      'Additional analyses',
      'Methods for additional analyses, prespecified or post hoc',
      answered(
        'protocol /analysis_plan',
        p.analysis_plan.analyses
          .filter((a) => a.role !== 'primary' && a.role !== 'secondary')
          .map((a) => `${a.name} (${a.role}, prespecified)`)
          .join('; ') || 'none prespecified; exploratory analyses are labelled so'
      ),
    ],
    [
      '22a',
      'Results',
      'Participant flow',
      'For each group, numbers randomised, receiving the intended intervention and analysed for the primary outcome',
      adherenceRecorded
        ? answered(
            'CONSORT flow diagram (screening log, enrolments, adherence, outcomes)',
            received.join('; ')
          )
        : missing(
            'record adherence (received the allocated intervention or not) for enrolled households'
          ),
    ],
    [
      '22b',
      'Results',
      'Losses and exclusions',
      'For each group, losses and exclusions after randomisation, with reasons',
      answered(
        'CONSORT flow diagram (outcome missing reasons)',
        flow.arms
          .map(
            (a) =>
              `${a.arm}: ${a.analysis.excluded.n} not analysed (${a.analysis.excluded.reasons.map((r) => `${r.reason} ${r.n}`).join(', ') || 'none'})`
          )
          .join('; ')
      ),
    ],
    [
      '23a',
      'Results',
      'Recruitment',
      'Dates defining the periods of recruitment and follow-up',
      input.recruitingAt
        ? answered(
            'trial record (recruitment dates) and protocol /timeline',
            `recruitment from ${input.recruitingAt}${input.closedAt ? ` to ${input.closedAt}` : ' (ongoing)'}; final outcome date ${p.timeline.final_outcome_date}`
          )
        : missing('recruitment has not started'),
    ],
    [
      '23b',
      'Results',
      'Why the trial ended',
      'Why the trial ended or was stopped',
      input.details.why_ended
        ? answered('report details: why_ended', input.details.why_ended)
        : input.closedAt
          ? answered('trial record', `recruitment closed on ${input.closedAt}`)
          : missing('the trial has not ended'),
    ],
    [
      '24a',
      'Results',
      'Intervention delivery',
      'Intervention and comparator as actually administered, adherence and fidelity',
      adherenceRecorded
        ? answered(
            'adherence records',
            received.join('; ') +
              (input.details.fidelity ? `; fidelity: ${input.details.fidelity}` : '')
          )
        : missing('record adherence for enrolled households'),
    ],
    [
      '24b',
      'Results',
      'Concomitant care',
      'Concomitant care received during the trial by each group',
      fromDetails(input, 'concomitant_care', 'describe other services households received'),
    ],
    [
      '25',
      'Results',
      'Baseline data',
      'A table of baseline characteristics for each group',
      flow.randomised > 0 && p.covariates.length
        ? answered(
            'trial report: baseline table',
            `${p.covariates.length} characteristics by arm from the enrolment records`
          )
        : missing('no households or no baseline characteristics'),
    ],
    [
      '26',
      'Results',
      'Outcomes and estimation',
      'For each outcome and group: numbers analysed, results, effect size and precision; absolute and relative effects for binary outcomes',
      primary && !primary.error
        ? answered(
            runWhere!,
            `primary and ${secondary.length} secondary comparison(s) with 95% confidence intervals`
          )
        : run
          ? missing(`the primary comparison could not be estimated in ${runWhere}`)
          : missing('run the registered analysis'),
    ],
    [
      '27',
      'Results',
      'Harms',
      'All harms or unintended effects in each group',
      harms
        ? run
          ? answered(
              runWhere!,
              `registered harm outcomes: ${harms.outcomes.join(', ') || 'described in words'}`
            )
          : missing('run the registered analysis')
        : fromDetails(
            input,
            'harms_assessment',
            'no harms were registered: report any unintended effects'
          ),
    ],
    [
      '28',
      'Results',
      'Ancillary analyses',
      'Any other analyses, prespecified or post hoc',
      run
        ? answered(
            runWhere!,
            ancillary.length
              ? ancillary.map((c) => `${c.analysis} (${c.role})`).join(', ')
              : 'no other planned analyses'
          )
        : missing('run the registered analysis'),
    ],
    [
      '29',
      'Discussion',
      'Interpretation',
      'Interpretation consistent with results, balancing benefits and harms',
      fromDetails(input, 'interpretation', 'write the interpretation'),
    ],
    [
      '30',
      'Discussion',
      'Limitations',
      'Limitations: sources of bias, imprecision, generalisability, multiplicity',
      fromDetails(input, 'limitations', 'write the limitations'),
    ],
  ]
  void control
  return items.map(([item, section, topic, requirement, answer]) => ({
    item,
    section,
    topic,
    requirement,
    ...answer,
  }))
}
