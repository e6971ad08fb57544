import { describe, expect, it } from 'vitest'
import { durationWords } from '../../src/pages/words'

describe('durations in words', () => {
  it('reads ISO 8601 durations of years, months, weeks and days, keeping the registered form', () => {
    expect(durationWords('P6M')).toBe('6 months (P6M)')
    expect(durationWords('P1Y')).toBe('1 year (P1Y)')
    expect(durationWords('P26W')).toBe('26 weeks (P26W)')
    expect(durationWords('P1Y2M10D')).toBe('1 year, 2 months and 10 days (P1Y2M10D)')
  })

  it('leaves anything else as it was written', () => {
    for (const value of ['P', 'PT12H', 'P1.5M', '6 months', 'family_mediation', ''])
      expect(durationWords(value)).toBe(value)
  })
})
