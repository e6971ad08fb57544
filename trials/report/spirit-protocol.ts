import type { Protocol } from '../protocol/schema'
import { armLabel } from './consort-flow'

/**
 * One topic of the protocol document: its text (paragraphs or a list) and where it comes from.
 *
 * @example
 * const t: SpiritTopic = { topic: 'Eligibility criteria', paragraphs: [], list: ['Owed a prevention duty'], source: 'protocol /eligibility' }
 */
export interface SpiritTopic {
  topic: string
  paragraphs: string[]
  list: string[]
  source: string
  /** Not held by the trial record: to be written before lodging. */
  missing: boolean
}

/**
 * What the SPIRIT-ordered document is built from.
 *
 * @example
 * const input: SpiritInput = { protocol, trialId: 't', registryUrl: '...', registeredAt: '2026-01-05', protocolVersion: 1, protocolHash: 'ab…', council: 'Leeds City Council', intervention: null, amendments: [] }
 */
export interface SpiritInput {
  protocol: Protocol
  trialId: string
  registryUrl: string
  registeredAt: string | null
  protocolVersion: number
  protocolHash: string | null
  council: string
  intervention: {
    name: string
    description: string
    theory_of_change: string
    delivery_cost_pence: number
  } | null
  amendments: ReadonlyArray<{
    version: number
    reason: string | null
    deviation: boolean
    at: string
  }>
}

const t = (
  topic: string,
  source: string,
  paragraphs: string[],
  list: string[] = []
): SpiritTopic => ({ topic, source, paragraphs, list, missing: false })
const gap = (topic: string, what: string): SpiritTopic => ({
  topic,
  source: 'not held by the trial record',
  paragraphs: [`To be completed before lodging: ${what}.`],
  list: [],
  missing: true,
})

function ethicsSentence(e: NonNullable<Protocol['ethics_review']>): string {
  const ref = e.reference ? ` (reference ${e.reference})` : ''
  if (e.status === 'approved') return `Approved by ${e.committee} on ${e.approval_date}${ref}.`
  if (e.status === 'pending') return `Under review by ${e.committee}${ref}; not yet approved.`
  return `Ethics review is not required: ${e.reason}`
}

/**
 * The registered protocol as a document in the order of SPIRIT 2025 (Chan A-W et al. SPIRIT 2025
 * statement: updated guideline for protocols of randomised trials. BMJ 2025;389:e081477): sections
 * from administrative information and open science to ethics and dissemination, each topic filled
 * from the protocol, the intervention record and the registration, or marked as to be completed.
 *
 * @example
 * spiritProtocol(input).map((s) => s.section)[0] // 'Administrative information'
 */
export function spiritProtocol(
  input: SpiritInput
): Array<{ section: string; topics: SpiritTopic[] }> {
  const p = input.protocol
  const pc = p.sample_size.power_calculation
  const outcomes = [p.primary_outcome, ...p.secondary_outcomes]
  const ratio = p.randomisation.arms.map((a) => `${armLabel(a.name)} ${a.ratio}`).join(' : ')
  return [
    {
      section: 'Administrative information',
      topics: [
        t('Title and structured summary', 'protocol /title, /summary', [p.title, p.summary]),
        t('Protocol version', 'registration', [
          `Version ${input.protocolVersion}${input.registeredAt ? `, registered ${input.registeredAt}` : ''}; SHA-256 of the canonical protocol: ${input.protocolHash ?? 'not registered'}.`,
        ]),
        t('Roles and responsibilities', 'trial record, protocol /contacts', [
          `Sponsor: ${input.council}. Participating councils: ${p.councils.map((c) => c.name).join('; ')}.`,
          ...(['public', 'scientific'] as const).map((kind) => {
            const c = p.contacts?.[kind]
            return c
              ? `Contact for ${kind} queries: ${c.role}, ${c.organisation} (${c.email}).`
              : `Contact for ${kind} queries: to be completed before lodging (protocol /contacts/${kind}).`
          }),
        ]),
      ],
    },
    {
      section: 'Open science',
      topics: [
        t('Trial registration', 'registration', [
          `trialworks registry ${input.trialId} (${input.registryUrl})${input.registeredAt ? `, registered ${input.registeredAt}` : ''}.`,
        ]),
        t('Protocol and statistical analysis plan', 'registration', [
          'The complete protocol, including the executable statistical analysis plan, is the registered JSON record; this document is generated from it.',
        ]),
        t('Data sharing', 'registration', [
          'The allocation export and the randomisation seed (revealed when recruitment closes) let anyone re-derive every allocation; household data are pseudonymised and held by the council.',
        ]),
        p.funding
          ? t(
              'Funding and conflicts of interest',
              'protocol /funding',
              ['Conflicts of interest: to be declared by the authors before lodging.'],
              p.funding.map((f) => `${f.name} (${f.support} support)${f.role ? `: ${f.role}` : ''}`)
            )
          : gap(
              'Funding and conflicts of interest',
              'sources of funding, the role of funders and any conflicts of interest'
            ),
        t('Dissemination policy', 'registration', [
          'Results of the registered analysis are published on the registry whatever their direction, with the CONSORT flow diagram and checklist.',
        ]),
      ],
    },
    {
      section: 'Introduction',
      topics: [
        input.intervention
          ? t('Background and rationale', 'intervention record /theory_of_change', [
              input.intervention.theory_of_change,
            ])
          : gap('Background and rationale', 'the background and the theory of change'),
        t(
          'Objectives',
          'protocol /hypotheses',
          [],
          p.hypotheses.map((h) => `${h.statement} (expected direction: ${h.direction})`)
        ),
      ],
    },
    {
      section: 'Methods: public involvement and trial design',
      topics: [
        gap(
          'Patient and public involvement',
          'how people with lived experience of homelessness were involved'
        ),
        t('Trial design', 'protocol /unit_of_randomisation, /randomisation', [
          `Parallel-group, ${p.unit_of_randomisation === 'cluster' ? `cluster-randomised (clusters: ${p.cluster_type ?? 'other'})` : 'individually randomised'} superiority trial with ${p.arms.length} arms; allocation ratio ${ratio}.`,
          ...(p.waitlist
            ? [
                `Waitlist design: ${p.waitlist.description} The control arm is offered the intervention after the primary outcome window (${p.primary_outcome.time_point.label}${p.waitlist.delay_after_window ? ` plus ${p.waitlist.delay_after_window}` : ''}).`,
              ]
            : []),
        ]),
      ],
    },
    {
      section: 'Methods: participants, interventions and outcomes',
      topics: [
        t('Trial setting', 'protocol /councils', [
          `Housing options services of ${p.councils.map((c) => `${c.name} (${c.code})`).join(', ')}.`,
        ]),
        t(
          'Eligibility criteria',
          'protocol /eligibility',
          [],
          [
            ...p.eligibility.inclusion.map((x) => `Inclusion: ${x}`),
            ...p.eligibility.exclusion.map((x) => `Exclusion: ${x}`),
          ]
        ),
        t(
          'Interventions and comparator',
          'protocol /arms, intervention record',
          input.intervention
            ? [
                `${input.intervention.name}: ${input.intervention.description}`,
                `Registered marginal delivery cost: ${input.intervention.delivery_cost_pence} pence per household.`,
              ]
            : [],
          p.arms.map((a) => `${armLabel(a.name)}${a.control ? ' (control)' : ''}: ${a.description}`)
        ),
        t(
          'Outcomes',
          'protocol /primary_outcome, /secondary_outcomes',
          [],
          outcomes.map(
            (o, i) =>
              `${i === 0 ? 'Primary' : 'Secondary'}: ${o.label}. ${o.definition} Type ${o.type}, unit ${o.unit}; ${o.time_point.label}; source: ${o.data_source}.`
          )
        ),
        p.harms
          ? t(
              'Harms',
              'protocol /harms',
              [p.harms.definition, `Assessment: ${p.harms.assessment.replace('_', '-')}.`],
              p.harms.outcomes
            )
          : gap('Harms', 'how harms and unintended effects will be defined and assessed'),
        t('Participant timeline', 'protocol /timeline, time points', [
          `Recruitment ${p.timeline.recruitment_start} to ${p.timeline.recruitment_end}; outcomes measured ${[...new Set(outcomes.map((o) => o.time_point.label))].join('; ')}; final outcome date ${p.timeline.final_outcome_date}.`,
        ]),
        t('Sample size', 'protocol /sample_size', [
          `Target ${p.sample_size.target_households} households${p.sample_size.target_clusters ? ` in ${p.sample_size.target_clusters} clusters` : ''}: alpha ${pc.alpha} (${pc.alternative}), power ${pc.power}, minimum detectable effect size ${pc.mdes}${pc.control_proportion !== undefined ? `, control proportion ${pc.control_proportion}` : ''}${pc.expected_attrition !== undefined ? `, expected attrition ${pc.expected_attrition}` : ''}${pc.icc !== undefined ? `, ICC ${pc.icc}` : ''}.`,
          ...(pc.notes ? [pc.notes] : []),
        ]),
        t('Recruitment', 'protocol /timeline', [
          `Households are recruited as they present to the housing options service between ${p.timeline.recruitment_start} and ${p.timeline.recruitment_end}; those assessed and not randomised are recorded in the screening log with the reason.`,
        ]),
      ],
    },
    {
      section: 'Methods: assignment of interventions',
      topics: [
        t('Sequence generation', 'protocol /randomisation, registration', [
          `Generated by trialworks from a 256-bit seed committed by its SHA-256 hash at registration and revealed when recruitment closes; method ${p.randomisation.method}.`,
        ]),
        t('Type of randomisation', 'protocol /randomisation', [
          `${p.randomisation.method}${p.randomisation.strata?.length ? `, stratified by ${p.randomisation.strata.join(' and ')}` : ''}${p.randomisation.block_sizes ? `, blocks of ${p.randomisation.block_sizes.join(' or ')}` : ''}.`,
        ]),
        t('Allocation concealment and implementation', 'enrolment', [
          'Officers enrol each household; the server computes the arm and returns it only after the enrolment is committed. Enrolments cannot be changed or re-allocated.',
        ]),
        gap(
          'Blinding',
          'who will know the allocation (households, caseworkers, outcome assessors)'
        ),
      ],
    },
    {
      section: 'Methods: data collection, management and analysis',
      topics: [
        t(
          'Data collection',
          'protocol /covariates, outcomes',
          [],
          p.covariates.map((c) => `${c.label} (${c.type}${c.source ? `, from ${c.source}` : ''})`)
        ),
        t('Data management', 'trialworks', [
          'Household references are pseudonymised with a council-keyed HMAC on arrival; every correction keeps the previous value, who changed it, when and why.',
        ]),
        t(
          'Statistical methods',
          'protocol /analysis_plan',
          [],
          p.analysis_plan.analyses.map(
            (a) =>
              `${a.name} (${a.role}): ${a.spec.estimator} on ${a.spec.outcome}${a.description ? `: ${a.description}` : ''}`
          )
        ),
        t('Analysis population and missing data', 'protocol /analysis_plan', [
          'Intention to treat: every randomised household in its allocated arm; complete-case analysis of recorded outcomes, with missing outcomes recorded by reason and attrition reported by arm.',
        ]),
      ],
    },
    {
      section: 'Methods: monitoring',
      topics: [
        t('Interim analyses', 'lifecycle', [
          'Analyses before data collection is complete are labelled interim and feed neither ratings nor pooled evidence. No stopping rule is registered.',
        ]),
        gap('Data monitoring and auditing', 'any data monitoring committee and audit arrangements'),
      ],
    },
    {
      section: 'Ethics and dissemination',
      topics: [
        p.ethics_review
          ? t('Research ethics approval', 'protocol /ethics_review', [
              ethicsSentence(p.ethics_review),
            ])
          : gap(
              'Research ethics approval',
              'the approving committee and date, or why review is not required'
            ),
        t(
          'Protocol amendments',
          'protocol versions',
          input.amendments.length
            ? []
            : [
                'No amendment since registration. Any amendment is a new version with a field-level diff; changes to the primary outcome or analysis after recruitment started are flagged as deviations.',
              ],
          input.amendments.map(
            (a) =>
              `Version ${a.version} (${a.at})${a.deviation ? ', a deviation' : ''}: ${a.reason ?? 'no reason given'}`
          )
        ),
        t('Consent', 'protocol /eligibility', [
          p.eligibility.inclusion.find((x) => /consent/i.test(x)) ??
            'Consent arrangements are not stated in the eligibility criteria.',
        ]),
        t('Confidentiality', 'trialworks', [
          'No names or raw case references are stored; households are identified by council-keyed pseudonyms.',
        ]),
        t('Dissemination plans', 'registration', [
          'The registered analysis, the CONSORT flow diagram and checklist, and a practitioner summary are published on the registry.',
        ]),
      ],
    },
  ]
}
