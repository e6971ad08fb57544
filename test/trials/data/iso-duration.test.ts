import { describe, expect, it } from 'vitest'
import { addIsoDuration, DurationError } from '../../../trials/data'

// Expected dates follow the calendar by hand (and agree with java.time.ZonedDateTime.plus / Temporal
// ZonedDateTime.add in UTC, which clamp the day of month the same way).
describe('addIsoDuration', () => {
  const at = (iso: string) => new Date(iso)
  it.each([
    ['2025-05-01T09:30:00Z', 'P6M', '2025-11-01T09:30:00.000Z'],
    ['2025-08-31T00:00:00Z', 'P6M', '2026-02-28T00:00:00.000Z'],
    ['2027-08-31T00:00:00Z', 'P6M', '2028-02-29T00:00:00.000Z'],
    ['2025-12-15T12:00:00Z', 'P1Y2M', '2027-02-15T12:00:00.000Z'],
    ['2025-01-01T00:00:00Z', 'P26W', '2025-07-02T00:00:00.000Z'],
    ['2025-03-30T23:00:00Z', 'P1DT2H30M', '2025-04-01T01:30:00.000Z'],
  ])('%s + %s = %s', (start, duration, expected) => {
    expect(addIsoDuration(at(start), duration).toISOString()).toBe(expected)
  })
  it('refuses fractional months and non-durations', () => {
    expect(() => addIsoDuration(at('2025-01-01T00:00:00Z'), 'P1.5M')).toThrow(DurationError)
    expect(() => addIsoDuration(at('2025-01-01T00:00:00Z'), '6 months')).toThrow(DurationError)
    expect(() => addIsoDuration(at('2025-01-01T00:00:00Z'), 'PT')).toThrow(DurationError)
  })
})
