import { DomainError } from '../../analysis'
import { sha256Hex } from '../hash'
import { canonicalJson, protocolHash } from '../protocol/canonical-json'
import type { Protocol } from '../protocol/schema'
import { sealProtocol } from '../registration-record/seal'
import { createAllocator } from './allocator'
import { InvalidAllocationExportError } from './errors'
import { allocationExportSchema } from './export-schema'
import { formatIssues } from './parse-config'
import type { UnitId } from './types'

/** One recorded value that the re-derivation does not reproduce. */
export interface AllocationMismatch {
  position: number
  id: UnitId
  field: 'arm' | 'stratum' | 'block'
  recorded: string | number | null
  derived: string | number | null
}

/** The outcome of {@link verifyAllocations}. `ok` only if the commitment holds and every unit re-derives. */
export interface VerificationReport {
  ok: boolean
  trial_id: string
  /** The algorithm the units were re-derived with; null when the export allocated none (nothing to re-derive). */
  algorithm: string | null
  seed_commitment: { recorded: string; computed: string; ok: boolean }
  /**
   * The protocol hash recomputed from the exported protocol (its public view, block sizes sealed with the
   * revealed seed, or for trials registered before sealing the whole protocol); `computed` is null and
   * `checked` false when the export carries no protocol. `randomisation` is whether the exported randomisation
   * is the protocol's.
   */
  protocol_hash: {
    recorded: string
    computed: string | null
    checked: boolean
    ok: boolean
    randomisation: boolean
  }
  units: number
  units_checked: number
  mismatches: AllocationMismatch[]
  /** Set when re-derivation stopped at a unit the engine refuses (unknown stratum value, duplicate id, ...). */
  error?: { position: number; code: string; message: string }
}

/**
 * Re-derives every allocation of an export from its seed, configuration and units in order, and checks
 * sha256Hex(seed) against the seed commitment. Throws {@link InvalidAllocationExportError} if the document is malformed.
 *
 * @example
 * const report = verifyAllocations(JSON.parse(exportText))
 * report.ok // true when the seed matches its commitment and every recorded arm re-derives
 */
export function verifyAllocations(exportDocument: unknown): VerificationReport {
  const parsed = allocationExportSchema.safeParse(exportDocument)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issue.message,
    }))
    throw new InvalidAllocationExportError(`invalid allocation export: ${formatIssues(issues)}`, {
      issues,
    })
  }
  const document = parsed.data
  const computed = sha256Hex(document.seed)
  const report: VerificationReport = {
    ok: false,
    trial_id: document.trial_id,
    algorithm: document.algorithm,
    seed_commitment: {
      recorded: document.seed_commitment,
      computed,
      ok: computed === document.seed_commitment,
    },
    protocol_hash: checkProtocolHash(document),
    units: document.units.length,
    units_checked: 0,
    mismatches: [],
  }

  // No algorithm means no unit was allocated (the schema allows nothing else): nothing to re-derive, and the
  // report rests on the seed commitment and the protocol hash alone.
  const algorithm = document.algorithm
  let position = 0
  if (algorithm !== null) {
    try {
      const allocator = createAllocator(document.randomisation, document.seed, { algorithm })
      for (const unit of document.units) {
        position += 1
        const derived = allocator.allocate({ ...unit.fields, id: unit.id })
        const compare = (
          field: 'arm' | 'stratum' | 'block',
          recorded: string | number | undefined
        ) => {
          const value = derived[field]
          if (recorded !== value) {
            report.mismatches.push({
              position,
              id: unit.id,
              field,
              recorded: recorded ?? null,
              derived: value ?? null,
            })
          }
        }
        compare('arm', unit.arm)
        // Stratum and block are optional in an export; when recorded they must re-derive too.
        if (unit.stratum !== undefined) compare('stratum', unit.stratum)
        if (unit.block !== undefined) compare('block', unit.block)
        report.units_checked = position
      }
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      report.error = { position, code: error.code, message: error.message }
    }
  }
  report.ok =
    report.seed_commitment.ok &&
    report.protocol_hash.ok &&
    report.error === undefined &&
    report.mismatches.length === 0
  return report
}

function checkProtocolHash(document: {
  protocol_hash: string
  seed: string
  randomisation: unknown
  protocol?: Record<string, unknown>
}): VerificationReport['protocol_hash'] {
  const recorded = document.protocol_hash
  if (document.protocol === undefined)
    return { recorded, computed: null, checked: false, ok: true, randomisation: true }
  const whole = protocolHash(document.protocol)
  const sealed = protocolHash(
    sealProtocol(document.protocol as Protocol, document.seed).publicProtocol
  )
  const computed = recorded === whole ? whole : sealed
  const randomisation =
    canonicalJson(document.randomisation) === canonicalJson(document.protocol.randomisation ?? null)
  return {
    recorded,
    computed,
    checked: true,
    ok: computed === recorded && randomisation,
    randomisation,
  }
}
