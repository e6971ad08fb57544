import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateAll, levelImbalance } from '../../../trials/randomisation'
import { householdsArbitrary } from './arbitraries'

const arms = [
  { name: 'mediation', ratio: 1 },
  { name: 'usual_care', ratio: 1 },
]

function marginalImbalance(
  units: Record<string, unknown>[],
  allocatedArms: string[],
  factors: string[]
): number {
  // Sum over factors and levels of |n_mediation - n_usual_care|.
  let total = 0
  for (const factor of factors) {
    const differences = new Map<unknown, number>()
    units.forEach((unit, index) => {
      const step = allocatedArms[index] === 'mediation' ? 1 : -1
      differences.set(unit[factor], (differences.get(unit[factor]) ?? 0) + step)
    })
    for (const difference of differences.values()) total += Math.abs(difference)
  }
  return total
}

describe('minimisation', () => {
  it('hand-worked imbalance: range and variance of ratio-adjusted counts', () => {
    // Counts (3, 1) at 1:1, candidate arm 1 -> (3, 2): range 1, variance ((9 + 4) * 2 - 25) / 2 = 0.5.
    expect(levelImbalance([3, 1], 1, [1, 1], 'range')).toBe(1)
    expect(levelImbalance([3, 1], 1, [1, 1], 'variance')).toBe(0.5)
    // 2:1 with L = 2, scale (1, 2): counts (4, 1), candidate 0 -> (5, 1) * (1, 2) = (5, 2): range 3.
    expect(levelImbalance([4, 1], 0, [1, 2], 'range')).toBe(3)
    // Three arms (1, 2, 4) with candidate 2 -> (1, 2, 5): variance = (3 * 30 - 64) / 6.
    expect(levelImbalance([1, 2, 4], 2, [1, 1, 1], 'variance')).toBeCloseTo(26 / 6, 14)
  })

  it('has lower marginal imbalance than simple randomisation on the same households', () => {
    const factors = ['council', 'household_type']
    let minimised = 0
    let simple = 0
    fc.assert(
      fc.property(householdsArbitrary(40, 40), fc.string({ minLength: 1 }), (units, seed) => {
        const byMinimisation = allocateAll(
          {
            method: 'minimisation',
            arms,
            minimisation: { factors, imbalance: 'range', p_follow: 0.8 },
          },
          seed,
          units
        ).map((a) => a.arm)
        const bySimple = allocateAll({ method: 'simple', arms }, seed, units).map((a) => a.arm)
        minimised += marginalImbalance(units, byMinimisation, factors)
        simple += marginalImbalance(units, bySimple, factors)
      }),
      { numRuns: 300, seed: 20260701 }
    )
    // Mean imbalance per trial of 40 households: simple is typically ~15, minimisation ~3.
    expect(minimised / 300).toBeLessThan((simple / 300) * 0.5)
  })

  it('with p_follow = 1 always assigns a minimising arm', () => {
    const factors = ['council']
    const units = fc.sample(householdsArbitrary(200, 200), { seed: 3, numRuns: 1 })[0]
    const allocations = allocateAll(
      { method: 'minimisation', arms, minimisation: { factors, imbalance: 'range', p_follow: 1 } },
      'deterministic',
      units
    )
    // Deterministic minimisation on one factor keeps every level within one unit of balance.
    const differences = new Map<string, number>()
    units.forEach((unit, index) => {
      const step = allocations[index].arm === 'mediation' ? 1 : -1
      const next = (differences.get(unit.council) ?? 0) + step
      expect(Math.abs(next)).toBeLessThanOrEqual(1)
      differences.set(unit.council, next)
    })
  })
})
