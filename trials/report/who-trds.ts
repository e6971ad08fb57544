import type { Protocol } from '../protocol/schema'
import { armLabel } from './consort-flow'
import type { WhoTrds } from './who-trds-schema'

/**
 * What the WHO Trial Registration Data Set export is built from.
 *
 * @example
 * const input: WhoTrdsInput = { protocol, trialId: 't', registryUrl: 'https://example.org/registry/t', registeredAt: '2026-01-05', status: 'recruiting', firstEnrolment: '2026-01-12', enrolled: 120, closedAt: null, intervention: { name: 'Family mediation', description: '...', owning_council: 'Leeds City Council' }, council: 'Leeds City Council', resultsUrl: null, resultsSummary: null, protocolVersion: 1, protocolHash: 'ab…' }
 */
export interface WhoTrdsInput {
  protocol: Protocol
  trialId: string
  registryUrl: string
  registeredAt: string | null
  status: string
  firstEnrolment: string | null
  enrolled: number
  closedAt: string | null
  intervention: { name: string; description: string; owning_council: string } | null
  council: string
  resultsUrl: string | null
  resultsSummary: string | null
  protocolVersion: number
  protocolHash: string | null
}

/**
 * Recruitment status in the WHO vocabulary.
 *
 * @example
 * whoRecruitmentStatus('recruiting') // 'Recruiting'
 */
export function whoRecruitmentStatus(status: string): string {
  switch (status) {
    case 'draft':
    case 'registered':
      return 'Pending'
    case 'recruiting':
      return 'Recruiting'
    case 'withdrawn':
      return 'Withdrawn'
    default:
      return 'Not recruiting'
  }
}

/** Item 21 in the WHO wording: status (Approved, Pending, Not approved) with date and committee. */
function ethicsValue(e: NonNullable<Protocol['ethics_review']>) {
  return {
    status: { approved: 'Approved', pending: 'Pending', not_required: 'Not required' }[e.status],
    ...(e.approval_date ? { date_of_approval: e.approval_date } : {}),
    ...(e.committee ? { committee: e.committee } : {}),
    ...(e.reference ? { reference: e.reference } : {}),
    ...(e.reason ? { reason_not_required: e.reason } : {}),
  }
}

/**
 * The registration as the 24 items of the WHO Trial Registration Data Set (version 1.3.1, WHO
 * International Clinical Trials Registry Platform), so that a council can lodge it with a primary
 * registry (ISRCTN, ClinicalTrials.gov). Each item is `{ item, name, value }`; a value the trial
 * record does not hold is null with a `note` saying what to supply.
 *
 * @example
 * whoTrds(input).items.find((i) => i.item === 9)?.value // the public title
 */
export function whoTrds(input: WhoTrdsInput): WhoTrds {
  const p = input.protocol
  const outcomeOf = (o: Protocol['primary_outcome']) => ({
    name: o.label,
    metric: o.definition,
    time_points: o.time_point.label,
  })
  const countries = [
    ...new Set(
      p.councils.map(
        (c) =>
          ({
            E: 'United Kingdom (England)',
            W: 'United Kingdom (Wales)',
            S: 'United Kingdom (Scotland)',
            N: 'United Kingdom (Northern Ireland)',
          })[c.code[0] as 'E'] ?? 'United Kingdom'
      )
    ),
  ]
  const supply = (note: string) => ({ value: null, note })
  const items: WhoTrds['items'] = [
    {
      item: 1,
      name: 'Primary Registry and Trial Identifying Number',
      value: { registry: 'trialworks registry', id: input.trialId, url: input.registryUrl },
    },
    { item: 2, name: 'Date of Registration in Primary Registry', value: input.registeredAt },
    {
      item: 3,
      name: 'Secondary Identifying Numbers',
      value: [
        {
          issuer: 'trialworks protocol hash (SHA-256 of the canonical protocol)',
          id: input.protocolHash,
          version: input.protocolVersion,
        },
      ],
    },
    {
      item: 4,
      name: 'Source(s) of Monetary or Material Support',
      ...(p.funding
        ? { value: p.funding.map((f) => ({ name: f.name, support: f.support })) }
        : supply('name the funders in the protocol (/funding)')),
    },
    { item: 5, name: 'Primary Sponsor', value: input.council },
    {
      item: 6,
      name: 'Secondary Sponsor(s)',
      value: p.councils.map((c) => c.name).filter((n) => n !== input.council),
    },
    {
      item: 7,
      name: 'Contact for Public Queries',
      ...(p.contacts?.public
        ? { value: p.contacts.public }
        : supply(
            `a role and its mailbox at ${input.council} in the protocol (/contacts/public); trialworks stores no personal contact details`
          )),
    },
    {
      item: 8,
      name: 'Contact for Scientific Queries',
      ...(p.contacts?.scientific
        ? { value: p.contacts.scientific }
        : supply(
            'the evaluation lead as a role, organisation and mailbox in the protocol (/contacts/scientific)'
          )),
    },
    { item: 9, name: 'Public Title', value: p.summary.split(/(?<=\.)\s/)[0] },
    { item: 10, name: 'Scientific Title', value: p.title },
    { item: 11, name: 'Countries of Recruitment', value: countries },
    {
      item: 12,
      name: 'Health Condition(s) or Problem(s) Studied',
      value: `Homelessness and the threat of homelessness (${p.eligibility.inclusion[0]})`,
    },
    {
      item: 13,
      name: 'Intervention(s)',
      value: p.arms.map((a) => ({
        name: armLabel(a.name),
        type: a.control ? 'comparator' : 'intervention',
        description:
          a.description +
          (!a.control && input.intervention
            ? ` (${input.intervention.name}: ${input.intervention.description})`
            : ''),
      })),
    },
    {
      item: 14,
      name: 'Key Inclusion and Exclusion Criteria',
      value: {
        inclusion: p.eligibility.inclusion,
        exclusion: p.eligibility.exclusion,
        ages: 'as stated in the inclusion criteria',
        sexes: 'all',
      },
    },
    {
      item: 15,
      name: 'Study Type',
      value: {
        type: 'interventional',
        allocation: 'randomised',
        intervention_model:
          p.unit_of_randomisation === 'cluster'
            ? 'cluster-randomised parallel assignment'
            : 'parallel assignment',
        masking: 'open (no masking registered)',
        primary_purpose: 'prevention',
        phase: 'not applicable',
      },
    },
    {
      item: 16,
      name: 'Date of First Enrolment',
      value: input.firstEnrolment ?? p.timeline.recruitment_start,
      note: input.firstEnrolment ? 'actual' : 'anticipated',
    },
    {
      item: 17,
      name: 'Sample Size',
      value: {
        target: p.sample_size.target_households,
        final: input.closedAt ? input.enrolled : null,
      },
    },
    { item: 18, name: 'Recruitment Status', value: whoRecruitmentStatus(input.status) },
    { item: 19, name: 'Primary Outcome(s)', value: [outcomeOf(p.primary_outcome)] },
    { item: 20, name: 'Key Secondary Outcomes', value: p.secondary_outcomes.map(outcomeOf) },
    {
      item: 21,
      name: 'Ethics Review',
      ...(p.ethics_review
        ? { value: ethicsValue(p.ethics_review) }
        : supply(
            'approval status, date and the approving committee, or why review is not required, in the protocol (/ethics_review)'
          )),
    },
    {
      item: 22,
      name: 'Completion Date',
      value: input.closedAt ?? p.timeline.final_outcome_date,
      note: input.closedAt ? 'recruitment closed' : 'anticipated final outcome date',
    },
    {
      item: 23,
      name: 'Summary Results',
      value: input.resultsUrl ? { url: input.resultsUrl, summary: input.resultsSummary } : null,
      ...(input.resultsUrl
        ? {}
        : { note: 'results are posted once the final registered analysis has run' }),
    },
    {
      item: 24,
      name: 'IPD Sharing Statement',
      value:
        'Individual data are pseudonymised and held by the council; the allocation export and seed, which re-derive every allocation, are public once recruitment closes.',
    },
  ]
  return {
    format: 'WHO Trial Registration Data Set 1.3.1',
    trial_id: input.trialId,
    items,
    missing: items
      .filter((i) => i.value === null)
      .map((i) => ({ item: i.item, name: i.name, note: i.note ?? null })),
  }
}
