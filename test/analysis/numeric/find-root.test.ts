import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { findRoot } from '../../../analysis/numeric'
import { InvalidInputError } from '../../../analysis/errors'

describe('findRoot', () => {
  it('finds sqrt(2) and the Dottie number to the requested tolerance', () => {
    expect(
      Math.abs(findRoot((x) => x * x - 2, 0, 2, { tolerance: 1e-15 }) - Math.SQRT2)
    ).toBeLessThan(1e-15)
    // Dottie number, the fixed point of cos: 0.739085133215160641655312087673873 (OEIS A003957)
    expect(Math.abs(findRoot((x) => Math.cos(x) - x, 0, 1) - 0.7390851332151607)).toBeLessThan(
      1e-13
    )
  })

  it('copes with a flat, badly scaled function where secant steps alone stall', () => {
    const root = findRoot((x) => Math.pow(x - 1, 9), -3, 7, { tolerance: 1e-12 })
    expect(Math.abs(root - 1)).toBeLessThan(1e-1)
    const steep = findRoot((x) => Math.exp(50 * (x - 0.3)) - 1, 0, 1, { tolerance: 1e-14 })
    expect(Math.abs(steep - 0.3)).toBeLessThan(1e-13)
  })

  it('refuses a bracket without a sign change', () => {
    expect(() => findRoot((x) => x * x + 1, -1, 1)).toThrow(InvalidInputError)
  })

  it('recovers any root of a monotone cubic within tolerance', () => {
    fc.assert(
      fc.property(fc.double({ min: -100, max: 100, noNaN: true }), (target) => {
        const root = findRoot((x) => x * x * x + x - (target * target * target + target), -200, 200)
        expect(Math.abs(root - target)).toBeLessThan(1e-12 + 4 * Number.EPSILON * Math.abs(target))
      })
    )
  })
})
