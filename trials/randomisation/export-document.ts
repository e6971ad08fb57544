import type { Protocol } from '../protocol/schema'
import type { AllocationExport } from './export-schema'

/** One recorded allocation as the export reads it, in order of presentation. */
export interface RecordedExportUnit {
  household: string
  unit: AllocationExport['units'][number]['fields']
  arm: string
  stratum: string | null
  block: number | null
  algorithm: string
}

/**
 * The allocation export of a closed trial (see `allocationExportSchema`): the registered protocol, its hash and
 * randomisation, the revealed seed and its commitment, when it was exported, and every recorded allocation in order. The algorithm is the
 * one that allocated the units (they share it: the allocator keeps the first allocation's algorithm), or null
 * when nobody was enrolled, so that the export always parses as `verifyAllocations` reads it.
 *
 * @example
 * allocationExportDocument({ trialId: 't-1', protocolHash, protocol, seed, seedCommitment, exportedAt, units: [] })
 * // { trial_id: 't-1', algorithm: null, units: [], ... }
 */
export function allocationExportDocument(input: {
  trialId: string
  protocolHash: string
  protocol: Protocol
  seed: string
  seedCommitment: string
  exportedAt: Date
  units: readonly RecordedExportUnit[]
}): AllocationExport & { protocol: Protocol; exported_at: string } {
  return {
    trial_id: input.trialId,
    protocol_hash: input.protocolHash,
    protocol: input.protocol,
    algorithm: input.units[0]?.algorithm ?? null,
    randomisation: input.protocol.randomisation,
    seed: input.seed,
    seed_commitment: input.seedCommitment,
    exported_at: input.exportedAt.toISOString(),
    units: input.units.map((u) => ({
      id: u.household,
      fields: u.unit,
      arm: u.arm,
      ...(u.stratum !== null ? { stratum: u.stratum } : {}),
      ...(u.block !== null ? { block: u.block } : {}),
    })),
  }
}
