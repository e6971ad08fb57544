import { describe, expect, it } from 'vitest'
import { followUpProgress, outcomesDueInMonth } from '../../../trials/data'
import { familyMediationProtocol as protocol } from '../../../trials/protocol/examples/family-mediation'

// The example protocol has three outcomes, all at P6M from randomisation (homeless_6m,
// days_in_temp_accommodation, settled_6m), and one process measure (attended_mediation).
const OUTCOMES = ['homeless_6m', 'days_in_temp_accommodation', 'settled_6m']

describe('outcomesDueInMonth', () => {
  const enrolled = (id: string, iso: string, anchorDates?: Record<string, Date>) => ({
    id,
    arm: 'usual_care',
    stratum: null,
    enrolledAt: new Date(iso),
    ...(anchorDates ? { anchorDates } : {}),
  })
  const perMeasure = (d: ReturnType<typeof outcomesDueInMonth>) =>
    Object.fromEntries(d.byMeasure.map((m) => [m.name, m.due]))

  it('takes the UTC calendar month of the instant, from its first instant to the next month', () => {
    const month = (iso: string) => {
      const d = outcomesDueInMonth(protocol, [], [], new Date(iso))
      return [d.from.toISOString(), d.to.toISOString()]
    }
    expect(month('2026-09-20T09:00:00.000Z')).toEqual([
      '2026-09-01T00:00:00.000Z',
      '2026-10-01T00:00:00.000Z',
    ])
    // The first instant of a month belongs to it; the last millisecond of December to December.
    expect(month('2026-10-01T00:00:00.000Z')[0]).toBe('2026-10-01T00:00:00.000Z')
    expect(month('2026-12-31T23:59:59.999Z')).toEqual([
      '2026-12-01T00:00:00.000Z',
      '2027-01-01T00:00:00.000Z',
    ])
    // The month is UTC's: 00:30 on 1 October in London (BST) is 23:30 UTC on 30 September.
    expect(month('2026-10-01T00:30:00+01:00')[0]).toBe('2026-09-01T00:00:00.000Z')
  })

  it('counts a due date at 00:00 on the 1st and one at the last millisecond of the month, and no other month', () => {
    const units = [
      // Due 28 August 2026 23:59:59.999: the month before.
      enrolled('before', '2026-02-28T23:59:59.999Z'),
      // Due 1 September 2026 00:00:00.000: the first instant of September.
      enrolled('first', '2026-03-01T00:00:00.000Z'),
      // 31 March + P6M is clamped to 30 September 12:00.
      enrolled('clamped', '2026-03-31T12:00:00.000Z'),
      // Due 30 September 2026 23:59:59.999: the last millisecond of September.
      enrolled('last', '2026-03-30T23:59:59.999Z'),
      // Due 1 October 2026 00:00:00.000: the next month.
      enrolled('next', '2026-04-01T00:00:00.000Z'),
    ]
    const at = (iso: string) => outcomesDueInMonth(protocol, units, [], new Date(iso))
    const september = at('2026-09-20T09:00:00.000Z')
    expect(september.total).toBe(9)
    expect(perMeasure(september)).toEqual({
      homeless_6m: 3,
      days_in_temp_accommodation: 3,
      settled_6m: 3,
    })
    expect(at('2026-08-01T00:00:00.000Z').total).toBe(3)
    expect(at('2026-10-31T23:59:59.999Z').total).toBe(3)
    expect(at('2026-11-15T00:00:00.000Z').total).toBe(0)
  })

  it('counts each outcome from its own anchor, and no unit whose anchor event has no recorded date', () => {
    const anchored = structuredClone(protocol)
    anchored.primary_outcome.time_point = {
      anchor: 'release_from_prison',
      offset: 'P3M',
      label: '3 months after release',
    }
    const release = (
      unitId: string,
      value: string | null,
      missingReason: string | null = null
    ) => ({
      unitId,
      variable: 'release_from_prison',
      kind: 'anchor' as const,
      value,
      missingReason,
    })
    const units = [
      // Released 1 June: homeless_6m due 1 September 00:00; the secondaries due 2 September.
      enrolled('a', '2026-03-02T09:00:00.000Z'),
      // Released 20 July: homeless_6m due 20 October; the secondaries due 15 September.
      enrolled('b', '2026-03-15T10:00:00.000Z'),
      // No release date (marked not yet due): homeless_6m has no due date; the secondaries due 10 October.
      enrolled('c', '2026-04-10T10:00:00.000Z'),
      // Released 30 June, carried on the unit: homeless_6m due 30 September; the secondaries 20 September.
      enrolled('d', '2026-03-20T08:00:00.000Z', {
        release_from_prison: new Date('2026-06-30T00:00:00.000Z'),
      }),
    ]
    const observations = [
      release('a', '2026-06-01'),
      release('b', '2026-07-20T00:00:00.000Z'),
      release('c', null, 'not_yet_due'),
    ]
    const at = (iso: string) => outcomesDueInMonth(anchored, units, observations, new Date(iso))
    expect(perMeasure(at('2026-09-10T12:00:00.000Z'))).toEqual({
      homeless_6m: 2,
      days_in_temp_accommodation: 3,
      settled_6m: 3,
    })
    expect(at('2026-09-10T12:00:00.000Z').total).toBe(8)
    expect(perMeasure(at('2026-10-10T12:00:00.000Z'))).toEqual({
      homeless_6m: 1,
      days_in_temp_accommodation: 1,
      settled_6m: 1,
    })
    expect(at('2026-10-10T12:00:00.000Z').total).toBe(3)
  })

  it('leaves out process measures, and counts a due value whatever is recorded for it', () => {
    const units = [
      enrolled('a', '2026-03-02T09:00:00.000Z'),
      enrolled('b', '2026-03-03T09:00:00.000Z'),
    ]
    const observations = [
      { unitId: 'a', variable: 'homeless_6m', missingReason: null },
      { unitId: 'b', variable: 'homeless_6m', missingReason: 'moved_away' },
      { unitId: 'a', variable: 'attended_mediation', missingReason: null },
    ]
    const d = outcomesDueInMonth(protocol, units, observations, new Date('2026-09-30T00:00:00Z'))
    expect(d.byMeasure.map((m) => m.name)).toEqual(OUTCOMES)
    expect(d.total).toBe(6)
  })

  it('counts nothing, outcome by outcome, before any household is enrolled', () => {
    const d = outcomesDueInMonth(protocol, [], [], new Date('2026-09-20T09:00:00.000Z'))
    expect(d.byMeasure).toEqual(OUTCOMES.map((name) => ({ name, due: 0 })))
    expect(d.total).toBe(0)
  })

  it("agrees with followUpProgress: due at the month's last millisecond minus due just before it began", () => {
    // Enrolment instants on and around month boundaries and midnight, over fourteen months.
    const units = Array.from({ length: 84 }, (_, i) => {
      const day = [1, 1, 28, 30, 31, 15][i % 6]!
      const ms = [0, 1, -1, 43_200_000, 86_399_999, 0][i % 6]!
      const t = Date.UTC(2025, Math.floor(i / 6), day) + ms
      return enrolled(`u${i}`, new Date(t).toISOString())
    })
    const dueAt = (t: number) =>
      followUpProgress(protocol, units, [], new Date(t)).measures.filter(
        (m) => m.kind === 'outcome'
      )
    let total = 0
    for (let month = 0; month < 24; month++) {
      const d = outcomesDueInMonth(protocol, units, [], new Date(Date.UTC(2025, month, 10)))
      const end = dueAt(d.to.getTime() - 1)
      const before = dueAt(d.from.getTime() - 1)
      expect(d.byMeasure).toEqual(
        end.map((m, k) => ({ name: m.name, due: m.due - before[k]!.due }))
      )
      total += d.total
    }
    // Every unit's three outcomes fall due in exactly one month of the two years.
    expect(total).toBe(84 * 3)
  })
})
