import { sha256Hex } from '../hash'
import { InvalidSeedError } from './errors'

/**
 * Fewest hex characters a seed may have: 32 hex digits carry 128 bits.
 *
 * @example
 * seedProblems('ab'.repeat(MIN_SEED_HEX_LENGTH / 2))
 */
export const MIN_SEED_HEX_LENGTH = 32
/**
 * Most hex characters a seed may have (512 bits); longer adds nothing and bloats records.
 *
 * @example
 * seed.length <= MAX_SEED_HEX_LENGTH
 */
export const MAX_SEED_HEX_LENGTH = 128
/**
 * Fewest distinct hex digits a seed must use. A uniform random 32-digit seed uses at most 7
 * distinct digits with probability below C(16,7)·(7/16)^32 ≈ 4e-8, so this refuses hand-typed
 * seeds such as '0000…' or 'abab…' and essentially never a drawn one. It is a sanity check,
 * not a proof of entropy.
 *
 * @example
 * new Set('00000000000000000000000000000000').size < MIN_DISTINCT_SEED_DIGITS // true: refused
 */
export const MIN_DISTINCT_SEED_DIGITS = 8

/**
 * One reason a seed is refused.
 *
 * @example
 * const problem: SeedProblem = { code: 'seed-too-short', message: 'a seed needs at least 32 hex digits' }
 */
export type SeedProblem = {
  code: 'seed-not-hex' | 'seed-too-short' | 'seed-too-long' | 'seed-low-entropy'
  message: string
}

/**
 * Checks the documented seed format: lowercase hex, 32 to 128 characters (128 to 512 bits), using
 * at least 8 distinct digits. Lowercase only, because the commitment hashes the exact string and
 * 'AB…' and 'ab…' would otherwise be one seed with two commitments. A drawn seed is
 * `randomBytes(32).toString('hex')` (done in src/); an officer may instead supply one, e.g. from
 * `openssl rand -hex 32`. Returns every problem, empty when the seed is acceptable.
 *
 * @example
 * seedProblems('00ff') // [{ code: 'seed-too-short', ... }, { code: 'seed-low-entropy', ... }]
 */
export function seedProblems(seed: string): SeedProblem[] {
  const problems: SeedProblem[] = []
  if (!/^[0-9a-f]*$/.test(seed)) {
    problems.push({
      code: 'seed-not-hex',
      message: 'a seed must contain only the lowercase hex digits 0-9 and a-f',
    })
  }
  if (seed.length < MIN_SEED_HEX_LENGTH) {
    problems.push({
      code: 'seed-too-short',
      message: `a seed needs at least ${MIN_SEED_HEX_LENGTH} hex digits (128 bits); it has ${seed.length}`,
    })
  }
  if (seed.length > MAX_SEED_HEX_LENGTH) {
    problems.push({
      code: 'seed-too-long',
      message: `a seed may have at most ${MAX_SEED_HEX_LENGTH} hex digits; it has ${seed.length}`,
    })
  }
  const distinct = new Set(seed).size
  if (distinct < MIN_DISTINCT_SEED_DIGITS) {
    problems.push({
      code: 'seed-low-entropy',
      message: `a seed must use at least ${MIN_DISTINCT_SEED_DIGITS} distinct digits; this one uses ${distinct}, which a random draw almost never does`,
    })
  }
  return problems
}

/**
 * Throws `InvalidSeedError` (code 'invalid-seed', `details.problems`) unless the seed meets the
 * format of `seedProblems`.
 *
 * @example
 * assertValidSeed('3f9c1e7a5b2d4c6e8f0a1b3c5d7e9f21') // passes
 */
export function assertValidSeed(seed: string): void {
  const problems = seedProblems(seed)
  if (problems.length > 0) {
    throw new InvalidSeedError(problems.map((p) => p.message).join('; '), { problems })
  }
}

/**
 * The public commitment to a seed: SHA-256 of the seed string (lowercase hex). Published at
 * registration while the seed stays secret; once the seed is revealed at close, anyone can check
 * that allocations used the seed fixed before recruitment (commit-reveal).
 *
 * @example
 * seedCommitment('3f9c1e7a5b2d4c6e8f0a1b3c5d7e9f21') // 64 hex characters
 */
export function seedCommitment(seed: string): string {
  assertValidSeed(seed)
  return sha256Hex(seed)
}

/**
 * Whether a revealed seed matches the published commitment. A seed that breaks the format never
 * matches; the commitment's hex case is ignored.
 *
 * @example
 * verifySeedCommitment(seed, seedCommitment(seed)) // true
 */
export function verifySeedCommitment(seed: string, commitment: string): boolean {
  if (seedProblems(seed).length > 0 || !/^[0-9a-fA-F]{64}$/.test(commitment)) return false
  return sha256Hex(seed) === commitment.toLowerCase()
}
