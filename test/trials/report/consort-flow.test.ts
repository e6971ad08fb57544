import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { consortFlow, consortSvg, type FlowInput } from '../../../trials/report'

const enrolled = new Date('2026-01-10T10:00:00Z')
const unit = (id: string, arm: string) => ({ id, arm, enrolledAt: enrolled })
const input: FlowInput = {
  protocol: familyMediationProtocol,
  // Six months after 2026-01-10 is 2026-07-10.
  asOf: new Date('2026-08-01T00:00:00Z'),
  screening: [
    { reason: 'not_eligible', count: 7, detail: null },
    { reason: 'other', count: 2, detail: 'moved out of the area' },
  ],
  units: [
    unit('a', 'family_mediation'),
    unit('b', 'family_mediation'),
    unit('c', 'family_mediation'),
    unit('d', 'usual_care'),
    unit('e', 'usual_care'),
  ],
  adherence: [
    { unitId: 'a', status: 'received_as_allocated', reason: null, date: '2026-01-20' },
    // Discontinued before the 6-month time point, and after it: only the first counts there.
    {
      unitId: 'b',
      status: 'discontinued',
      reason: 'stopped after one session',
      date: '2026-02-01',
    },
    { unitId: 'c', status: 'discontinued', reason: 'stopped late', date: '2026-07-20' },
    { unitId: 'd', status: 'received_though_control', reason: 'self-referred', date: '2026-01-15' },
  ],
  observations: [
    { unitId: 'a', variable: 'homeless_6m', missingReason: null },
    { unitId: 'b', variable: 'homeless_6m', missingReason: 'moved_away' },
    { unitId: 'd', variable: 'homeless_6m', missingReason: 'not_yet_due' },
  ],
}

describe('CONSORT flow', () => {
  const flow = consortFlow(input)
  const fm = flow.arms.find((a) => a.arm === 'family_mediation')!
  const uc = flow.arms.find((a) => a.arm === 'usual_care')!

  it('counts assessed as randomised plus screened, and exclusions by reason with their details', () => {
    expect(flow).toMatchObject({ assessed: 14, randomised: 5 })
    expect(flow.excluded.by_reason.map((r) => [r.reason, r.n])).toEqual([
      ['not_eligible', 7],
      ['declined', 0],
      ['other', 2],
    ])
    expect(flow.excluded.by_reason[2]!.details).toEqual([{ reason: 'moved out of the area', n: 2 }])
  })

  it('counts receipt per arm: discontinued households received it; crossovers are the control arm’s departures', () => {
    expect(fm).toMatchObject({ allocated: 3, received: 3, adherence_not_recorded: 0 })
    expect(fm.discontinued.n).toBe(2)
    expect(uc).toMatchObject({ allocated: 2, received: 0, adherence_not_recorded: 1 })
    expect(uc.not_received.reasons).toEqual([{ reason: 'self-referred', n: 1 }])
  })

  it('counts follow-up at the time point: lost by reason, discontinued by then, not yet due and outstanding', () => {
    const f = fm.follow_up[0]!
    expect(f).toMatchObject({
      offset: 'P6M',
      outcome: 'homeless_6m',
      not_yet_due: 0,
      outstanding: 1,
    })
    expect(f.lost.reasons).toEqual([{ reason: 'moved_away', n: 1 }])
    expect(f.discontinued.reasons).toEqual([{ reason: 'stopped after one session', n: 1 }])
    // Still marked not yet due once due, as follow-up progress counts it: outstanding.
    expect(uc.follow_up[0]).toMatchObject({ not_yet_due: 0, outstanding: 2 })
    expect(f).toMatchObject({
      due_from: '2026-07-10',
      due_to: '2026-07-10',
      awaiting_anchor_date: 0,
    })
    expect(fm.analysis).toMatchObject({ analysed: 1 })
    expect(fm.analysis.excluded.reasons).toEqual([
      { reason: 'moved_away', n: 1 },
      { reason: 'no outcome recorded', n: 1 },
    ])
  })

  it('leaves out of the analysis only a household found ineligible at randomisation; other exclusions stay in (ITT)', () => {
    const reason = 'found to be in temporary accommodation at referral'
    const withExclusion = consortFlow({
      ...input,
      exclusions: [
        {
          unitId: 'a',
          reason,
          date: '2026-02-01',
          criterion: 'Already in temporary accommodation at referral',
        },
        { unitId: 'b', reason: 'stopped engaging', date: '2026-02-01', criterion: null },
      ],
    })
    const arm = withExclusion.arms.find((a) => a.arm === 'family_mediation')!
    expect(arm.allocated).toBe(3)
    expect(arm.analysis.analysed).toBe(0)
    expect(arm.analysis.after_randomisation).toEqual({ n: 1, reasons: [{ reason, n: 1 }] })
    // b stays in the analysis as randomised: it is counted by its outcome (moved away), not removed.
    expect(arm.analysis.kept_in_analysis).toEqual({
      n: 1,
      reasons: [{ reason: 'stopped engaging', n: 1 }],
    })
    expect(arm.analysis.no_outcome.reasons).toEqual([
      { reason: 'moved_away', n: 1 },
      { reason: 'no outcome recorded', n: 1 },
    ])
    expect(arm.analysis.excluded.n).toBe(3)
    const svg = consortSvg(withExclusion)
    expect(svg).toContain('data-count="excluded_after_randomisation:family_mediation" data-n="1"')
    expect(svg).toContain('data-count="excluded_from_analysis:family_mediation" data-n="3"')
    expect(svg).toContain('data-count="kept_in_analysis:family_mediation" data-n="1"')
  })

  it('dates a time point anchored on another event from each household’s recorded date of it, as progress does', () => {
    const protocol = structuredClone(familyMediationProtocol)
    protocol.secondary_outcomes = [
      {
        ...protocol.primary_outcome,
        name: 'homeless_3m_release',
        label: 'Homeless within 3 months of release',
        time_point: {
          anchor: 'release_from_prison',
          offset: 'P3M',
          label: '3 months after release from prison',
        },
      },
    ]
    const released = (id: string, day: string) => ({
      ...unit(id, 'family_mediation'),
      anchorDates: { release_from_prison: new Date(`${day}T00:00:00Z`) },
    })
    const units = [
      released('a', '2026-03-01'), // due 2026-06-01: passed
      released('b', '2026-06-15'), // due 2026-09-15: not yet
      released('c', '2026-04-20'), // due 2026-07-20: passed, recorded lost
      unit('d', 'family_mediation'), // no release date recorded: cannot be dated
    ]
    const anchored: FlowInput = {
      protocol,
      asOf: new Date('2026-08-01T00:00:00Z'),
      screening: [],
      units,
      adherence: [
        // Discontinued 2026-07-01: after a's time point (06-01), before b's (09-15) and c's (07-20).
        ...['a', 'b', 'c', 'd'].map((unitId) => ({
          unitId,
          status: 'discontinued' as const,
          reason: 'stopped',
          date: '2026-07-01',
        })),
      ],
      observations: [{ unitId: 'c', variable: 'homeless_3m_release', missingReason: 'moved_away' }],
    }
    const arm = consortFlow(anchored).arms.find((x) => x.arm === 'family_mediation')!
    const f = arm.follow_up[1]!
    expect(f).toMatchObject({
      key: 'release_from_prison+P3M',
      anchor: 'release_from_prison',
      outcome: 'homeless_3m_release',
      due_from: '2026-06-01',
      due_to: '2026-09-15',
      outstanding: 1,
      not_yet_due: 2,
      awaiting_anchor_date: 1,
    })
    expect(f.lost.n).toBe(1)
    // b, c and the undated d discontinued before their time point; a after it.
    expect(f.discontinued.n).toBe(3)
    // Counted from randomisation (2026-01-10 + 6 months), every household is due at the primary.
    expect(arm.follow_up[0]).toMatchObject({ key: 'P6M', outstanding: 4, awaiting_anchor_date: 0 })
    const svg = consortSvg(consortFlow(anchored))
    expect(svg).toContain(
      'data-count="outstanding:family_mediation:release_from_prison+P3M" data-n="1"'
    )
    expect(svg).toContain(
      'data-count="awaiting_anchor_date:family_mediation:release_from_prison+P3M" data-n="1"'
    )
    expect(svg).toContain('date: due 2026-06-01 to 2026-09-15')
  })

  it('draws every count with presentation attributes only', () => {
    const svg = consortSvg(flow)
    expect(svg).not.toMatch(/style|<script/)
    expect(svg).toContain('data-count="assessed" data-n="14"')
    expect(svg).toContain('data-count="discontinued:family_mediation:P6M" data-n="1"')
    expect(svg).toContain('data-count="outstanding:usual_care:P6M" data-n="2"')
  })
})
