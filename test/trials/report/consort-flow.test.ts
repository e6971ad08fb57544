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
    expect(uc.follow_up[0]).toMatchObject({ not_yet_due: 1, outstanding: 1 })
    expect(fm.analysis).toMatchObject({ analysed: 1 })
    expect(fm.analysis.excluded.reasons).toEqual([
      { reason: 'moved_away', n: 1 },
      { reason: 'no outcome recorded', n: 1 },
    ])
  })

  it('leaves a household excluded after randomisation out of the analysed count, under its arm, with the reason', () => {
    const reason = 'found to live outside the council area on review'
    const withExclusion = consortFlow({
      ...input,
      exclusions: [{ unitId: 'a', reason, date: '2026-02-01' }],
    })
    const arm = withExclusion.arms.find((a) => a.arm === 'family_mediation')!
    expect(arm.allocated).toBe(3)
    expect(arm.analysis.analysed).toBe(0)
    expect(arm.analysis.after_randomisation).toEqual({ n: 1, reasons: [{ reason, n: 1 }] })
    expect(arm.analysis.no_outcome.n).toBe(2)
    expect(arm.analysis.excluded.n).toBe(3)
    const svg = consortSvg(withExclusion)
    expect(svg).toContain('data-count="excluded_after_randomisation:family_mediation" data-n="1"')
    expect(svg).toContain('data-count="excluded_from_analysis:family_mediation" data-n="3"')
  })

  it('draws every count with presentation attributes only', () => {
    const svg = consortSvg(flow)
    expect(svg).not.toMatch(/style|<script/)
    expect(svg).toContain('data-count="assessed" data-n="14"')
    expect(svg).toContain('data-count="discontinued:family_mediation:P6M" data-n="1"')
    expect(svg).toContain('data-count="outstanding:usual_care:P6M" data-n="1"')
  })
})
