import { describe, expect, it } from 'vitest'
import { assessBaselineEquivalence, type BaselineEffectSize } from '../../../analysis/ratings'

const es = (
  effect_size: number,
  adjusted_in_impact_model: boolean,
  variable = 'v'
): BaselineEffectSize => ({
  variable,
  kind: 'continuous',
  effect_size,
  adjusted_in_impact_model,
})

describe('assessBaselineEquivalence (§4.3)', () => {
  it.each([
    [0.05, false, true],
    [-0.05, false, true],
    [0.06, false, false],
    [0.06, true, true],
    [0.25, true, true],
    [-0.25, true, true],
    [0.25, false, false],
    [0.26, true, false],
  ])('|ES| %d adjusted=%s -> satisfied=%s', (size, adjusted, satisfied) => {
    expect(assessBaselineEquivalence([es(size, adjusted)]).satisfied).toBe(satisfied)
  })

  it('needs every characteristic satisfied and names the ones that fail', () => {
    const result = assessBaselineEquivalence([
      es(0.01, false, 'household_size'),
      es(0.12, false, 'prior_approaches'),
    ])
    expect(result.satisfied).toBe(false)
    expect(result.variables.map((v) => v.category)).toEqual(['satisfied', 'needs_adjustment'])
    expect(result.detail).toMatch(/prior_approaches/)
    expect(result.detail).not.toMatch(/household_size/)
  })

  it('counts an empty list as not shown', () => {
    expect(assessBaselineEquivalence([])).toMatchObject({ shown: false, satisfied: false })
  })
})
