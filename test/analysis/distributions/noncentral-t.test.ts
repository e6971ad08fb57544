import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { noncentralTCdf } from '../../../analysis/distributions/noncentral-t'
import { studentTCdf } from '../../../analysis/distributions'

// R 4.2.2: cat(sprintf("[%s, %s, %s, %.17g, %.17g],", q, df, ncp, pt(q, df, ncp), pt(q, df, ncp, lower = FALSE)))
const reference: [number, number, number, number, number][] = [
  [2, 10, 1, 0.80761156253031108, 0.19238843746968892],
  [-1, 5, 0.5, 0.082444091056970814, 0.91755590894302919],
  [1.97, 348, 2.8, 0.20352140765630283, 0.79647859234369722],
  [-1.97, 348, 2.8, 9.9021223465278752e-7, 0.99999900978776535],
  [40, 10, 38.5, 0.52215206434178218, 0.47784793565821782],
  [3, 2.5, 1, 0.85922178049991871, 0.14077821950008129],
  [0.5, 1, -2, 0.98963861735950409, 0.010361382640495909],
  [5, 30, 8, 0.0055450172107072825, 0.99445498278929279],
  [-3, 20, -1, 0.037535357750911436, 0.96246464224908856],
  [1.9, 400010, 2, 0.4601717809145634, 0.53982821908543666],
]

describe('noncentralTCdf', () => {
  // R itself forms one tail as 1 - (the other), so a tiny tail is only good to ~1e-16 absolute.
  it.each(reference)(
    'pt(%d, %d, ncp = %d) agrees with R to 1e-11 relative or 1e-15 absolute',
    (t, df, ncp, lower, upper) => {
      expect(Math.abs(noncentralTCdf(t, df, ncp) - lower)).toBeLessThanOrEqual(
        Math.max(1e-11 * lower, 1e-15)
      )
      expect(Math.abs(noncentralTCdf(t, df, ncp, false) - upper)).toBeLessThanOrEqual(
        Math.max(1e-11 * upper, 1e-15)
      )
    }
  )

  it('reduces to the central t when ncp = 0', () => {
    expect(noncentralTCdf(1.3, 7, 0)).toBe(studentTCdf(1.3, 7))
  })

  it('is a distribution function: in [0, 1] and non-decreasing in t, non-increasing in ncp', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -8, max: 8, noNaN: true }),
        fc.double({ min: 0.01, max: 3, noNaN: true }),
        fc.double({ min: 1, max: 500, noNaN: true }),
        fc.double({ min: -5, max: 5, noNaN: true }),
        (t, gap, df, ncp) => {
          const here = noncentralTCdf(t, df, ncp)
          expect(here).toBeGreaterThanOrEqual(0)
          expect(here).toBeLessThanOrEqual(1)
          expect(noncentralTCdf(t + gap, df, ncp)).toBeGreaterThanOrEqual(here - 1e-12)
          expect(noncentralTCdf(t, df, ncp + gap)).toBeLessThanOrEqual(here + 1e-12)
        }
      )
    )
  })
})
