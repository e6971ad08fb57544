import { canonicalJson, protocolHash } from './canonical-json'
import type { ProtocolProblem } from './problems'
import type { Protocol } from './schema'
import { seedCommitment } from './seed'
import { assertRegistrable } from './validate'

/**
 * Everything registration fixes and publishes, apart from the secret seed itself.
 *
 * @example
 * const { protocolHash, seedCommitment }: Registration = prepareRegistration(protocol, seed)
 */
export type Registration = {
  protocol: Protocol
  /** RFC 8785 canonical JSON of `protocol`: the exact bytes the hash covers. */
  canonicalJson: string
  /** SHA-256 of `canonicalJson`, lowercase hex: published. */
  protocolHash: string
  /** SHA-256 of the seed, lowercase hex: published while the seed stays secret until close. */
  seedCommitment: string
  warnings: ProtocolProblem[]
}

/**
 * Registers a protocol, purely: validates it fully (throws `ProtocolInvalidError` listing every
 * problem), checks the seed format (throws `InvalidSeedError`), and returns the canonical JSON,
 * protocol hash and seed commitment to store and publish. The seed is drawn from a CSPRNG by the
 * caller (or supplied by the officer) and stored secretly; it is not part of the result.
 *
 * @example
 * const registration = prepareRegistration(familyMediationProtocol, randomBytes(32).toString('hex'))
 * registration.protocolHash // 64 hex characters
 */
export function prepareRegistration(input: unknown, seed: string): Registration {
  const { protocol, warnings } = assertRegistrable(input)
  const commitment = seedCommitment(seed)
  return {
    protocol,
    canonicalJson: canonicalJson(protocol),
    protocolHash: protocolHash(protocol),
    seedCommitment: commitment,
    warnings,
  }
}
