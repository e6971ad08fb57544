import { describe, expect, it } from 'vitest'
import { adjustFamilies } from '../../../analysis/multiple-comparisons'
import { InvalidInputError } from '../../../analysis/errors'

describe('adjustFamilies', () => {
  it('adjusts within each family only, with that family method', () => {
    const results = adjustFamilies(
      [
        { name: 'primary', method: 'holm', hypotheses: [{ name: 'homeless_at_6m', p: 0.03 }] },
        {
          name: 'secondary',
          method: 'BH',
          hypotheses: [
            { name: 'days', p: 0.04 },
            { name: 'work', p: 0.01 },
            { name: 'presentations', p: 0.5 },
          ],
        },
      ],
      0.05
    )
    const byName = Object.fromEntries(results.map((r) => [r.name, r]))
    // A family of one is not adjusted: R p.adjust(0.03, "holm") -> 0.03
    expect(byName.homeless_at_6m.adjustedP).toBe(0.03)
    expect(byName.homeless_at_6m.rejected).toBe(true)
    // R: p.adjust(c(0.04, 0.01, 0.5), "BH") -> 0.06 0.03 0.5
    expect(byName.days.adjustedP).toBeCloseTo(0.06, 15)
    expect(byName.work.adjustedP).toBeCloseTo(0.03, 15)
    expect(byName.presentations.adjustedP).toBeCloseTo(0.5, 15)
    expect(byName.days.rejected).toBe(false)
    expect(byName.work.rejected).toBe(true)
    expect(byName.days.familySize).toBe(3)
  })

  it('refuses duplicate family or hypothesis names', () => {
    const family = { name: 'f', method: 'holm' as const, hypotheses: [{ name: 'a', p: 0.1 }] }
    expect(() => adjustFamilies([family, family])).toThrow(InvalidInputError)
    expect(() =>
      adjustFamilies([
        {
          name: 'f',
          method: 'holm',
          hypotheses: [
            { name: 'a', p: 0.1 },
            { name: 'a', p: 0.2 },
          ],
        },
      ])
    ).toThrow(InvalidInputError)
  })
})
