import { eq } from 'drizzle-orm'
import type { Database } from '../db/client'
import { apiTokens, councils, evaluatorGrants, users, type Role } from '../db/schema'
import { issueToken } from '../auth/tokens'
import {
  councilCreateAudit,
  evaluatorGrantAudit,
  tokenCreateAudit,
  tokenRevokeAudit,
  userCreateAudit,
} from '../../trials/audit'
import { recordAudit, type ActorContext } from './audit'

/**
 * Who administers accounts: an administrator's user id, or null for the system (the admin CLI, the demo
 * seed). Account administration is shared by the admin routes, the admin CLI and the demo seed.
 */
export interface AccountActor {
  id: string | null
  requestId?: string | null
}

/** The actor context of account administration: the administrator or the system, on behalf of no council. */
const accountContext = (actor: AccountActor, at: Date): ActorContext => ({
  userId: actor.id,
  councilId: null,
  requestId: actor.requestId ?? null,
  at,
})

export async function createCouncil(
  db: Database,
  now: Date,
  actor: AccountActor,
  input: { slug: string; code: string; name: string }
) {
  return db.transaction(async (tx) => {
    const [council] = await tx
      .insert(councils)
      .values({ ...input, createdAt: now })
      .returning()
    await recordAudit(tx, accountContext(actor, now), councilCreateAudit(council!))
    return council!
  })
}

export async function createUser(
  db: Database,
  now: Date,
  actor: AccountActor,
  input: { name: string; role: Role; councilId?: string | null }
) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        name: input.name,
        role: input.role,
        councilId: input.councilId ?? null,
        createdAt: now,
      })
      .returning()
    await recordAudit(tx, accountContext(actor, now), userCreateAudit(user!))
    return user!
  })
}

/** Issues a token; the returned `token` is the only time the secret exists outside the caller. */
export async function createToken(
  db: Database,
  now: Date,
  actor: AccountActor,
  input: { userId: string; label: string; expiresAt?: Date | null }
) {
  return db.transaction(async (tx) => {
    const issued = issueToken()
    await tx.insert(apiTokens).values({
      id: issued.id,
      userId: input.userId,
      secretHash: issued.secretHash,
      label: input.label,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
    })
    await recordAudit(
      tx,
      accountContext(actor, now),
      tokenCreateAudit({ id: issued.id, userId: input.userId, label: input.label })
    )
    return {
      id: issued.id,
      token: issued.token,
      userId: input.userId,
      label: input.label,
      createdAt: now,
      expiresAt: input.expiresAt ?? null,
    }
  })
}

export async function revokeToken(db: Database, now: Date, actor: AccountActor, tokenId: string) {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(apiTokens)
      .set({ revokedAt: now })
      .where(eq(apiTokens.id, tokenId))
      .returning({ id: apiTokens.id })
    if (rows.length) await recordAudit(tx, accountContext(actor, now), tokenRevokeAudit(tokenId))
    return rows.length > 0
  })
}

export async function grantEvaluator(
  db: Database,
  now: Date,
  actor: AccountActor,
  input: { userId: string; councilId?: string | null; trialId?: string | null }
) {
  return db.transaction(async (tx) => {
    const [grant] = await tx
      .insert(evaluatorGrants)
      .values({
        userId: input.userId,
        councilId: input.councilId ?? null,
        trialId: input.trialId ?? null,
        createdAt: now,
      })
      .returning()
    await recordAudit(
      tx,
      accountContext(actor, now),
      evaluatorGrantAudit({ ...input, id: grant!.id })
    )
    return grant!
  })
}
