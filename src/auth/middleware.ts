import { and, eq, sql } from 'drizzle-orm'
import type { Executor } from '../db/client'
import { preparedQuery, runPrepared } from '../db/prepared'
import { delegatedPrincipal } from './delegation'
import { createMiddleware } from 'hono/factory'
import { apiTokens, evaluatorGrants, users, type Role } from '../db/schema'
import type { AppEnv } from '../env'
import { ProblemError, forbidden } from '../problem'
import type { Principal } from './principal'
import { parseToken, secretMatches } from './tokens'
import { inTrialScope, isUuid, trialScope } from './scope'
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
  token: Pick<typeof apiTokens.$inferSelect, 'revokedAt' | 'expiresAt'>,
  user: Pick<typeof users.$inferSelect, 'disabledAt'>,
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
  if (c.get('principal')) return next()
  const delegated = delegatedPrincipal(c.req.raw)
  if (delegated) {
    c.set('principal', delegated)
    return next()
  }
  const token = bearerToken(c.req.header('authorization'))
  c.set('principal', await principalFromToken(c.get('db'), token, c.get('deps').clock()))
  await next()
})

/** Lets only the listed roles through (after `authenticate`). */
export const allow = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const role = c.get('principal').role
    if (!roles.includes(role))
      throw forbidden(
        `this route is for the ${roles.join(' or ')} role; the token's role is ${role}`
      )
    await next()
  })

/** The bearer token of a request, or 401. */
function bearerToken(header: string | undefined): string {
  if (!header) throw unauthorised('an Authorization: Bearer token is required')
  const match = /^Bearer\s+(\S+)$/i.exec(header)
  if (!match) throw unauthorised('the Authorization header must be "Bearer <token>"')
  return match[1]!
}

/** A moment as the driver gives it: a Date on PGlite, ISO text on postgres.js. */
const moment = (value: string | Date | null): Date | null =>
  value === null ? null : new Date(value)

interface TokenAndTrialRow {
  token_id: string
  secret_hash: string
  expires_at: string | Date | null
  revoked_at: string | Date | null
  user_id: string
  name: string
  role: Role
  council_id: string | null
  disabled_at: string | Date | null
  grants: Array<{ council_id: string | null; trial_id: string | null }> | null
  trial_id: string | null
  trial_council_id: string | null
}

/**
 * `principalFromToken` and the trial's id and council (null when there is no such trial) in one round trip: the
 * token, its user and (for an evaluator) the user's grants, read together with the trial in one prepared
 * statement. The token is checked exactly as `principalFromToken` checks it, on rows read now.
 */
export async function principalAndTrial(db: Executor, token: string, now: Date, trialId: string) {
  const parsed = parseToken(token)
  if (!parsed) throw unauthorised('the bearer token is not a trialworks token')
  const [row] = await preparedQuery<TokenAndTrialRow>(
    db
  )`select k.id as token_id, k.secret_hash, k.expires_at, k.revoked_at,
          u.id as user_id, u.name, u.role, u.council_id, u.disabled_at,
          case when u.role = 'evaluator' then
            (select coalesce(jsonb_agg(jsonb_build_object('council_id', g.council_id, 'trial_id', g.trial_id)),
                             '[]'::jsonb)
             from evaluator_grants g where g.user_id = u.id) end as grants,
          t.id as trial_id, t.council_id as trial_council_id
        from api_tokens k
        join users u on u.id = k.user_id
        left join trials t on t.id = ${trialId}
        where k.id = ${parsed.id}`
  // The secret is compared even when the id is unknown, so timing does not reveal which ids exist.
  const ok = secretMatches(parsed.secret, row?.secret_hash ?? '0'.repeat(64))
  if (!row || !ok) throw unauthorised('the bearer token is not valid')
  const reason = tokenUnusable(
    { revokedAt: moment(row.revoked_at), expiresAt: moment(row.expires_at) },
    { disabledAt: moment(row.disabled_at) },
    now
  )
  if (reason) throw unauthorised(reason)
  const principal: Principal = {
    userId: row.user_id,
    name: row.name,
    role: row.role,
    councilId: row.council_id,
    grantedCouncilIds: [],
    grantedTrialIds: [],
    tokenId: row.token_id,
  }
  for (const g of row.grants ?? []) {
    if (g.council_id) principal.grantedCouncilIds.push(g.council_id)
    if (g.trial_id) principal.grantedTrialIds.push(g.trial_id)
  }
  const trial =
    row.trial_id && row.trial_council_id
      ? { id: row.trial_id, councilId: row.trial_council_id }
      : null
  return { principal, trial }
}

/**
 * Runs before any route under /trials/{id}: authenticates and hides a trial outside the caller's
 * scope (404) before roles (403) and body validation (422) are considered, so a foreign council's
 * officer learns nothing about the trial, whatever they send. The public registration record is
 * exempt. A bearer token and the trial are read in one round trip (`principalAndTrial`).
 */
export const guardTrial = createMiddleware<AppEnv>(async (c, next) => {
  const id = c.req.param('id')
  if (c.req.method === 'GET' && c.req.path.endsWith('/registration')) return next()
  if (!id || !isUuid(id)) return next()
  if (!c.get('principal') && !delegatedPrincipal(c.req.raw)) {
    const token = bearerToken(c.req.header('authorization'))
    const found = await principalAndTrial(c.get('db'), token, c.get('deps').clock(), id)
    c.set('principal', found.principal)
    if (!found.trial || !inTrialScope(found.principal, found.trial)) throw notFound(`trial ${id}`)
    return next()
  }
  return authenticate(c, async () => {
    const scope = trialScope(c.get('principal'))
    const where = scope ? and(eq(trials.id, id), scope) : eq(trials.id, id)
    const rows = await runPrepared(
      c.get('db'),
      sql`select ${trials.id} from ${trials} where ${where}`
    )
    if (!rows.length) throw notFound(`trial ${id}`)
    await next()
  })
})
