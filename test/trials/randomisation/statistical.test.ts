import jStat from 'jstat'
import { describe, expect, it } from 'vitest'
import { allocateAll } from '../../../trials/randomisation'

// Over many seeds, every method must give each arm its ratio share overall and at every position
// (no position bias). Seeds are fixed strings, so these tests are deterministic; alpha = 0.001,
// Bonferroni-corrected over positions.
const arms = [
  { name: 'a', ratio: 2 },
  { name: 'b', ratio: 1 },
  { name: 'c', ratio: 1 },
]
const equalArms = [
  { name: 'a', ratio: 1 },
  { name: 'b', ratio: 1 },
]
const seeds = Array.from({ length: 3000 }, (_, i) => `chi-square-${i}`)
const households = Array.from({ length: 14 }, (_, i) => ({
  id: `h-${i}`,
  council: i % 3 === 0 ? 'York' : 'Hull',
  household_type: i % 4 < 2 ? 'single' : 'family',
  caseworker: `${i % 3 === 0 ? 'York' : 'Hull'}-${i % 5}`,
}))

const configs = {
  simple: { method: 'simple', arms },
  complete: { method: 'complete', arms, sample_size: 14 },
  permuted_block: { method: 'permuted_block', arms, block_sizes: [4, 8] },
  stratified_permuted_block: {
    method: 'stratified_permuted_block',
    arms,
    block_sizes: [4, 8],
    strata: ['council'],
  },
  cluster: { method: 'cluster', arms, block_sizes: [4], cluster: 'caseworker' },
  stratified_cluster: {
    method: 'stratified_cluster',
    arms,
    block_sizes: [4],
    cluster: 'caseworker',
    strata: ['council'],
  },
  // Minimisation only keeps exact marginal probabilities with equal ratios (see ALGORITHM.md).
  minimisation: {
    method: 'minimisation',
    arms: equalArms,
    minimisation: { factors: ['council', 'household_type'], imbalance: 'range', p_follow: 0.8 },
  },
}

// Pearson's chi-square goodness of fit: X2 = sum (O - E)^2 / E, df = K - 1 (Agresti 2013, Categorical Data
// Analysis, 3rd ed., p. 35).
function chiSquarePValue(observed: number[], ratios: number[]): number {
  const total = observed.reduce((a, b) => a + b, 0)
  const ratioSum = ratios.reduce((a, b) => a + b, 0)
  const statistic = observed.reduce((sum, o, i) => {
    const expected = (total * ratios[i]) / ratioSum
    return sum + (o - expected) ** 2 / expected
  }, 0)
  return 1 - jStat.chisquare.cdf(statistic, ratios.length - 1)
}

describe('arm frequencies over many seeds', () => {
  it.each(Object.entries(configs))(
    '%s: each household is equally likely to land in each arm',
    (_, config) => {
      const names = config.arms.map((arm) => arm.name)
      const ratios = config.arms.map((arm) => arm.ratio)
      const byPosition = households.map(() => names.map(() => 0))
      for (const seed of seeds) {
        allocateAll(config, seed, households).forEach((allocation, position) => {
          byPosition[position][names.indexOf(allocation.arm)] += 1
        })
      }
      const overall = names.map((_, arm) =>
        byPosition.reduce((sum, counts) => sum + counts[arm], 0)
      )
      expect(chiSquarePValue(overall, ratios)).toBeGreaterThan(0.001)
      const smallest = Math.min(...byPosition.map((counts) => chiSquarePValue(counts, ratios)))
      expect(smallest).toBeGreaterThan(0.001 / households.length)
    }
  )

  it('detects a biased allocation (the test has power)', () => {
    // Position 0 forced to arm a in a fifth of the runs must fail the position test.
    const counts = [0, 0, 0]
    seeds.forEach((seed, run) => {
      const arm = run % 5 === 0 ? 'a' : allocateAll(configs.simple, seed, households)[0].arm
      counts[['a', 'b', 'c'].indexOf(arm)] += 1
    })
    expect(chiSquarePValue(counts, [2, 1, 1])).toBeLessThan(0.001 / households.length)
  })
})
