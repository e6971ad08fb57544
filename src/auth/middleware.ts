import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client'
import { runPrepared } from '../db/prepared'
import { delegatedPrincipal } from './delegation'
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

/**
 * Resolves a bearer token string into its principal, or throws 401 with the reason. Used by the
 * API's `authenticate` and by the pages' sign-in, so both accept exactly the same tokens.
 */
export async function principalFromToken(db: Executor, token: string, now: Date) {
  const parsed = parseToken(token)
  if (!parsed) throw unauthorised('the bearer token is not a trialworks token')
  const rows = await tokenQuery(db).execute({ id: parsed.id })
  const row = rows[0]
  // The secret is compared even when the id is unknown, so timing does not reveal which ids exist.
  const ok = secretMatches(parsed.secret, row?.token.secretHash ?? '0'.repeat(64))
  if (!row || !ok) throw unauthorised('the bearer token is not valid')
  const reason = tokenUnusable(row.token, row.user, now)
  if (reason) throw unauthorised(reason)
  return principalFor(db, row.user, row.token.id)
}

const tokenQueries = new WeakMap<Executor, ReturnType<typeof buildTokenQuery>>()
const buildTokenQuery = (db: Executor) =>
  db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.id, sql.placeholder('id')))
    .prepare('token_with_user')
/**
 * The token lookup every API request makes, built once per database (query building costs more than the
 * lookup) and prepared: on postgres.js the server plans it once per connection.
 */
function tokenQuery(db: Executor) {
  let query = tokenQueries.get(db)
  if (!query) tokenQueries.set(db, (query = buildTokenQuery(db)))
  return query
}

/** Why a token (or a session opened with it) can no longer be used; null when it can. */
export function tokenUnusable(
  token: typeof apiTokens.$inferSelect,
  user: typeof users.$inferSelect,
  now: Date
): string | null {
  if (token.revokedAt) return 'the bearer token has been revoked'
  if (token.expiresAt && token.expiresAt <= now) return 'the bearer token has expired'
  if (user.disabledAt) return 'the account is disabled'
  return null
}

/** The principal of a user acting through one token: role, council and evaluator grants. */
export async function principalFor(
  db: Executor,
  user: typeof users.$inferSelect,
  tokenId: string
): Promise<Principal> {
  const principal: Principal = {
    userId: user.id,
    name: user.name,
    role: user.role,
    councilId: user.councilId,
    grantedCouncilIds: [],
    grantedTrialIds: [],
    tokenId,
  }
  if (principal.role === 'evaluator') {
    const grants = await db
      .select()
      .from(evaluatorGrants)
      .where(eq(evaluatorGrants.userId, principal.userId))
    for (const g of grants) {
      if (g.councilId) principal.grantedCouncilIds.push(g.councilId)
      if (g.trialId) principal.grantedTrialIds.push(g.trialId)
    }
  }
  return principal
}

/**
 * Resolves `Authorization: Bearer tw_<id>_<secret>` into `c.var.principal`, or answers 401. A
 * request the pages make in-process on behalf of a signed-in user carries its principal already
 * (see `delegatedPrincipal`).
 */
export const authenticate = createMiddleware<AppEnv>(async (c, next) => {
  // Idempotent: the trial guard may already have authenticated this request.
  if (c.var.principal) return next()
  const delegated = delegatedPrincipal(c.req.raw)
  if (delegated) {
    c.set('principal', delegated)
    return next()
  }
  const header = c.req.header('authorization')
  if (!header) throw unauthorised('an Authorization: Bearer token is required')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthorised('the Authorization header must be "Bearer <token>"')
  c.set('principal', await principalFromToken(c.var.db, match[1]!, c.var.deps.clock()))
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
    const where = scope ? and(eq(trials.id, id), scope) : eq(trials.id, id)
    const rows = await runPrepared(c.var.db, sql`select ${trials.id} from ${trials} where ${where}`)
    if (!rows.length) throw notFound(`trial ${id}`)
    await next()
  })
})
