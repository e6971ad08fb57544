import { describe, expect, it } from 'vitest'
import {
  applyRatingOverrides,
  rateTrial,
  ratingOverrideSchema,
  type RatingOverride,
} from '../../../analysis/ratings'
import { InvalidInputError } from '../../../analysis/errors'
import { intactRct } from './facts-fixture'

const override = (o: Partial<RatingOverride>): RatingOverride =>
  ratingOverrideSchema.parse({
    scheme: 'rob2_overall',
    computed_level: 'some_concerns',
    override_level: 'low',
    reason: 'allocation concealment confirmed with the trial manager',
    user: 'centre-staff-3',
    timestamp: '2026-03-01T10:00:00Z',
    ...o,
  })

describe('applyRatingOverrides (§10)', () => {
  const report = rateTrial(intactRct({ randomisation_concealed: null }))

  it('applies the latest override made against the current computed level and keeps the computed one', () => {
    const result = applyRatingOverrides(report, [
      override({ override_level: 'high', timestamp: '2026-03-01T09:00:00Z' }),
      override({}),
    ])
    expect(result.rob2_overall).toMatchObject({
      computed_level: 'some_concerns',
      effective_level: 'low',
    })
    expect(result.eef_padlocks).toMatchObject({
      computed_level: 5,
      effective_level: 5,
      override: null,
    })
  })

  it('reports an override made against another computed level as stale and does not apply it', () => {
    const result = applyRatingOverrides(report, [override({ computed_level: 'high' })])
    expect(result.rob2_overall.effective_level).toBe('some_concerns')
    expect(result.rob2_overall.stale_overrides).toHaveLength(1)
  })

  it('refuses a level off the scheme scale', () => {
    expect(() =>
      applyRatingOverrides(report, [
        override({ scheme: 'eef_padlocks', computed_level: 5, override_level: 6 }),
      ])
    ).toThrow(InvalidInputError)
  })
})
