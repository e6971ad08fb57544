import { sha256Hex } from '../hash'
import { canonicalJson, protocolHash } from '../protocol/canonical-json'
import type { Protocol } from '../protocol/schema'
import { seedCommitment } from '../protocol/seed'
import { sealProtocol, type SealedParameters } from './seal'

/**
 * Tag of the registration record format.
 *
 * @example
 * REGISTRATION_FORMAT // 'trialworks-registration/1'
 */
export const REGISTRATION_FORMAT = 'trialworks-registration/1'

/**
 * What a registration fixes, hashed whole: the public protocol (block sizes sealed), its hash, the
 * randomisation algorithm that will allocate, the engine identity that registered it and the seed commitment.
 * `engine` is null only for trials registered before engine identities were recorded (`backfilled` says so).
 *
 * @example
 * const body: RegistrationBody = registrationBody({ trialId, version: 1, protocol, algorithm, engine, seed }).body
 */
export type RegistrationBody = {
  format: string
  trial_id: string
  protocol_version: number
  protocol: Record<string, unknown>
  protocol_hash: string
  algorithm: string
  engine: string | null
  seed_commitment: string
  /** Whether the officer chose the seed (only trials registered before seeds were always drawn). */
  seed_supplied: boolean
  /** Set when the record was written after the fact for a trial registered before records existed. */
  backfilled: boolean
}

/**
 * The registration hash: SHA-256 of the RFC 8785 canonical JSON of the whole registration body.
 *
 * @example
 * registrationHash(body) // 64 hex digits
 */
export function registrationHash(body: RegistrationBody): string {
  return sha256Hex(canonicalJson(body))
}

/**
 * Builds the registration record of one protocol version: seals the block sizes with the seed, hashes the
 * public protocol, and binds it with the algorithm, the engine identity and the seed commitment.
 * Returns the body, its hash and the sealed parameters (kept secret until close).
 *
 * @example
 * const { body, hash, sealed } = registrationBody({ trialId, version: 1, protocol, algorithm: 'trialworks-randomisation/1', engine, seed })
 */
export function registrationBody(input: {
  trialId: string
  version: number
  protocol: Protocol
  algorithm: string
  engine: string | null
  seed: string
  seedSupplied?: boolean
  backfilled?: boolean
  /** Legacy trials keep the hash of the whole protocol they were registered with: nothing was sealed. */
  seal?: boolean
}): { body: RegistrationBody; hash: string; sealed: SealedParameters | null } {
  const { publicProtocol, sealed } =
    input.seal === false
      ? { publicProtocol: input.protocol as Record<string, unknown>, sealed: null }
      : sealProtocol(input.protocol, input.seed)
  const body: RegistrationBody = {
    format: REGISTRATION_FORMAT,
    trial_id: input.trialId,
    protocol_version: input.version,
    protocol: publicProtocol,
    protocol_hash: protocolHash(publicProtocol),
    algorithm: input.algorithm,
    engine: input.engine,
    seed_commitment: seedCommitment(input.seed),
    seed_supplied: input.seedSupplied ?? false,
    backfilled: input.backfilled ?? false,
  }
  return { body, hash: registrationHash(body), sealed }
}
