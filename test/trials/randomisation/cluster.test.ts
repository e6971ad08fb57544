import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { allocateAll, ClusterStratumConflictError } from '../../../trials/randomisation'
import { configArbitrary, householdsArbitrary, seedArbitrary } from './arbitraries'

describe('cluster randomisation', () => {
  it.each(['cluster', 'stratified_cluster'] as const)(
    '%s: members of a cluster share an arm',
    (method) => {
      fc.assert(
        fc.property(
          configArbitrary(method),
          seedArbitrary,
          householdsArbitrary(1, 100),
          (config, seed, units) => {
            const allocations = allocateAll(config, seed, units)
            const armOf = new Map<string, string>()
            units.forEach((unit, index) => {
              const arm = allocations[index].arm
              expect(armOf.get(unit.caseworker) ?? arm).toBe(arm)
              armOf.set(unit.caseworker, arm)
            })
          }
        ),
        { numRuns: 200 }
      )
    }
  )

  it('balances clusters, not households: complete blocks of clusters hold exact arm counts', () => {
    const config = {
      method: 'cluster',
      arms: [
        { name: 'mediation', ratio: 1 },
        { name: 'usual_care', ratio: 1 },
      ],
      block_sizes: [12],
      cluster: 'office',
    }
    // 12 offices presenting in a fixed order with uneven caseloads: complete randomisation of 12 clusters.
    const units = Array.from({ length: 200 }, (_, i) => ({
      id: i,
      office: `office-${i < 12 ? (i * 5) % 12 : (i * i) % 12}`,
    }))
    const allocations = allocateAll(config, 'offices', units)
    const armByOffice = new Map(units.map((unit, i) => [unit.office, allocations[i].arm]))
    expect(armByOffice.size).toBe(12)
    expect([...armByOffice.values()].filter((arm) => arm === 'mediation')).toHaveLength(6)
  })

  it('refuses a cluster that straddles strata', () => {
    const config = {
      method: 'stratified_cluster',
      arms: [
        { name: 'a', ratio: 1 },
        { name: 'b', ratio: 1 },
      ],
      block_sizes: [2],
      cluster: 'caseworker',
      strata: ['council'],
    }
    const units = [
      { id: 'h1', caseworker: 'cw1', council: 'York' },
      { id: 'h2', caseworker: 'cw1', council: 'Hull' },
    ]
    expect(() => allocateAll(config, 's', units)).toThrow(ClusterStratumConflictError)
    expect(() => allocateAll(config, 's', units)).toThrow(
      'unit 2 (id "h2") is in stratum ["Hull"] but its cluster caseworker "cw1" was allocated in stratum ["York"]'
    )
  })
})
