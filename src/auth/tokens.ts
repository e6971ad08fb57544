import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'

const PREFIX = 'tw'

interface IssuedToken {
  id: string
  /** The full bearer token: shown once, never stored. */
  token: string
  secretHash: string
}

/** A new token: 9 random bytes of public id, 32 random bytes of secret (base64url), CSPRNG. */
export function issueToken(): IssuedToken {
  const id = randomBytes(9).toString('base64url')
  const secret = randomBytes(32).toString('base64url')
  return { id, token: `${PREFIX}_${id}_${secret}`, secretHash: hashSecret(secret) }
}

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex')
}

/** Splits `tw_<id>_<secret>`; the id is 12 base64url chars, the secret 43. */
export function parseToken(token: string): { id: string; secret: string } | null {
  const match = /^tw_([A-Za-z0-9_-]{12})_([A-Za-z0-9_-]{43})$/.exec(token)
  return match ? { id: match[1]!, secret: match[2]! } : null
}

/** Constant-time comparison of two hex digests of equal length. */
export function secretMatches(secret: string, storedHash: string): boolean {
  const a = Buffer.from(hashSecret(secret), 'hex')
  const b = Buffer.from(storedHash, 'hex')
  return a.length === b.length && timingSafeEqual(a, b)
}
