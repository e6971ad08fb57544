import { and, eq } from 'drizzle-orm'
import { createMiddleware } from 'hono/factory'
import { apiTokens, evaluatorGrants, users, type Role } from '../db/schema'
import type { AppEnv } from '../env'
import { ProblemError, forbidden } from '../problem'
import type { Principal } from './principal'
import { parseToken, secretMatches } from './tokens'
import { isUuid, trialScope } from './scope'
import { trials } from '../db/schema'
import { notFound } from '../problem'

const challenge = { 'www-authenticate': 'Bearer realm="trialworks"' }
const unauthorised = (detail: string) =>
  new ProblemError(401, 'unauthorised', detail, {}, challenge)

/** Resolves `Authorization: Bearer tw_<id>_<secret>` into `c.var.principal`, or answers 401. */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  // Idempotent: the trial guard may already have authenticated this request.
  if (c.var.principal) return next()
  const header = c.req.header('authorization')
  if (!header) throw unauthorised('an Authorization: Bearer token is required')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthorised('the Authorization header must be "Bearer <token>"')
  const parsed = parseToken(match[1]!)
  if (!parsed) throw unauthorised('the bearer token is not a trialworks token')
  const db = c.var.db
  const rows = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, parsed.id))
  const row = rows[0]
  // The secret is compared even when the id is unknown, so timing does not reveal which ids exist.
  const ok = secretMatches(parsed.secret, row?.token.secretHash ?? '0'.repeat(64))
  if (!row || !ok) throw unauthorised('the bearer token is not valid')
  const now = c.var.deps.clock()
  if (row.token.revokedAt) throw unauthorised('the bearer token has been revoked')
  if (row.token.expiresAt && row.token.expiresAt <= now)
    throw unauthorised('the bearer token has expired')
  if (row.user.disabledAt) throw unauthorised('the account is disabled')
  const principal: Principal = {
    userId: row.user.id,
    name: row.user.name,
    role: row.user.role,
    councilId: row.user.councilId,
    grantedCouncilIds: [],
    grantedTrialIds: [],
    tokenId: row.token.id,
  }
  if (principal.role === 'evaluator') {
    const grants = await db
      .select()
      .from(evaluatorGrants)
      .where(and(eq(evaluatorGrants.userId, principal.userId)))
    for (const g of grants) {
      if (g.councilId) principal.grantedCouncilIds.push(g.councilId)
      if (g.trialId) principal.grantedTrialIds.push(g.trialId)
    }
  }
  c.set('principal', principal)
  await next()
})

/** Lets only the listed roles through (after `authenticate`). */
export const allow = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const role = c.var.principal.role
    if (!roles.includes(role))
      throw forbidden(
        `this route is for the ${roles.join(' or ')} role; the token's role is ${role}`
      )
    await next()
  })

/**
 * Runs before any route under /trials/{id}: authenticates and hides a trial outside the caller's
 * scope (404) before roles (403) and body validation (422) are considered, so a foreign council's
 * officer learns nothing about the trial, whatever they send. The public registration record is
 * exempt.
 */
export const guardTrial = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.param('id')
  if (c.req.method === 'GET' && c.req.path.endsWith('/registration')) return next()
  if (!id || !isUuid(id)) return next()
  return authenticate(c, async () => {
    const scope = trialScope(c.var.principal)
    const rows = await c.var.db
      .select({ id: trials.id })
      .from(trials)
      .where(scope ? and(eq(trials.id, id), scope) : eq(trials.id, id))
    if (!rows.length) throw notFound(`trial ${id}`)
    await next()
  })
})
