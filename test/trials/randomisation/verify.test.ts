import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../trials/hash'
import {
  allocateAll,
  InvalidAllocationExportError,
  verifyAllocations,
} from '../../../trials/randomisation'

const randomisation = {
  method: 'stratified_permuted_block',
  arms: [
    { name: 'mediation', ratio: 1 },
    { name: 'usual_care', ratio: 1 },
  ],
  block_sizes: [2, 4],
  strata: ['council'],
}
const seed = '3b9f0c5e2a7d41f6a8c0e1b2d3f4a5b6'
const households = Array.from({ length: 20 }, (_, i) => ({
  id: `h-${i}`,
  council: i % 3 === 0 ? 'York' : 'Hull',
}))

function exportDocument() {
  const allocations = allocateAll(randomisation, seed, households)
  return {
    trial_id: 'trial-1',
    protocol_hash: sha256Hex('protocol'),
    algorithm: 'trialworks-randomisation/1',
    randomisation,
    seed,
    seed_commitment: sha256Hex(seed),
    exported_at: '2026-07-01T12:00:00Z',
    units: households.map(({ id, ...fields }, index) => ({
      id,
      fields,
      arm: allocations[index].arm,
      stratum: allocations[index].stratum,
    })),
  }
}

describe('verifyAllocations', () => {
  it('accepts an honest export', () => {
    const report = verifyAllocations(exportDocument())
    expect(report).toMatchObject({ ok: true, units: 20, units_checked: 20, mismatches: [] })
    expect(report.seed_commitment.ok).toBe(true)
  })

  it('lists every altered arm', () => {
    const document = exportDocument()
    const flip = (arm: string) => (arm === 'mediation' ? 'usual_care' : 'mediation')
    const original = [document.units[4].arm, document.units[11].arm]
    document.units[4].arm = flip(document.units[4].arm)
    document.units[11].arm = flip(document.units[11].arm)
    const report = verifyAllocations(document)
    expect(report.ok).toBe(false)
    expect(report.mismatches).toEqual([
      { position: 5, id: 'h-4', field: 'arm', recorded: flip(original[0]), derived: original[0] },
      { position: 12, id: 'h-11', field: 'arm', recorded: flip(original[1]), derived: original[1] },
    ])
  })

  it('catches households recorded in a different order than they presented', () => {
    const document = exportDocument()
    // Two York households with different arms: swapping their rows moves each arm to the other position.
    const york = document.units.flatMap((unit, index) =>
      unit.fields.council === 'York' ? [index] : []
    )
    const first = york[0]
    const second = york.find(
      (index) => document.units[index].arm !== document.units[first].arm
    ) as number
    ;[document.units[first], document.units[second]] = [
      document.units[second],
      document.units[first],
    ]
    const report = verifyAllocations(document)
    expect(report.mismatches.map((m) => m.position)).toEqual([first + 1, second + 1])
    expect(report.ok).toBe(false)
  })

  it('fails a seed that does not match its commitment', () => {
    const document = { ...exportDocument(), seed_commitment: sha256Hex('another seed') }
    const report = verifyAllocations(document)
    expect(report.seed_commitment.ok).toBe(false)
    expect(report.mismatches).toEqual([])
    expect(report.ok).toBe(false)
  })

  it('reports where re-derivation stops on a refused unit', () => {
    const document = exportDocument()
    document.units[7].id = 'h-2'
    const report = verifyAllocations(document)
    expect(report.error).toEqual({
      position: 8,
      code: 'duplicate-unit-id',
      message: 'unit id "h-2" appears at positions 3 and 8',
    })
    expect(report.units_checked).toBe(7)
    expect(report.ok).toBe(false)
  })

  it('refuses a malformed export, naming the fields', () => {
    expect(() => verifyAllocations({ ...exportDocument(), seed_commitment: 'abc' })).toThrow(
      InvalidAllocationExportError
    )
    expect(() => verifyAllocations({ ...exportDocument(), seed_commitment: 'abc' })).toThrow(
      'seed_commitment'
    )
  })
})
