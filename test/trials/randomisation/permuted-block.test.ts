import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateAll, type Allocation } from '../../../trials/randomisation'
import { configArbitrary, householdsArbitrary, seedArbitrary } from './arbitraries'

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item])
  return groups
}

describe('permuted blocks', () => {
  it.each(['permuted_block', 'stratified_permuted_block'] as const)(
    '%s: counts per arm are exact at every completed block',
    (method) => {
      fc.assert(
        fc.property(
          configArbitrary(method),
          seedArbitrary,
          householdsArbitrary(1, 150),
          (config, seed, units) => {
            const ratioSum = config.arms.reduce((sum, arm) => sum + arm.ratio, 0)
            const allocations = allocateAll(config, seed, units)
            for (const stratum of groupBy(allocations, (a) => a.stratum ?? '').values()) {
              const blocks = groupBy(stratum, (a) => String(a.block))
              const numbers = [...blocks.keys()].map(Number)
              expect(numbers).toEqual(numbers.map((_, index) => index + 1))
              numbers.forEach((number, index) => {
                const members = blocks.get(String(number)) as Allocation[]
                const complete = index < numbers.length - 1
                if (complete) expect(config.block_sizes).toContain(members.length)
                for (const arm of config.arms) {
                  const count = members.filter((a) => a.arm === arm.name).length
                  const size = members.length
                  // A completed block holds exactly size * r / R of each arm; a partial one never more.
                  if (complete) expect(count).toBe((size / ratioSum) * arm.ratio)
                  else
                    expect(count).toBeLessThanOrEqual(
                      (Math.max(...(config.block_sizes ?? [])) / ratioSum) * arm.ratio
                    )
                }
              })
            }
          }
        ),
        { numRuns: 200 }
      )
    }
  )

  it('adding households to one stratum never changes another stratum', () => {
    fc.assert(
      fc.property(
        configArbitrary('stratified_permuted_block'),
        seedArbitrary,
        householdsArbitrary(1, 80),
        fc.array(fc.nat(), { maxLength: 30 }),
        (config, seed, units, insertAt) => {
          const york = (u: { council: string }) => u.council === 'York'
          const others = units.filter((u) => !york(u))
          // Extra York households at arbitrary places in the order of presentation.
          const mixed: typeof units = [...units]
          insertAt.forEach((at, index) => {
            mixed.splice(at % (mixed.length + 1), 0, {
              ...units[0],
              id: `extra-${index}`,
              council: 'York',
            })
          })
          const byId = (list: Allocation[]) => new Map(list.map((a) => [a.id, a]))
          const before = byId(allocateAll(config, seed, units))
          const after = byId(allocateAll(config, seed, mixed))
          for (const unit of others) expect(after.get(unit.id)).toEqual(before.get(unit.id))
        }
      ),
      { numRuns: 200 }
    )
  })

  it('uses every allowed block size over many blocks', () => {
    const config = {
      method: 'permuted_block',
      arms: [
        { name: 'a', ratio: 2 },
        { name: 'b', ratio: 1 },
      ],
      block_sizes: [3, 6, 9],
    }
    const units = Array.from({ length: 3000 }, (_, i) => ({ id: i }))
    const sizes = [...groupBy(allocateAll(config, 'sizes', units), (a) => String(a.block)).values()]
      .slice(0, -1)
      .map((block) => block.length)
    expect(new Set(sizes)).toEqual(new Set([3, 6, 9]))
  })
})
