import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { and, eq, isNull } from 'drizzle-orm'
import { principalFor, principalFromToken, tokenUnusable } from '../auth/middleware'
import type { Principal } from '../auth/principal'
import type { Database, Executor } from '../db/client'
import { apiTokens, sessions, users } from '../db/schema'
import { sessionOpenAudit } from '../../trials/audit'
import { recordAudit } from './audit'

/** How long a page session lasts after sign-in (a working day). */
export const SESSION_HOURS = 8

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex')

/** Compares two strings in constant time (for CSRF tokens). */
export function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8')
  const y = Buffer.from(b, 'utf8')
  return x.length === y.length && timingSafeEqual(x, y)
}

/** A fresh random secret: 32 bytes of CSPRNG output, base64url. */
export const randomSecret = () => randomBytes(32).toString('base64url')

/**
 * Opens a session for the holder of an API token: the token is checked exactly as the API checks
 * it (throws 401 otherwise). Returns the cookie secret (only its hash is stored) and the principal.
 */
export async function openSession(db: Database, token: string, now: Date, requestId?: string) {
  const principal = await principalFromToken(db, token.trim(), now)
  const secret = randomSecret()
  const expiresAt = new Date(now.getTime() + SESSION_HOURS * 3600_000)
  await db.transaction(async (tx) => {
    await tx.insert(sessions).values({
      id: sha256(secret),
      userId: principal.userId,
      tokenId: principal.tokenId,
      csrfToken: randomSecret(),
      createdAt: now,
      expiresAt,
    })
    await recordAudit(
      tx,
      {
        userId: principal.userId,
        councilId: principal.councilId,
        requestId: requestId ?? null,
        at: now,
      },
      sessionOpenAudit(principal)
    )
  })
  return { secret, principal, expiresAt }
}

type SessionState =
  | { state: 'none' }
  | { state: 'expired' }
  | { state: 'active'; principal: Principal; csrfToken: string; expiresAt: Date }

/**
 * The session a cookie secret names. A session is usable while it is not ended, not past its
 * expiry, and the token it was opened with is still usable (not revoked or expired, user enabled).
 */
export async function resolveSession(
  db: Executor,
  secret: string | undefined,
  now: Date
): Promise<SessionState> {
  if (!secret) return { state: 'none' }
  const [row] = await db
    .select({ session: sessions, token: apiTokens, user: users })
    .from(sessions)
    .innerJoin(apiTokens, eq(apiTokens.id, sessions.tokenId))
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.id, sha256(secret)), isNull(sessions.endedAt)))
  if (!row) return { state: 'none' }
  if (row.session.expiresAt <= now || tokenUnusable(row.token, row.user, now))
    return { state: 'expired' }
  return {
    state: 'active',
    principal: await principalFor(db, row.user, row.token.id),
    csrfToken: row.session.csrfToken,
    expiresAt: row.session.expiresAt,
  }
}

/** Ends a session (sign out); a later request with the same cookie is signed out. */
export async function endSession(db: Executor, secret: string, now: Date) {
  await db
    .update(sessions)
    .set({ endedAt: now })
    .where(and(eq(sessions.id, sha256(secret)), isNull(sessions.endedAt)))
}
