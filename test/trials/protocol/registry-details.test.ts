import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { canonicalJson, protocolHash } from '../../../trials/protocol/canonical-json'
import { protocolSchema, type Protocol } from '../../../trials/protocol/schema'
import { validateForRegistration } from '../../../trials/protocol/validate'
import { spiritProtocol, whoTrds } from '../../../trials/report'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any
const example = (): Json => JSON.parse(JSON.stringify(familyMediationProtocol))
const details = {
  funding: [
    { name: 'Homelessness Prevention Grant', support: 'monetary', role: 'No role in the analysis' },
    { name: 'Council A Housing Options', support: 'material' },
  ],
  contacts: {
    public: {
      role: 'Housing Options trial lead',
      organisation: 'Council A',
      email: 'housing.trials@council-a.gov.uk',
    },
    scientific: {
      role: 'Evaluation lead',
      organisation: 'What Works Centre for Homelessness',
      email: 'evaluation@centre.example.org',
    },
  },
  ethics_review: {
    status: 'approved',
    committee: 'Council A Research Ethics Committee',
    approval_date: '2025-03-01',
    reference: 'REC-2025-014',
  },
}
const problems = (input: unknown) =>
  validateForRegistration(input).problems.map((p) => `${p.severity} ${p.code} ${p.path}`)

describe('registry details in the protocol (WHO TRDS items 4, 7, 8 and 21)', () => {
  it('leave the registration hash of a protocol that omits them unchanged', () => {
    // The hash of the example as registered before these fields existed.
    const parsed = protocolSchema.parse(familyMediationProtocol)
    expect(protocolHash(parsed)).toBe(
      '318eee0f74fd0f9ed2fe6e3bdc26ade95491b64678626fbc593546bb65b3686c'
    )
    expect(canonicalJson(parsed)).not.toMatch(/"funding"|"contacts"|"ethics_review"/)
    const registered = validateForRegistration(familyMediationProtocol)
    expect(registered.ok && protocolHash(registered.protocol)).toBe(protocolHash(parsed))
  })

  it('are registrable when complete, and change the hash', () => {
    const result = validateForRegistration({ ...example(), ...details })
    expect(result.problems).toEqual([])
    expect(result.ok && protocolHash(result.protocol)).not.toBe(
      protocolHash(familyMediationProtocol)
    )
  })

  it('refuse a bad mailbox, a person in place of a role, and incomplete ethics review, naming the field', () => {
    expect(
      problems({
        ...example(),
        contacts: { public: { ...details.contacts.public, email: 'not an address' } },
      })
    ).toContain('error invalid-format /contacts/public/email')
    expect(
      problems({ ...example(), contacts: { public: { name: 'A Person', email: 'a@b.org' } } })
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^error .* \/contacts\/public/)]))
    expect(problems({ ...example(), ethics_review: { status: 'approved' } })).toEqual([
      'error ethics-committee-missing /ethics_review/committee',
      'error ethics-approval-date-missing /ethics_review/approval_date',
    ])
    expect(problems({ ...example(), ethics_review: { status: 'not_required' } })).toEqual([
      'error ethics-reason-missing /ethics_review/reason',
    ])
    expect(
      problems({
        ...example(),
        ethics_review: { ...details.ethics_review, approval_date: '2025-06-01' },
      })
    ).toEqual(['warning ethics-approval-after-start /ethics_review/approval_date'])
    expect(
      problems({
        ...example(),
        funding: [
          details.funding[0],
          { name: 'homelessness prevention grant ', support: 'material' },
        ],
      })
    ).toEqual(['error duplicate-funder /funding/1/name'])
  })
})

describe('registry exports with and without the registry details', () => {
  const input = (protocol: Protocol) => ({
    protocol,
    trialId: 't1',
    registryUrl: '/registry/t1',
    registeredAt: '2025-03-20',
    status: 'recruiting',
    firstEnrolment: null,
    enrolled: 0,
    closedAt: null,
    intervention: null,
    council: 'Council A',
    resultsUrl: null,
    resultsSummary: null,
    protocolVersion: 1,
    protocolHash: 'ab',
  })
  const withDetails = protocolSchema.parse({ ...example(), ...details })
  const without = protocolSchema.parse(example())

  it('fills WHO TRDS items 4, 7, 8 and 21 from the protocol, and lists them as missing when absent', () => {
    const filled = whoTrds(input(withDetails))
    const item = (n: number) => filled.items.find((i) => i.item === n)!.value
    expect(item(4)).toEqual([
      { name: 'Homelessness Prevention Grant', support: 'monetary' },
      { name: 'Council A Housing Options', support: 'material' },
    ])
    expect(item(7)).toEqual(details.contacts.public)
    expect(item(8)).toEqual(details.contacts.scientific)
    expect(item(21)).toEqual({
      status: 'Approved',
      date_of_approval: '2025-03-01',
      committee: 'Council A Research Ethics Committee',
      reference: 'REC-2025-014',
    })
    // Item 23 waits for results either way.
    expect(filled.missing.map((m) => m.item)).toEqual([23])
    const empty = whoTrds(input(without))
    expect(empty.missing.map((m) => m.item)).toEqual([4, 7, 8, 21, 23])
    expect(empty.missing[0]!.note).toContain('/funding')
  })

  it('writes them into the SPIRIT document, and marks them to be completed when absent', () => {
    const topic = (p: Protocol, name: string) =>
      spiritProtocol({ ...input(p), council: 'Council A', amendments: [], intervention: null })
        .flatMap((s) => s.topics)
        .find((t) => t.topic === name)!
    expect(topic(withDetails, 'Research ethics approval')).toMatchObject({
      missing: false,
      paragraphs: [
        'Approved by Council A Research Ethics Committee on 2025-03-01 (reference REC-2025-014).',
      ],
    })
    expect(topic(withDetails, 'Funding and conflicts of interest').list).toEqual([
      'Homelessness Prevention Grant (monetary support): No role in the analysis',
      'Council A Housing Options (material support)',
    ])
    expect(topic(withDetails, 'Roles and responsibilities').paragraphs[1]).toBe(
      'Contact for public queries: Housing Options trial lead, Council A (housing.trials@council-a.gov.uk).'
    )
    expect(topic(without, 'Research ethics approval').missing).toBe(true)
    expect(topic(without, 'Funding and conflicts of interest').missing).toBe(true)
  })
})
