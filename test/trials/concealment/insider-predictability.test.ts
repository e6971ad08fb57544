import { describe, expect, it } from 'vitest'
import { insiderPredictability, type InsiderUnit } from '../../../trials/concealment'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../../trials/protocol/examples/family-mediation'
import { allocateAll, type RandomisationConfig } from '../../../trials/randomisation'

const stratified: RandomisationConfig = {
  method: 'stratified_permuted_block',
  arms: [
    { name: 'usual_care', ratio: 1 },
    { name: 'family_mediation', ratio: 1 },
  ],
  block_sizes: [4, 6],
  strata: ['council_area', 'household_type'],
}

/** 10,000 households across 15 strata, in a fixed pseudo-random order of presentation. */
function households(count: number) {
  let state = 12345
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0
    return state / 2 ** 32
  }
  return Array.from({ length: count }, (_, i) => ({
    id: `h-${i}`,
    council_area: exampleCouncilAreas[Math.floor(next() * exampleCouncilAreas.length)]!,
    household_type: exampleHouseholdTypes[Math.floor(next() * exampleHouseholdTypes.length)]!,
    prior_episode: next() < 0.3,
  }))
}

function seen(config: RandomisationConfig, seed: string, count: number): InsiderUnit[] {
  const units = households(count)
  return allocateAll(config, seed, units).map((a, i) => ({
    fields: units[i]!,
    arm: a.arm,
    block: a.block ?? null,
  }))
}

describe('insider predictability', () => {
  const seeds = ['4f1c9a7e2b6d8035c1e9f7a2b4d6e8f0', '9b3e5d7f1a2c4e6f8091a3b5c7d9e1f2']

  it.each(seeds)(
    'is about 15 percent for stratified permuted blocks with block numbers and sizes shown, and 0 sealed (seed %s)',
    (seed) => {
      const units = seen(stratified, seed, 10_000)
      const disclosed = insiderPredictability(stratified, units, {
        blockSizes: 'known',
        blockNumbers: true,
      })
      // The issue measured 14.5-15.8 % from the stratum and block an officer was shown.
      expect(disclosed.share).toBeGreaterThan(0.1)
      expect(disclosed.share).toBeLessThan(0.25)
      const sizesOnly = insiderPredictability(stratified, units, {
        blockSizes: 'known',
        blockNumbers: false,
      })
      expect(sizesOnly.certain).toBeGreaterThan(0)
      expect(sizesOnly.certain).toBeLessThanOrEqual(disclosed.certain)
      const sealed = insiderPredictability(stratified, units, {
        blockSizes: 'sealed',
        blockNumbers: false,
      })
      expect(sealed).toEqual({ households: 10_000, certain: 0, share: 0 })
    }
  )

  it('finds the certain last slot of a block by hand', () => {
    const config: RandomisationConfig = {
      ...stratified,
      method: 'permuted_block',
      block_sizes: [4],
    }
    const arms = ['usual_care', 'usual_care', 'family_mediation']
    const units = [...arms, 'family_mediation'].map((arm) => ({ fields: {}, arm, block: 1 }))
    // In a block of 4 after A, A the rest must be B, B: the third and fourth are certain.
    expect(
      insiderPredictability(config, units, { blockSizes: 'known', blockNumbers: false })
    ).toMatchObject({ certain: 2 })
    expect(
      insiderPredictability(config, units, { blockSizes: 'sealed', blockNumbers: false })
    ).toMatchObject({ certain: 0 })
  })

  it('is 0 % for minimisation with a random element, and not for deterministic minimisation', () => {
    const withRandom: RandomisationConfig = {
      method: 'minimisation',
      arms: stratified.arms,
      minimisation: {
        factors: ['council_area', 'household_type', 'prior_episode'],
        imbalance: 'range',
        p_follow: 0.8,
      },
    }
    const random = insiderPredictability(withRandom, seen(withRandom, seeds[0]!, 10_000), {
      blockSizes: 'sealed',
      blockNumbers: false,
    })
    expect(random).toEqual({ households: 10_000, certain: 0, share: 0 })
    const deterministic: RandomisationConfig = {
      ...withRandom,
      minimisation: { ...withRandom.minimisation!, p_follow: 1 },
    }
    const fixed = insiderPredictability(deterministic, seen(deterministic, seeds[0]!, 2_000), {
      blockSizes: 'sealed',
      blockNumbers: false,
    })
    expect(fixed.share).toBeGreaterThan(0.3)
  })
})
