import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  advanceAllocator,
  allocateAll,
  allocatorStateSchema,
  AllocatorStateMismatchError,
  createAllocator,
  replayAllocator,
  restoreAllocator,
  UnknownStratumValueError,
} from '../../../trials/randomisation'
import { configArbitrary, householdsArbitrary, methods, seedArbitrary } from './arbitraries'

/** Through JSON text, as the state travels to and from the database. */
const roundTrip = <T>(value: T): unknown => JSON.parse(JSON.stringify(value))

describe('persisted allocator state', () => {
  it.each(methods)(
    '%s: restore(snapshot after n) then allocate gives allocation n+1, and the snapshot equals replay',
    (method) => {
      fc.assert(
        fc.property(
          configArbitrary(method, 60),
          seedArbitrary,
          householdsArbitrary(1, 60),
          (config, seed, units) => {
            const expected = allocateAll(config, seed, units)
            const live = createAllocator(config, seed)
            let saved = roundTrip(live.snapshot())
            units.forEach((unit, n) => {
              // A fresh allocator from the stored text of the state after n units, as a new process would.
              const restored = restoreAllocator(config, seed, saved)
              expect(restored.allocated).toBe(n)
              const allocation = restored.allocate(unit)
              expect(allocation).toEqual(expected[n])
              expect(live.allocate(unit)).toEqual(expected[n])
              saved = roundTrip(restored.snapshot())
              // Recomputed by replay of units 1..n+1: the same state, so the cache never drifts from the ledger.
              expect(saved).toEqual(
                roundTrip(replayAllocator(config, seed, units.slice(0, n + 1)).snapshot())
              )
              expect(saved).toEqual(roundTrip(live.snapshot()))
              expect(allocatorStateSchema.safeParse(saved).success).toBe(true)
            })
          }
        ),
        { numRuns: 40 }
      )
    }
  )

  it.each(methods)(
    '%s: an allocator k units behind, brought forward over the recorded allocations, stands where replay does',
    (method) => {
      fc.assert(
        fc.property(
          configArbitrary(method, 60),
          seedArbitrary,
          householdsArbitrary(2, 60),
          fc.nat(),
          (config, seed, units, cut) => {
            const k = cut % units.length
            const expected = allocateAll(config, seed, units)
            const recorded = units.map((unit, i) => ({
              unit,
              arm: expected[i]!.arm,
              stratum: expected[i]!.stratum ?? null,
              block: expected[i]!.block ?? null,
            }))
            const behind = replayAllocator(config, seed, units.slice(0, k))
            expect(advanceAllocator(behind, recorded.slice(k))).toBe(true)
            expect(behind.allocated).toBe(units.length)
            expect(roundTrip(behind.snapshot())).toEqual(
              roundTrip(replayAllocator(config, seed, units).snapshot())
            )
            // One recorded arm altered: refused at that unit, whatever came before it.
            const last = recorded.length - 1
            const other = config.arms.find((a) => a.name !== recorded[last]!.arm)!.name
            const altered = recorded.map((r, i) => (i === last ? { ...r, arm: other } : r))
            expect(
              advanceAllocator(replayAllocator(config, seed, units.slice(0, k)), altered.slice(k))
            ).toBe(false)
          }
        ),
        { numRuns: 40 }
      )
    }
  )

  it('keeps the state size independent of the number of units', () => {
    const config = {
      method: 'stratified_permuted_block',
      arms: [
        { name: 'mediation', ratio: 1 },
        { name: 'usual_care', ratio: 1 },
      ],
      block_sizes: [4, 6],
      strata: ['council'],
    }
    const units = (n: number) =>
      Array.from({ length: n }, (_, i) => ({ id: `h-${i}`, council: ['York', 'Hull'][i % 2] }))
    const size = (n: number) =>
      JSON.stringify(replayAllocator(config, 'c0ffee', units(n)).snapshot()).length
    // Only the current block's entries and the counter digits vary.
    expect(Math.abs(size(10_000) - size(100))).toBeLessThan(60)
  })

  it('a refused unit leaves the state as it was', () => {
    const config = {
      method: 'stratified_cluster',
      arms: [
        { name: 'a', ratio: 1 },
        { name: 'b', ratio: 1 },
      ],
      block_sizes: [2],
      cluster: 'caseworker',
      strata: ['council'],
      strata_values: { council: ['York', 'Hull'] },
    }
    const allocator = createAllocator(config, 'seed-1')
    allocator.allocate({ id: 1, council: 'York', caseworker: 'cw-1' })
    const before = roundTrip(allocator.snapshot())
    expect(() => allocator.allocate({ id: 2, council: 'Leeds', caseworker: 'cw-2' })).toThrow(
      UnknownStratumValueError
    )
    // cw-1 was allocated in York: a member in Hull is refused, and Hull's fresh stratum is not part of the state.
    expect(() => allocator.allocate({ id: 3, council: 'Hull', caseworker: 'cw-1' })).toThrow()
    expect(roundTrip(allocator.snapshot())).toEqual(before)
  })

  it('refuses a state that does not fit the configuration', () => {
    const arms = [
      { name: 'a', ratio: 1 },
      { name: 'b', ratio: 1 },
    ]
    const minimisation = {
      method: 'minimisation',
      arms,
      minimisation: { factors: ['council'], imbalance: 'range', p_follow: 0.8 },
    }
    const saved = replayAllocator(minimisation, 's', [{ id: 1, council: 'York' }]).snapshot()
    expect(() => restoreAllocator({ method: 'simple', arms }, 's', saved)).toThrow(
      AllocatorStateMismatchError
    )
    expect(() =>
      restoreAllocator({ ...minimisation, arms: [...arms, { name: 'c', ratio: 1 }] }, 's', saved)
    ).toThrow(AllocatorStateMismatchError)
    expect(() =>
      restoreAllocator(minimisation, 's', { ...saved, format: 'something-else' })
    ).toThrow(AllocatorStateMismatchError)
    const complete = { method: 'complete', arms, sample_size: 10 }
    const urn = createAllocator(complete, 's').snapshot()
    expect(() => restoreAllocator({ ...complete, sample_size: 12 }, 's', urn)).toThrow(
      AllocatorStateMismatchError
    )
    const blocks = { method: 'permuted_block', arms, block_sizes: [2] }
    const block = replayAllocator(blocks, 's', [{ id: 1 }]).snapshot()
    const tampered = structuredClone(block)
    if (tampered.method.kind !== 'permuted_block') throw new Error('expected blocks')
    tampered.method.strata[0]!.entries = [0, 2]
    expect(() => restoreAllocator(blocks, 's', tampered)).toThrow(AllocatorStateMismatchError)
  })
})
