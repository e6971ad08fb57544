import { sha256Hex } from '../hash'
import { canonicalJson } from '../protocol/canonical-json'
import type { Protocol } from '../protocol/schema'

/**
 * Parameters kept secret until close, opened with the seed: today the block sizes of the block methods.
 *
 * @example
 * const sealed: SealedParameters = { block_sizes: [4, 6] }
 */
export type SealedParameters = { block_sizes: number[] }

/**
 * The commitment to sealed parameters: SHA-256 of the RFC 8785 canonical JSON of `{block_sizes, seed}`. The
 * 256-bit secret seed salts it: a bare hash of a short list of block sizes could be found by trying every
 * plausible list, the salted one cannot until the seed is revealed.
 *
 * @example
 * sealedCommitment({ block_sizes: [4, 6] }, seed) // 64 hex digits
 */
export function sealedCommitment(sealed: SealedParameters, seed: string): string {
  return sha256Hex(canonicalJson({ block_sizes: sealed.block_sizes, seed }))
}

/**
 * Splits a protocol into its public view and its sealed parameters. The public view is the protocol with
 * `randomisation.block_sizes` replaced by `randomisation.block_sizes_commitment`; a protocol without block
 * sizes is public as it is (`sealed` null). The public view is what the registration record hashes and
 * publishes; the block sizes are published with the seed at close.
 *
 * @example
 * sealProtocol(protocol, seed).publicProtocol.randomisation.block_sizes_commitment // 64 hex digits
 */
export function sealProtocol(
  protocol: Protocol,
  seed: string
): { publicProtocol: Record<string, unknown>; sealed: SealedParameters | null } {
  const randomisation = protocol.randomisation as Record<string, unknown>
  const sizes = randomisation.block_sizes as number[] | undefined
  if (sizes === undefined) return { publicProtocol: { ...protocol }, sealed: null }
  const sealed = { block_sizes: [...sizes] }
  const { block_sizes: _omitted, ...rest } = randomisation
  return {
    publicProtocol: {
      ...protocol,
      randomisation: { ...rest, block_sizes_commitment: sealedCommitment(sealed, seed) },
    },
    sealed,
  }
}

/**
 * The randomisation section to run, from a public protocol and the opened sealed parameters: the block sizes
 * put back in place of their commitment. Returns a reason instead when the sealed parameters are missing or do
 * not match the commitment.
 *
 * @example
 * openRandomisation(record.protocol, { block_sizes: [4, 6] }, seed) // { ok: true, randomisation: {...} }
 */
export function openRandomisation(
  publicProtocol: Record<string, unknown>,
  sealed: SealedParameters | null,
  seed: string
): { ok: true; randomisation: Record<string, unknown> } | { ok: false; reason: string } {
  const randomisation = (publicProtocol.randomisation ?? {}) as Record<string, unknown>
  const commitment = randomisation.block_sizes_commitment
  if (commitment === undefined) return { ok: true, randomisation }
  if (sealed === null)
    return { ok: false, reason: 'the block sizes are sealed and were not published with the seed' }
  const computed = sealedCommitment(sealed, seed)
  if (computed !== commitment)
    return {
      ok: false,
      reason: `the published block sizes ${JSON.stringify(sealed.block_sizes)} do not match their commitment (recorded ${String(commitment)}, computed ${computed})`,
    }
  const { block_sizes_commitment: _commitment, ...rest } = randomisation
  return { ok: true, randomisation: { ...rest, block_sizes: sealed.block_sizes } }
}

/**
 * A protocol diff as it may be shown: while sealed, changes under `/randomisation/block_sizes` are reduced to
 * their path, so an amendment record never leaks the block sizes before close.
 *
 * @example
 * sealDiff([{ path: '/randomisation/block_sizes/0', before: 4, after: 6 }], false) // [{ path: '/randomisation/block_sizes', sealed: true }]
 */
export function sealDiff(
  changes: Array<Record<string, unknown>> | null,
  revealed: boolean
): Array<Record<string, unknown>> | null {
  if (changes === null || revealed) return changes
  const isSealed = (ch: Record<string, unknown>) =>
    typeof ch.path === 'string' &&
    (ch.path === '/randomisation/block_sizes' || ch.path.startsWith('/randomisation/block_sizes/'))
  const open = changes.filter((ch) => !isSealed(ch))
  return open.length === changes.length
    ? changes
    : [...open, { path: '/randomisation/block_sizes', sealed: true }]
}

/**
 * The protocol a trial shows: once registered, always the public view its registration record hashes (block
 * sizes replaced by their commitment; they are published beside it, with the seed, at close), so the shown
 * protocol always hashes to the shown protocol hash; before registration, the draft itself.
 *
 * @example
 * protocolView(trial.protocol, trial.registration)
 */
export function protocolView(
  protocol: unknown,
  registration: { protocol: Record<string, unknown> } | null
): Record<string, unknown> {
  return registration === null ? (protocol as Record<string, unknown>) : registration.protocol
}

/**
 * The sealed parameters of a registered protocol, to publish with the revealed seed: null when the registration
 * sealed nothing (no block sizes, or a trial registered before sealing).
 *
 * @example
 * sealedParameters(trial.protocol, trial.registration, trial.seed) // { block_sizes: [4, 6] }
 */
export function sealedParameters(
  protocol: Protocol,
  registration: { protocol: Record<string, unknown> },
  seed: string
): SealedParameters | null {
  const randomisation = registration.protocol.randomisation as Record<string, unknown> | undefined
  if (randomisation?.block_sizes_commitment === undefined) return null
  return sealProtocol(protocol, seed).sealed
}

/**
 * An amended protocol as submitted, with sealed parameters put back: a client edits the public view it was
 * shown, so an unchanged `block_sizes_commitment` stands for the registered block sizes. A different commitment
 * is left in place for validation to refuse; explicit `block_sizes` are taken as given.
 *
 * @example
 * unsealAmendment(body.protocol, trial.protocol, trial.registration)
 */
export function unsealAmendment(
  next: Record<string, unknown>,
  current: Protocol,
  registration: { protocol: Record<string, unknown> } | null
): Record<string, unknown> {
  const randomisation = next.randomisation as Record<string, unknown> | undefined
  const shown = registration?.protocol.randomisation as Record<string, unknown> | undefined
  if (
    randomisation?.block_sizes !== undefined &&
    randomisation.block_sizes_commitment !== undefined &&
    shown?.block_sizes_commitment === randomisation.block_sizes_commitment
  ) {
    // New block sizes typed over the shown view: the commitment it carried is no longer theirs.
    const { block_sizes_commitment: _stale, ...given } = randomisation
    return { ...next, randomisation: given }
  }
  if (
    randomisation === undefined ||
    randomisation.block_sizes_commitment === undefined ||
    shown?.block_sizes_commitment !== randomisation.block_sizes_commitment
  )
    return next
  const { block_sizes_commitment: _commitment, ...rest } = randomisation
  const sizes = (current.randomisation as Record<string, unknown>).block_sizes
  return { ...next, randomisation: { ...rest, block_sizes: sizes } }
}
