import { eq, or } from 'drizzle-orm'
import type { Role } from '../db/schema'
import { councils, users } from '../db/schema'
import { conflict, notFound, unprocessable } from '../problem'
import {
  createCouncil,
  createToken,
  createUser,
  grantEvaluator,
  revokeToken,
  type AccountActor,
} from './accounts'
import type { RequestContext } from './context'

// The admin API's checks before the account services (shared with the admin CLI and the demo seed)
// write: each refusal names the field of the request it concerns.

const actorOf = (rc: RequestContext): AccountActor => ({
  id: rc.actor.userId,
  requestId: rc.actor.requestId,
})

/** Creates a council; 409 naming `/slug` or `/code` when another council has either. */
export async function addCouncil(
  rc: RequestContext,
  body: { slug: string; code: string; name: string }
) {
  const existing = await rc.db
    .select()
    .from(councils)
    .where(or(eq(councils.slug, body.slug), eq(councils.code, body.code)))
  const taken = existing.flatMap((e) => [
    ...(e.slug === body.slug
      ? [{ pointer: '/slug', detail: `slug ${body.slug} is taken`, code: 'duplicate' }]
      : []),
    ...(e.code === body.code
      ? [
          {
            pointer: '/code',
            detail: `code ${body.code} is registered to ${e.name}`,
            code: 'duplicate',
          },
        ]
      : []),
  ])
  if (taken.length)
    throw conflict('conflict', 'a council with this slug or code exists', { errors: taken })
  return createCouncil(rc.db, rc.actor.at, actorOf(rc), body)
}

/** Creates a user; 422 naming `/council_id` when no council has that id. */
export async function addUser(
  rc: RequestContext,
  body: { name: string; role: Role; council_id?: string | null | undefined }
) {
  if (body.council_id) {
    const found = await rc.db
      .select({ id: councils.id })
      .from(councils)
      .where(eq(councils.id, body.council_id))
    if (!found.length)
      throw unprocessable('unknown council', [
        { pointer: '/council_id', detail: 'no council has this id', code: 'unknown' },
      ])
  }
  return createUser(rc.db, rc.actor.at, actorOf(rc), {
    name: body.name,
    role: body.role,
    councilId: body.council_id ?? null,
  })
}

/** Issues a token to a user (404 for an unknown user); 422 naming `/expires_at` when it is past. */
export async function issueUserToken(
  rc: RequestContext,
  userId: string,
  body: { label: string; expires_at?: string | undefined }
) {
  const found = await rc.db.select({ id: users.id }).from(users).where(eq(users.id, userId))
  if (!found.length) throw notFound(`user ${userId}`)
  const expiresAt = body.expires_at ? new Date(body.expires_at) : null
  if (expiresAt && expiresAt <= rc.actor.at)
    throw unprocessable('expiry is in the past', [
      { pointer: '/expires_at', detail: 'must be in the future', code: 'too_small' },
    ])
  return createToken(rc.db, rc.actor.at, actorOf(rc), { userId, label: body.label, expiresAt })
}

/** Revokes a token; 404 when there is no such token. */
export async function revokeUserToken(rc: RequestContext, tokenId: string): Promise<void> {
  if (!(await revokeToken(rc.db, rc.actor.at, actorOf(rc), tokenId)))
    throw notFound(`token ${tokenId}`)
}

/**
 * Grants an evaluator a council's trials or one trial; 422 naming `/user_id` for an unknown user or
 * one who is not an evaluator, and the council or trial field when that does not exist.
 */
export async function grantToEvaluator(
  rc: RequestContext,
  body: { user_id: string; council_id?: string | null; trial_id?: string | null }
) {
  const [user] = await rc.db.select().from(users).where(eq(users.id, body.user_id))
  if (!user)
    throw unprocessable('unknown user', [
      { pointer: '/user_id', detail: 'no user has this id', code: 'unknown' },
    ])
  if (user.role !== 'evaluator')
    throw unprocessable('only evaluators receive grants', [
      { pointer: '/user_id', detail: `the user is a ${user.role}`, code: 'wrong_role' },
    ])
  return grantEvaluator(rc.db, rc.actor.at, actorOf(rc), {
    userId: body.user_id,
    councilId: body.council_id ?? null,
    trialId: body.trial_id ?? null,
  }).catch((err: unknown) => {
    if ((err as { cause?: { code?: string } }).cause?.code === '23503')
      throw unprocessable('unknown grant target', [
        {
          pointer: body.council_id ? '/council_id' : '/trial_id',
          detail: 'no such council or trial',
          code: 'unknown',
        },
      ])
    throw err
  })
}
