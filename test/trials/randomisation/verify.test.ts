import { describe, expect, it } from 'vitest'
import { sha256Hex } from '../../../trials/hash'
import { protocolHash } from '../../../trials/protocol/canonical-json'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import {
  allocateAll,
  allocationExportDocument,
  allocationExportSchema,
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

  it('verifies an export that allocated nobody: nothing to re-derive, the seed still checked', () => {
    const empty = { ...exportDocument(), algorithm: null, units: [] }
    expect(verifyAllocations(empty)).toEqual({
      ok: true,
      trial_id: 'trial-1',
      algorithm: null,
      seed_commitment: { recorded: sha256Hex(seed), computed: sha256Hex(seed), ok: true },
      protocol_hash: {
        recorded: sha256Hex('protocol'),
        computed: null,
        checked: false,
        ok: true,
        randomisation: true,
      },
      units: 0,
      units_checked: 0,
      mismatches: [],
    })
    // An empty export that names its algorithm verifies the same way.
    expect(verifyAllocations({ ...exportDocument(), units: [] })).toMatchObject({
      ok: true,
      algorithm: 'trialworks-randomisation/1',
      units_checked: 0,
    })
    const wrongSeed = verifyAllocations({ ...empty, seed_commitment: sha256Hex('another seed') })
    expect(wrongSeed).toMatchObject({ ok: false, seed_commitment: { ok: false }, units: 0 })
  })

  it('refuses allocated units without the algorithm that allocated them', () => {
    expect(() => verifyAllocations({ ...exportDocument(), algorithm: null })).toThrow(
      'invalid allocation export: algorithm: allocated units need the algorithm that allocated them'
    )
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

describe('allocationExportDocument', () => {
  const recorded = (algorithm: string) => {
    const allocations = allocateAll(randomisation, seed, households)
    return households.map(({ id, ...unit }, index) => ({
      household: id,
      unit,
      arm: allocations[index].arm,
      stratum: allocations[index].stratum ?? null,
      block: null,
      algorithm,
    }))
  }
  const protocol = { ...familyMediationProtocol, randomisation } as never
  const build = (units: ReturnType<typeof recorded>) =>
    allocationExportDocument({
      trialId: 'trial-1',
      protocolHash: protocolHash(protocol),
      protocol,
      seed,
      seedCommitment: sha256Hex(seed),
      exportedAt: new Date('2026-07-01T12:00:00Z'),
      units,
    })

  it('names no algorithm when nobody was allocated, and the export still parses and verifies', () => {
    const document = build([])
    expect(document).toMatchObject({
      algorithm: null,
      units: [],
      exported_at: '2026-07-01T12:00:00.000Z',
    })
    expect(allocationExportSchema.safeParse(document).success).toBe(true)
    expect(verifyAllocations(document)).toMatchObject({
      algorithm: null,
      units: 0,
      units_checked: 0,
    })
  })

  it('names the algorithm that allocated the units, which re-derive', () => {
    const document = build(recorded('trialworks-randomisation/1'))
    expect(document.algorithm).toBe('trialworks-randomisation/1')
    expect(document.units[0]).toEqual({
      id: 'h-0',
      fields: { council: 'York' },
      arm: expect.any(String),
      stratum: expect.any(String),
    })
    expect(verifyAllocations(document)).toMatchObject({
      units: 20,
      units_checked: 20,
      mismatches: [],
    })
  })
})
