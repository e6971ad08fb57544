import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateAll, completeCounts } from '../../../trials/randomisation'
import { armsArbitrary, configArbitrary, householdsArbitrary, seedArbitrary } from './arbitraries'

describe('complete randomisation', () => {
  it('gives each arm floor or ceiling of N r / R, summing to N, exact when R divides N r', () => {
    fc.assert(
      fc.property(
        configArbitrary('complete'),
        seedArbitrary,
        householdsArbitrary(0, 120),
        (config, seed, units) => {
          const ratioSum = config.arms.reduce((sum, arm) => sum + arm.ratio, 0)
          const allocations = allocateAll(config, seed, units)
          for (const arm of config.arms) {
            const count = allocations.filter((a) => a.arm === arm.name).length
            const target = (units.length * arm.ratio) / ratioSum
            expect(count === Math.floor(target) || count === Math.ceil(target)).toBe(true)
          }
        }
      ),
      { numRuns: 300 }
    )
  })

  it('rounds so that every arm keeps its exact expected count', () => {
    // Averaging over the R equally likely values of t = floor(u R) must give N r_i / R exactly.
    fc.assert(
      fc.property(armsArbitrary, fc.integer({ min: 0, max: 500 }), (arms, total) => {
        const ratios = arms.map((arm) => arm.ratio)
        const ratioSum = ratios.reduce((a, b) => a + b, 0)
        const sums = ratios.map(() => 0)
        for (let t = 0; t < ratioSum; t += 1) {
          const counts = completeCounts(total, ratios, (t + 0.5) / ratioSum)
          expect(counts.reduce((a, b) => a + b, 0)).toBe(total)
          counts.forEach((count, arm) => (sums[arm] += count))
        }
        sums.forEach((sum, arm) => expect(sum).toBe(total * ratios[arm]))
      })
    )
  })

  it('hand-worked rounding: N = 5 at 1:1 and N = 7 at 2:1:1', () => {
    // 1:1, N = 5: n = (2, 2), rho = (1, 1), d = 1; t = 0 -> arm 0 extra, t = 1 -> arm 1 extra.
    expect(completeCounts(5, [1, 1], 0.25)).toEqual([3, 2])
    expect(completeCounts(5, [1, 1], 0.75)).toEqual([2, 3])
    // 2:1:1, N = 7: n = (3, 1, 1), rho = (2, 3, 3), d = 2, C = (2, 5, 8); points t, t + 4.
    expect(completeCounts(7, [2, 1, 1], 0)).toEqual([4, 2, 1]) // points 0, 4 -> arms 0, 1
    expect(completeCounts(7, [2, 1, 1], 0.5)).toEqual([3, 2, 2]) // points 2, 6 -> arms 1, 2
    expect(completeCounts(7, [2, 1, 1], 0.8)).toEqual([3, 2, 2]) // points 3, 7 -> arms 1, 2
  })

  it('a planned sample_size keeps its counts exact once all N have presented', () => {
    const config = {
      method: 'complete',
      arms: [
        { name: 'a', ratio: 3 },
        { name: 'b', ratio: 2 },
      ],
      sample_size: 50,
    }
    const units = Array.from({ length: 50 }, (_, i) => ({ id: i }))
    const allocations = allocateAll(config, 'planned', units)
    expect(allocations.filter((a) => a.arm === 'a')).toHaveLength(30)
  })
})
