import { validate } from '@scalar/openapi-parser'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { users } from '../../src/db/schema'
import { createApp } from '../../src/app'
import { silentLogger } from '../../src/env'
import { testConfig, useHarness } from '../support/harness'

const h = useHarness()

const countUsers = async () =>
  ((await h.open.db.select({ n: sql<number>`count(*)::int` }).from(users)) as [{ n: number }])[0].n

describe('service endpoints', () => {
  it('answers liveness and readiness', async () => {
    expect(await h.json('GET', '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } })
    expect(await h.json('GET', '/readyz')).toMatchObject({
      status: 200,
      body: { status: 'ready', database: 'ok' },
    })
  })

  it('publishes an OpenAPI 3.1 document with bearer security', async () => {
    const { status, body } = await h.json('GET', '/openapi.json')
    expect(status).toBe(200)
    expect(body.openapi).toBe('3.1.0')
    expect(body.components.securitySchemes.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
    })
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/healthz', '/readyz', '/admin/councils', '/me'])
    )
  })

  it('publishes a document that validates against the OpenAPI 3.1 schema, with every route documented', async () => {
    const doc = await (await h.request('GET', '/openapi.json')).json()
    const result = await validate(doc as Record<string, unknown>)
    expect(result.errors ?? []).toEqual([])
    expect(result.valid).toBe(true)
    const paths = doc as {
      paths: Record<
        string,
        Record<string, { responses: Record<string, unknown>; security?: unknown }>
      >
    }
    for (const [path, operations] of Object.entries(paths.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        expect(Object.keys(op.responses).length, `${method} ${path}`).toBeGreaterThan(0)
        // Every operation but the public ones names its security.
        if (!['/healthz', '/readyz', '/trials/{id}/registration'].includes(path))
          expect(op.security, `${method} ${path}`).toBeDefined()
      }
    }
  })

  it('serves the API reference page', async () => {
    const res = await h.request('GET', '/docs')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('text/html')
    expect(await res.text()).toContain('/openapi.json')
  })

  it('tags every response with a request id', async () => {
    const res = await h.request('GET', '/healthz')
    expect(res.headers.get('x-request-id')).toMatch(/.+/)
  })
})

describe('problem responses (RFC 9457)', () => {
  it('answers an unknown path with 404 problem+json', async () => {
    const res = await h.request('GET', '/no/such/thing')
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await res.json()).toMatchObject({
      type: '/problems/not-found',
      status: 404,
      title: 'Not found',
    })
  })

  it('answers a known path with the wrong method with 405 and Allow', async () => {
    const res = await h.request('DELETE', '/healthz')
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toContain('GET')
    expect(((await res.json()) as { type: string }).type).toBe('/problems/method-not-allowed')
  })

  it('refuses malformed JSON with 400 and writes nothing', async () => {
    const before = await countUsers()
    const res = await h.request('POST', '/admin/users', {
      token: h.cast.admin.token,
      raw: '{"name": "x", ',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
    expect(res.headers.get('content-type')).toBe('application/problem+json')
    expect(await countUsers()).toBe(before)
  })

  it('refuses a body in another media type with 415', async () => {
    const res = await h.request('POST', '/admin/users', {
      token: h.cast.admin.token,
      raw: 'name=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    })
    expect(res.status).toBe(415)
    expect(await res.json()).toMatchObject({
      type: '/problems/unsupported-media-type',
      accepted: ['application/json'],
    })
  })

  it('refuses unknown fields with 422 naming each field', async () => {
    const before = await countUsers()
    const { status, body } = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: 'Ann', role: 'centre', surname: 'Smith' },
    })
    expect(status).toBe(422)
    expect(body.errors).toEqual([
      expect.objectContaining({ pointer: '', detail: 'unknown field(s): surname' }),
    ])
    expect(await countUsers()).toBe(before)
  })

  it('lists every invalid field with a JSON pointer', async () => {
    const { status, body } = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: '', role: 'wizard' },
    })
    expect(status).toBe(422)
    expect(body.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual([
      '/name',
      '/role',
    ])
  })

  it('refuses an oversized body with 413', async () => {
    const res = await h.request('POST', '/admin/councils', {
      token: h.cast.admin.token,
      body: { slug: 'x', name: 'y'.repeat(70 * 1024) },
    })
    expect(res.status).toBe(413)
    expect(((await res.json()) as { type: string }).type).toBe('/problems/body-too-large')
  })

  it('never leaks internals on unexpected errors', async () => {
    const broken = new Proxy(
      {},
      {
        get() {
          throw new Error('secret internal detail at /srv/db.ts:12')
        },
      }
    ) as never
    const app = createApp({
      database: { acquire: () => ({ db: broken }) },
      clock: () => new Date(),
      config: testConfig,
      logger: silentLogger,
    })
    const res = await app.request('/me', {
      headers: { authorization: `Bearer ${h.cast.admin.token}` },
    })
    expect(res.status).toBe(500)
    const text = await res.text()
    expect(text).not.toContain('secret internal detail')
    expect(text).not.toContain('.ts')
    expect(JSON.parse(text)).toMatchObject({ type: '/problems/internal', status: 500 })
  })
})

describe('authentication', () => {
  it('requires a token', async () => {
    const res = await h.request('GET', '/me')
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toContain('Bearer')
  })

  it('refuses a malformed or unknown token', async () => {
    expect((await h.request('GET', '/me', { token: 'nonsense' })).status).toBe(401)
    const forged = h.cast.officerA.token.slice(0, -4) + 'AAAA'
    expect((await h.request('GET', '/me', { token: forged })).status).toBe(401)
  })

  it('resolves a valid token to its user and role', async () => {
    const { status, body } = await h.json('GET', '/me', { token: h.cast.officerA.token })
    expect(status).toBe(200)
    expect(body).toMatchObject({ role: 'officer', council_id: h.cast.councilA })
  })

  it('refuses a revoked token', async () => {
    const user = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: 'Temp', role: 'centre' },
    })
    const issued = await h.json('POST', `/admin/users/${user.body.id}/tokens`, {
      token: h.cast.admin.token,
      body: { label: 'temp' },
    })
    expect(issued.status).toBe(201)
    expect((await h.request('GET', '/me', { token: issued.body.token })).status).toBe(200)
    expect(
      (await h.request('DELETE', `/admin/tokens/${issued.body.id}`, { token: h.cast.admin.token }))
        .status
    ).toBe(204)
    const after = await h.json('GET', '/me', { token: issued.body.token })
    expect(after.status).toBe(401)
    expect(after.body.detail).toContain('revoked')
  })

  it('refuses an expired token', async () => {
    const user = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: 'Short-lived', role: 'centre' },
    })
    const expiry = new Date(h.now.value.getTime() + 60_000).toISOString()
    const issued = await h.json('POST', `/admin/users/${user.body.id}/tokens`, {
      token: h.cast.admin.token,
      body: { label: 'short', expires_at: expiry },
    })
    expect((await h.request('GET', '/me', { token: issued.body.token })).status).toBe(200)
    h.now.value = new Date(h.now.value.getTime() + 120_000)
    expect((await h.json('GET', '/me', { token: issued.body.token })).body.detail).toContain(
      'expired'
    )
  })

  it('stores only a hash of the token secret', async () => {
    const rows = (await h.open.db.execute(sql`select secret_hash from api_tokens`)) as unknown
    const list = Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows
    const secret = h.cast.admin.token.split('_').slice(2).join('_')
    expect(JSON.stringify(list)).not.toContain(secret)
    expect(
      list.every((r) => /^[0-9a-f]{64}$/.test((r as { secret_hash: string }).secret_hash))
    ).toBe(true)
  })
})

describe('admin routes are for admins only', () => {
  it.each(['officerA', 'evaluatorA', 'centre'] as const)(
    'refuses %s with 403 and writes nothing',
    async (who) => {
      const before = await countUsers()
      const res = await h.json('POST', '/admin/users', {
        token: h.cast[who].token,
        body: { name: 'X', role: 'centre' },
      })
      expect(res.status).toBe(403)
      expect(await countUsers()).toBe(before)
    }
  )

  it('requires officers to belong to a council', async () => {
    const res = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: 'X', role: 'officer' },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/council_id')
  })
})
