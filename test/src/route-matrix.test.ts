import { eq, sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'
import { trials } from '../../src/db/schema'
import { openSession, resolveSession } from '../../src/services/sessions'

/**
 * Every route of the app must appear here with the roles allowed to call it; a new route without
 * an entry fails this test. Each entry is then checked for: 401 without a token, 403 for every
 * role outside the list, no 401/403 for the roles inside it, and tenancy: an officer of another
 * council and an evaluator without a grant can neither see nor change council A's trial, and the
 * database is unchanged by their attempts.
 */
type Role = 'officer' | 'evaluator' | 'centre' | 'admin'
const ALL: Role[] = ['officer', 'evaluator', 'centre', 'admin']
const MATRIX: Record<string, Role[]> = {
  'GET /councils': ALL,
  'POST /admin/councils': ['admin'],
  'POST /admin/users': ['admin'],
  'POST /admin/users/:id/tokens': ['admin'],
  'DELETE /admin/tokens/:id': ['admin'],
  'POST /admin/evaluator-grants': ['admin'],
  'GET /me': ALL,
  'GET /interventions': ALL,
  'GET /interventions/:id': ALL,
  'POST /interventions': ['officer'],
  'PUT /interventions/:id': ['officer'],
  'GET /trials': ALL,
  'POST /trials': ['officer'],
  'GET /trials/:id': ALL,
  'PUT /trials/:id/protocol': ['officer'],
  'POST /trials/:id/register': ['officer'],
  'POST /trials/:id/recruit': ['officer'],
  'POST /trials/:id/close': ['officer'],
  'POST /trials/:id/withdraw': ['officer'],
  'POST /trials/:id/complete-data-collection': ['officer', 'evaluator'],
  'POST /trials/:id/amendments': ['officer'],
  'GET /trials/:id/versions': ALL,
  'POST /trials/:id/enrolments': ['officer'],
  'POST /trials/:id/enrolments/batch': ['officer'],
  'GET /trials/:id/enrolments': ALL,
  'GET /trials/:id/households/:household/enrolment': ALL,
  'GET /trials/:id/allocation-export': ALL,
  'POST /trials/:id/analyses': ['evaluator'],
  'POST /trials/:id/analyses/exploratory': ['evaluator'],
  'POST /trials/:id/diagnosis': ['officer', 'evaluator', 'centre'],
  'GET /trials/:id/analyses': ALL,
  'GET /trials/:id/analyses/:runId': ALL,
  'PUT /trials/:id/households/:household/observations': ['officer', 'evaluator'],
  'GET /trials/:id/households/:household/observations': ALL,
  'GET /trials/:id/households/:household/observations/:variable/history': ALL,
  'POST /trials/:id/imports': ['officer', 'evaluator'],
  'GET /trials/:id/dataset.csv': ALL,
  'GET /trials/:id/progress': ALL,
  'POST /trials/:id/ratings': ['evaluator', 'centre'],
  'GET /trials/:id/ratings': ALL,
  'POST /trials/:id/ratings/:ratingId/decisions': ['centre'],
  'GET /interventions/:id/evidence': ALL,
  'POST /trials/:id/screening': ['officer', 'evaluator'],
  'POST /trials/:id/screening/imports': ['officer', 'evaluator'],
  'GET /trials/:id/screening': ALL,
  'GET /trials/:id/screening/:recordId/history': ALL,
  'POST /trials/:id/adherence': ['officer', 'evaluator'],
  'POST /trials/:id/adherence/imports': ['officer', 'evaluator'],
  'GET /trials/:id/adherence': ALL,
  'GET /trials/:id/households/:household/adherence': ALL,
  'POST /trials/:id/exclusions': ['officer', 'evaluator'],
  'POST /trials/:id/exclusions/imports': ['officer', 'evaluator'],
  'GET /trials/:id/exclusions': ALL,
  'GET /trials/:id/households/:household/exclusion': ALL,
  'GET /trials/:id/consort': ALL,
  'GET /trials/:id/consort.svg': ALL,
  'GET /trials/:id/checklist': ALL,
  'GET /trials/:id/report': ALL,
  'GET /trials/:id/summary': ALL,
  'PUT /trials/:id/report/details': ['officer', 'evaluator'],
  'POST /trials/:id/report/publish': ['officer', 'evaluator'],
  'GET /trials/:id/registry-export/who-trds': ALL,
  'GET /trials/:id/progress/waitlist': ALL,
  'GET /interventions/:id/evidence/forest.svg': ALL,
  'GET /audit/verify': ['centre', 'admin'],
  'GET /trials/:id/audit': ALL,
}
/** Routes anyone may call: service endpoints, documentation and the public registry. */
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'GET /openapi.json',
  'GET /docs',
  'GET /scalar.js',
  'GET /',
  'GET /registry/:id',
  'GET /problems/:slug',
  'GET /trials/:id/registration',
  'GET /evidence/:id',
  'GET /registry/:id/record.json',
  'GET /registry/:id/allocations.json',
  'GET /registry/:id/dataset.json',
  'GET /assets/report.css',
  'GET /registry/:id/report',
  'GET /registry/:id/summary',
  'GET /registry/:id/consort.svg',
  'GET /registry/:id/who-trds.json',
  'GET /registry/:id/protocol',
  'GET /assets/app.css',
  'GET /assets/images/:name',
  'GET /favicon.svg',
  'GET /favicon.ico',
  'GET /sign-in',
  'POST /sign-in',
])
/**
 * Pages for signed-in staff (session cookie, not bearer token): each with the roles that may use
 * it. Without a session they redirect to sign-in; other roles get a 403 page; a form posted
 * without its CSRF token is refused whatever the role.
 */
const PAGES: Record<string, Role[]> = {
  'GET /app': ALL,
  'POST /sign-out': ALL,
  'GET /app/trials/:id': ALL,
  'POST /app/trials/:id/recruit': ['officer'],
  'POST /app/trials/:id/close': ['officer'],
  'GET /app/trials/:id/enrol': ['officer'],
  'POST /app/trials/:id/enrol': ['officer'],
  'GET /app/trials/:id/upload': ['officer', 'evaluator'],
  'POST /app/trials/:id/upload': ['officer', 'evaluator'],
  'GET /app/trials/:id/template.csv': ['officer', 'evaluator'],
  'GET /app/trials/:id/screening': ['officer', 'evaluator'],
  'POST /app/trials/:id/screening': ['officer', 'evaluator'],
  'GET /app/trials/:id/adherence': ['officer', 'evaluator'],
  'GET /app/trials/:id/adherence/:household': ['officer', 'evaluator'],
  'POST /app/trials/:id/adherence/:household': ['officer', 'evaluator'],
  'GET /app/trials/:id/exclusions': ['officer', 'evaluator'],
  'POST /app/trials/:id/exclusions': ['officer', 'evaluator'],
  'GET /app/trials/new': ['officer'],
  'POST /app/trials/new': ['officer'],
  'GET /app/trials/:id/protocol': ['officer'],
  'GET /app/trials/:id/protocol/check': ['officer'],
  'GET /app/trials/:id/protocol/:step': ['officer'],
  'POST /app/trials/:id/protocol/:step': ['officer'],
  'POST /app/trials/:id/register': ['officer'],
  'GET /app/trials/:id/analysis': ['evaluator'],
  'POST /app/trials/:id/analysis': ['evaluator'],
  'POST /app/trials/:id/complete': ['evaluator'],
  'GET /app/trials/:id/report': ALL,
  'GET /app/trials/:id/rating': ['centre'],
  'POST /app/trials/:id/rating/compute': ['centre'],
  'POST /app/trials/:id/rating/decide': ['centre'],
}
/**
 * Routes that change a trial's state without a body: each call gets a recruiting trial that no call has
 * changed (see {@link routeCall}).
 */
const CONSUMING = new Set([
  'POST /trials/:id/close',
  'POST /trials/:id/recruit',
  'POST /trials/:id/register',
  'POST /app/trials/:id/recruit',
  'POST /app/trials/:id/close',
  'POST /app/trials/:id/register',
  'POST /app/trials/:id/analysis',
  'POST /app/trials/:id/complete',
])

const h = useHarness()
let trialA: string
let interventionA: string
const tokenOf = (role: Role) =>
  ({
    officer: h.cast.officerA,
    evaluator: h.cast.evaluatorA,
    centre: h.cast.centre,
    admin: h.cast.admin,
  })[role].token

beforeAll(async () => {
  const t = await createRecruitingTrial(h)
  trialA = t.trialId
  interventionA = t.interventionId
})

function appRoutes(): string[] {
  const keys = new Set<string>()
  for (const r of h.app.routes) if (r.method !== 'ALL') keys.add(`${r.method} ${r.path}`)
  return [...keys].sort()
}

/** A recruiting trial of council A for the CONSUMING routes, and its row as it was when created. */
let unchanged: { trialId: string; row: string } | undefined

const trialRow = async (trialId: string) =>
  JSON.stringify(await h.open.db.select().from(trials).where(eq(trials.id, trialId)))

/**
 * Sends one call of a route through `send`. A CONSUMING route's call gets a recruiting trial in the state
 * a fresh one has: the one the previous calls used while every one of them was refused (401, 403, 404 or
 * a redirect to sign-in) and its row is unchanged, else a new one. Creating a trial per call made most
 * of this file's time; a refused call leaves its trial as it found it.
 */
async function routeCall(
  key: string,
  send: (call: { method: string; path: string; body: {} | undefined }) => Promise<Response>
): Promise<Response> {
  if (!CONSUMING.has(key)) return send(concrete(key, trialA))
  if (!unchanged || (await trialRow(unchanged.trialId)) !== unchanged.row) {
    const { trialId } = await createRecruitingTrial(h)
    unchanged = { trialId, row: await trialRow(trialId) }
  }
  const res = await send(concrete(key, unchanged.trialId))
  const refused =
    [401, 403, 404].includes(res.status) ||
    (res.status === 303 && (res.headers.get('location') ?? '').startsWith('/sign-in'))
  if (!refused) unchanged = undefined
  return res
}

function concrete(key: string, trialId: string) {
  const [method, pattern] = key.split(' ') as [string, string]
  const path = pattern
    .replace(/^\/interventions\/:id/, `/interventions/${interventionA}`)
    .replace(/^\/trials\/:id/, `/trials/${trialId}`)
    .replace(/^\/app\/trials\/:id/, `/app/trials/${trialId}`)
    .replace(/:[A-Za-z_]+/g, '00000000-0000-4000-8000-000000000000')
  // An empty JSON object: enough to reach authorisation, never a valid write.
  const body = method === 'GET' || method === 'DELETE' ? undefined : {}
  return { method, path, body }
}

/** A signed-in session for a role: its cookie and CSRF token. */
async function sessionOf(role: Role) {
  const opened = await openSession(h.open.db, tokenOf(role), h.now.value)
  const state = await resolveSession(h.open.db, opened.secret, h.now.value)
  if (state.state !== 'active') throw new Error('session not active')
  return { cookie: `tw_session=${opened.secret}`, csrf: state.csrfToken }
}

function pageRequest(key: string, session?: { cookie: string; csrf: string }, csrf = true) {
  return routeCall(key, async ({ method, path }) => {
    const headers: Record<string, string> = session ? { cookie: session.cookie } : {}
    let body: string | undefined
    if (method !== 'GET') {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      body = csrf && session ? `csrf_token=${encodeURIComponent(session.csrf)}` : ''
    }
    return h.app.request(path, { method, headers, body, redirect: 'manual' })
  })
}

async function snapshot(): Promise<string> {
  const tables = [
    'councils',
    'users',
    'api_tokens',
    'evaluator_grants',
    'interventions',
    'trials',
    'protocol_versions',
    'enrolments',
    'observations',
    'analysis_runs',
    'screening_records',
    'adherence_records',
    'analysis_exclusions',
  ]
  const counts: Record<string, unknown> = {}
  for (const t of tables) {
    const r = (await h.open.db.execute(
      sql.raw(
        `select count(*)::int as n, md5(coalesce(string_agg(t::text, '|' order by t::text), '')) as digest from ${t} t`
      )
    )) as unknown
    counts[t] = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows)[0]
  }
  return JSON.stringify(counts)
}

describe('route matrix', () => {
  it('lists every route of the app', () => {
    const unlisted = appRoutes().filter(
      (k) => !(k in MATRIX) && !(k in PAGES) && !PUBLIC.has(k) && !k.startsWith('GET /__')
    )
    expect(unlisted, 'add these routes to MATRIX with their roles').toEqual([])
  })

  it('answers 401 without a token on every non-public route', async () => {
    for (const key of Object.keys(MATRIX)) {
      const res = await routeCall(key, ({ method, path, body }) =>
        h.request(method, path, { body })
      )
      expect(res.status, key).toBe(401)
    }
  })

  it('answers 403 to every role outside the list and lets the listed roles through', async () => {
    for (const [key, roles] of Object.entries(MATRIX)) {
      for (const role of ALL) {
        const res = await routeCall(key, ({ method, path, body }) =>
          h.request(method, path, { token: tokenOf(role), body })
        )
        if (roles.includes(role))
          expect([401, 403], `${key} as ${role} (${res.status})`).not.toContain(res.status)
        else expect(res.status, `${key} as ${role}`).toBe(403)
      }
    }
  })

  it('sends a signed-out browser to sign-in from every page, and back afterwards', async () => {
    for (const key of Object.keys(PAGES)) {
      const res = await pageRequest(key)
      expect(res.status, key).toBe(303)
      expect(res.headers.get('location'), key).toMatch(/^\/sign-in\?next=%2F/)
    }
  })

  it('lets only the listed roles use each page, and refuses forms without their CSRF token', async () => {
    const sessions = Object.fromEntries(
      await Promise.all(ALL.map(async (r) => [r, await sessionOf(r)] as const))
    )
    let htmlPages = 0
    for (const [key, roles] of Object.entries(PAGES)) {
      for (const role of ALL) {
        if (!key.startsWith('GET ')) {
          const refused = await pageRequest(key, sessions[role], false)
          expect(refused.status, `${key} without CSRF as ${role}`).toBe(403)
          expect(await refused.text()).toContain('security token')
        }
        const res = await pageRequest(key, sessions[role])
        if (roles.includes(role)) expect(res.status, `${key} as ${role}`).not.toBe(403)
        else expect(res.status, `${key} as ${role}`).toBe(403)
        // Every HTML answer (the page, or its refusal) carries the pages' Content-Security-Policy
        // and nothing it would block: no inline script or style.
        if ((res.headers.get('content-type') ?? '').startsWith('text/html')) {
          const csp = res.headers.get('content-security-policy') ?? ''
          expect(csp, `${key} as ${role}`).toContain("script-src 'self';")
          expect(csp, `${key} as ${role}`).toContain("style-src 'self';")
          expect(await res.text(), `${key} as ${role}`).not.toMatch(
            /<style|<script(?![^>]*\ssrc=)|\sstyle="|\son[a-z]+="/
          )
          htmlPages++
        }
      }
      // Sign-out ended the session: open fresh ones for the next page.
      if (key === 'POST /sign-out') for (const r of ALL) sessions[r] = await sessionOf(r)
    }
    expect(htmlPages).toBeGreaterThan(Object.keys(PAGES).length)
  }, 180_000)

  it("keeps council A's trial invisible and unchanged for another council's officer and an ungranted evaluator", async () => {
    const before = await snapshot()
    for (const key of Object.keys(MATRIX).filter((k) => k.includes('/trials/:id'))) {
      for (const token of [h.cast.officerB.token, h.cast.evaluatorNone.token]) {
        const res = await routeCall(key, ({ method, path, body }) =>
          h.request(method, path, { token, body })
        )
        expect([403, 404], `${key} (${res.status})`).toContain(res.status)
      }
    }
    // CONSUMING routes made fresh trials of council A: compare only what existed before.
    const lists = await h.json('GET', '/trials', { token: h.cast.officerB.token })
    expect(lists.body.trials).toEqual([])
    const evaluatorList = await h.json('GET', '/trials', { token: h.cast.evaluatorNone.token })
    expect(evaluatorList.body.trials).toEqual([])
    expect(JSON.parse(await snapshot()).enrolments).toEqual(JSON.parse(before).enrolments)
  })
})
