import { createHash } from 'node:crypto'

/**
 * SHA-256 of a UTF-8 string, as lowercase hex (FIPS 180-4). Used for protocol hashes and seed commitments.
 * `node:crypto` is available on Node and on Workers with `nodejs_compat`; hashing is pure, not I/O.
 *
 * @example
 * sha256Hex('abc') // 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'
 */
export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex')
}
