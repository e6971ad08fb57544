import { describe, expect, it } from 'vitest'
import { checkRecord, followUpProgress } from '../../../trials/data'
import { familyMediationProtocol as protocol } from '../../../trials/protocol/examples/family-mediation'

describe('followUpProgress', () => {
  const enrolled = (id: string, arm: string, stratum: string, iso: string) => ({
    id,
    arm,
    stratum,
    enrolledAt: new Date(iso),
  })
  const units = [
    enrolled('a', 'usual_care', 'leeds|single_under_25', '2025-08-31T12:00:00Z'),
    enrolled('b', 'family_mediation', 'leeds|single_under_25', '2025-09-01T12:00:00Z'),
    enrolled('c', 'family_mediation', 'wakefield|single_25_plus', '2025-10-15T12:00:00Z'),
  ]
  const observations = [
    { unitId: 'a', variable: 'homeless_6m', missingReason: null },
    { unitId: 'c', variable: 'homeless_6m', missingReason: 'not_yet_due' },
    { unitId: 'b', variable: 'attended_mediation', missingReason: null },
  ]

  it('counts by arm and stratum against the target', () => {
    const p = followUpProgress(protocol, units, observations, new Date('2026-03-01T00:00:00Z'))
    expect(p).toMatchObject({ enrolled: 3, target: 1100 })
    expect(p.byArm).toEqual([
      { arm: 'usual_care', enrolled: 1 },
      { arm: 'family_mediation', enrolled: 2 },
    ])
    expect(p.byStratum).toEqual([
      {
        stratum: 'leeds|single_under_25',
        enrolled: 2,
        byArm: { usual_care: 1, family_mediation: 1 },
      },
      {
        stratum: 'wakefield|single_25_plus',
        enrolled: 1,
        byArm: { usual_care: 0, family_mediation: 1 },
      },
    ])
  })

  it('makes a 6-month outcome due at the clamped calendar date, and process measures due at once', () => {
    // 31 August + P6M = 28 February 2026; 1 September + P6M = 1 March 2026.
    const at = (iso: string) =>
      followUpProgress(protocol, units, observations, new Date(iso)).measures
    const primary = (iso: string) => at(iso).find((m) => m.name === 'homeless_6m')!
    expect(primary('2026-02-28T11:59:59Z')).toMatchObject({
      due: 0,
      notYetDue: 3,
      received: 1,
      outstanding: 0,
    })
    expect(primary('2026-02-28T12:00:00Z')).toMatchObject({ due: 1, received: 1, outstanding: 0 })
    expect(primary('2026-03-01T12:00:00Z')).toMatchObject({ due: 2, received: 1, outstanding: 1 })
    expect(primary('2026-04-15T12:00:00Z').missing.not_yet_due).toBe(1)
    expect(at('2025-09-02T00:00:00Z').find((m) => m.name === 'attended_mediation')).toMatchObject({
      offset: null,
      due: 3,
      received: 1,
      outstanding: 2,
    })
  })
})

describe('checkRecord', () => {
  it('takes values of every kind and lists each refused field', () => {
    expect(
      checkRecord(protocol, {
        age_head: 31,
        homeless_6m: 0,
        attended_mediation: { missing: 'withdrew_consent' },
      }).entries.map((e) => [e.variable.kind, e.value])
    ).toEqual([
      ['baseline', 31],
      ['outcome', 0],
      ['process', { missing: 'withdrew_consent' }],
    ])
    expect(
      checkRecord(protocol, {
        phone_number: '0113',
        household_type: 'single_25_plus',
        colour: 'red',
      }).problems.map((p) => p.code)
    ).toEqual(['personal-data', 'fixed-at-enrolment', 'unknown-variable'])
  })
})
