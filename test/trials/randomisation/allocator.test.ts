import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  allocateAll,
  createAllocator,
  DuplicateUnitIdError,
  InvalidRandomisationError,
  replayAllocator,
  SampleSizeExceededError,
  UnknownAlgorithmError,
  UnknownStratumValueError,
} from '../../../trials/randomisation'
import { configArbitrary, householdsArbitrary, methods, seedArbitrary } from './arbitraries'

const twoArms = [
  { name: 'mediation', ratio: 1 },
  { name: 'usual_care', ratio: 1 },
]

describe('determinism contract', () => {
  it.each(methods)('%s: one at a time equals the batch, and replay resumes exactly', (method) => {
    fc.assert(
      fc.property(
        configArbitrary(method, 80),
        seedArbitrary,
        householdsArbitrary(1, 80),
        fc.nat(),
        (config, seed, units, cutSeed) => {
          const batch = allocateAll(config, seed, units)
          const allocator = createAllocator(config, seed)
          expect(units.map((unit) => allocator.allocate(unit))).toEqual(batch)
          const cut = cutSeed % (units.length + 1)
          const resumed = replayAllocator(config, seed, units.slice(0, cut))
          expect(resumed.allocated).toBe(cut)
          expect(units.slice(cut).map((unit) => resumed.allocate(unit))).toEqual(batch.slice(cut))
        }
      ),
      { numRuns: 100 }
    )
  })

  it.each(methods.filter((m) => m !== 'cluster' && m !== 'stratified_cluster'))(
    '%s: a different seed gives a different sequence',
    (method) => {
      // 60 households over 2 equal arms: two seeds agree on every arm with probability far below 1e-6.
      const config = fc.sample(configArbitrary(method), { seed: 7, numRuns: 1 })[0]
      const equalArms = {
        ...config,
        arms: twoArms,
        ...(config.block_sizes ? { block_sizes: [2, 4] } : {}),
      }
      const units = fc.sample(householdsArbitrary(60, 60), { seed: 11, numRuns: 1 })[0]
      fc.assert(
        fc.property(seedArbitrary, seedArbitrary, (a, b) => {
          fc.pre(a !== b)
          const arms = (seed: string) => allocateAll(equalArms, seed, units).map((x) => x.arm)
          expect(arms(a)).not.toEqual(arms(b))
        }),
        { numRuns: 50 }
      )
    }
  )

  it('tags each allocator with its algorithm and refuses unknown ones', () => {
    expect(createAllocator({ method: 'simple', arms: twoArms }, 's').algorithm).toBe(
      'trialworks-randomisation/1'
    )
    expect(() =>
      createAllocator({ method: 'simple', arms: twoArms }, 's', { algorithm: 'other/9' })
    ).toThrow(UnknownAlgorithmError)
  })
})

describe('bad input', () => {
  const stratified = {
    method: 'stratified_permuted_block',
    arms: twoArms,
    block_sizes: [2, 4],
    strata: ['council'],
    strata_values: { council: ['York', 'Hull'] },
  }

  it('names both positions of a duplicate id', () => {
    const units = [
      { id: 'a', council: 'York' },
      { id: 'b', council: 'York' },
      { id: 'a', council: 'Hull' },
    ]
    expect(() => allocateAll(stratified, 's', units)).toThrow(DuplicateUnitIdError)
    expect(() => allocateAll(stratified, 's', units)).toThrow(
      'unit id "a" appears at positions 1 and 3'
    )
  })

  it('treats ids 7 and "7" as the same unit', () => {
    expect(() =>
      allocateAll({ method: 'simple', arms: twoArms }, 's', [{ id: 7 }, { id: '7' }])
    ).toThrow('positions 1 and 2')
  })

  it('lists the allowed values of an unknown stratum value', () => {
    const units = [
      { id: 'a', council: 'York' },
      { id: 'b', council: 'Leeds' },
    ]
    expect(() => allocateAll(stratified, 's', units)).toThrow(UnknownStratumValueError)
    expect(() => allocateAll(stratified, 's', units)).toThrow(
      'unit 2 (id "b"): council "Leeds" is not an allowed value; allowed: "York", "Hull"'
    )
  })

  it('refuses a block size that is not a multiple of the ratio sum', () => {
    const config = {
      method: 'permuted_block',
      arms: [
        { name: 'a', ratio: 2 },
        { name: 'b', ratio: 1 },
      ],
      block_sizes: [3, 4],
    }
    expect(() => createAllocator(config, 's')).toThrow(InvalidRandomisationError)
    expect(() => createAllocator(config, 's')).toThrow(
      'block_sizes.1: block size 4 is not a multiple of the ratio sum 3'
    )
  })

  it('refuses a missing stratum field and leaves the state untouched', () => {
    const allocator = createAllocator(stratified, 's')
    const reference = allocateAll(stratified, 's', [
      { id: 'a', council: 'York' },
      { id: 'c', council: 'York' },
    ])
    allocator.allocate({ id: 'a', council: 'York' })
    expect(() => allocator.allocate({ id: 'b' })).toThrow(
      'unit 2 (id "b") has no value for stratum field "council"'
    )
    expect(allocator.allocated).toBe(1)
    expect(allocator.allocate({ id: 'c', council: 'York' })).toEqual(reference[1])
  })

  it('complete randomisation needs sample_size one at a time and stops at it', () => {
    expect(() => createAllocator({ method: 'complete', arms: twoArms }, 's')).toThrow(
      'needs sample_size'
    )
    const allocator = createAllocator({ method: 'complete', arms: twoArms, sample_size: 2 }, 's')
    allocator.allocate({ id: 1 })
    allocator.allocate({ id: 2 })
    expect(() => allocator.allocate({ id: 3 })).toThrow(SampleSizeExceededError)
  })

  it('refuses an empty seed', () => {
    expect(() => createAllocator({ method: 'simple', arms: twoArms }, '')).toThrow(
      'seed must be a non-empty string'
    )
  })
})
