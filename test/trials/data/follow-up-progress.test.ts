import { describe, expect, it } from 'vitest'
import { anchorEvents, checkRecord, followUpProgress } from '../../../trials/data'
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
    // A value received before its due date is received, not also "not yet due".
    expect(primary('2026-02-28T11:59:59Z')).toMatchObject({
      due: 0,
      notYetDue: 2,
      received: 1,
      outstanding: 0,
    })
    expect(primary('2026-02-28T12:00:00Z')).toMatchObject({ due: 1, received: 1, outstanding: 0 })
    expect(primary('2026-03-01T12:00:00Z')).toMatchObject({ due: 2, received: 1, outstanding: 1 })
    // A unit marked not_yet_due whose due date has passed is to be chased, not a loss.
    expect(primary('2026-04-15T12:00:00Z')).toMatchObject({
      due: 3,
      received: 1,
      outstanding: 2,
      notYetDue: 0,
      missingTotal: 0,
    })
    expect(primary('2026-04-15T12:00:00Z').missing).not.toHaveProperty('not_yet_due')
    expect(at('2025-09-02T00:00:00Z').find((m) => m.name === 'attended_mediation')).toMatchObject({
      anchor: null,
      offset: null,
      due: 3,
      received: 1,
      outstanding: 2,
    })
  })

  it('adds up: received + missing + outstanding + not yet due = enrolled, at every instant', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      enrolled(
        `u${i}`,
        i % 2 ? 'usual_care' : 'family_mediation',
        'leeds|single_under_25',
        `2025-0${1 + (i % 9)}-1${i % 10}T08:00:00Z`
      )
    )
    const reasons = [null, 'moved_away', 'not_yet_due', 'died', undefined] as const
    const recorded = many.flatMap((u, i) => {
      const r = reasons[i % reasons.length]
      return r === undefined ? [] : [{ unitId: u.id, variable: 'homeless_6m', missingReason: r }]
    })
    for (const iso of ['2025-01-01', '2025-06-15', '2025-10-01', '2026-01-20', '2027-01-01']) {
      for (const m of followUpProgress(protocol, many, recorded, new Date(iso)).measures) {
        expect(m.received + m.missingTotal + m.outstanding + m.notYetDue).toBe(40)
        expect(Object.values(m.missing).reduce((a, b) => a + b, 0)).toBe(m.missingTotal)
      }
    }
  })

  it("counts a time point anchored on another event from each household's recorded date of it", () => {
    const anchored = structuredClone(protocol)
    anchored.primary_outcome.time_point = {
      anchor: 'release_from_prison',
      offset: 'P3M',
      label: '3 months after release',
    }
    expect(anchorEvents(anchored)).toEqual(['release_from_prison'])
    expect(anchorEvents(protocol)).toEqual([])
    const released = [
      // a: released 10 January 2026, due 10 April; b: released 1 March, due 1 June; c: still inside.
      {
        unitId: 'a',
        variable: 'release_from_prison',
        kind: 'anchor' as const,
        value: '2026-01-10',
        missingReason: null,
      },
      {
        unitId: 'b',
        variable: 'release_from_prison',
        kind: 'anchor' as const,
        value: '2026-03-01T00:00:00.000Z',
        missingReason: null,
      },
    ]
    const primary = (iso: string) =>
      followUpProgress(anchored, units, released, new Date(iso)).measures.find(
        (m) => m.name === 'homeless_6m'
      )!
    // Counted from randomisation, a (enrolled 31 August 2025) would be due on 28 February 2026.
    expect(primary('2026-03-15T00:00:00Z')).toMatchObject({
      anchor: 'release_from_prison',
      offset: 'P3M',
      due: 0,
      notYetDue: 3,
      awaitingAnchorDate: 1,
      outstanding: 0,
    })
    expect(primary('2026-04-10T00:00:00Z')).toMatchObject({ due: 1, outstanding: 1, notYetDue: 2 })
    expect(primary('2026-06-01T00:00:00Z')).toMatchObject({
      due: 2,
      outstanding: 2,
      notYetDue: 1,
      awaitingAnchorDate: 1,
    })
    // The secondary outcomes still count from randomisation.
    expect(
      followUpProgress(anchored, units, released, new Date('2026-06-01T00:00:00Z')).measures.find(
        (m) => m.name !== 'homeless_6m' && m.kind === 'outcome'
      )
    ).toMatchObject({ anchor: 'randomisation' })
  })
})

describe('checkRecord', () => {
  it('takes an anchor event date as a calendar date or a UTC instant, and refuses impossible dates', () => {
    const anchored = structuredClone(protocol)
    anchored.primary_outcome.time_point.anchor = 'release_from_prison'
    const r = checkRecord(anchored, { release_from_prison: '2026-03-02' })
    expect(r.entries.map((e) => [e.variable.kind, e.value])).toEqual([['anchor', '2026-03-02']])
    expect(
      checkRecord(anchored, { release_from_prison: '2026-03-02T10:00:00+01:00' }).entries[0]!.value
    ).toBe('2026-03-02T09:00:00.000Z')
    expect(
      ['2026-02-30', '02/03/2026', 20260302].map(
        (v) => checkRecord(anchored, { release_from_prison: v }).problems[0]?.code
      )
    ).toEqual(['wrong-type', 'wrong-type', 'wrong-type'])
    // Without that anchor in the protocol, the name is not a variable.
    expect(checkRecord(protocol, { release_from_prison: '2026-03-02' }).problems[0]!.code).toBe(
      'unknown-variable'
    )
  })

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
