import { createServer, connect, type Server, type Socket } from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app'
import { openDatabase, type OpenDatabase } from '../../../src/db/client'
import { silentLogger } from '../../../src/env'
import { createHarness, testConfig, type Harness } from '../../support/harness'

/**
 * On PostgreSQL only (PGlite has no server to lose): the database goes away under a running app
 * and comes back. Requests meanwhile get 503 with Retry-After, never 500 or a hang, and the app
 * serves again by itself once the database answers, without a restart.
 */
const url = process.env.DATABASE_URL
const onPostgres = !!url && url.startsWith('postgres')

/** A TCP relay in front of PostgreSQL that can be cut (the server "stops") and restored. */
class Relay {
  private server: Server | null = null
  private readonly sockets = new Set<Socket>()
  port = 0
  constructor(
    private readonly host: string,
    private readonly target: number
  ) {}

  async start(port = 0): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target, this.host)
      this.sockets.add(client).add(upstream)
      client.pipe(upstream).pipe(client)
      const end = () => {
        client.destroy()
        upstream.destroy()
        this.sockets.delete(client)
        this.sockets.delete(upstream)
      }
      client.on('error', end).on('close', end)
      upstream.on('error', end).on('close', end)
    })
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve))
    this.port = (this.server.address() as { port: number }).port
  }

  /** Stops listening and drops every open connection, as a stopped server does. */
  async cut(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    this.sockets.clear()
    await new Promise<void>((resolve) =>
      this.server ? this.server.close(() => resolve()) : resolve()
    )
    this.server = null
  }
}

describe.skipIf(!onPostgres)('losing the database (PostgreSQL)', () => {
  let h: Harness
  let relay: Relay
  let proxied: OpenDatabase
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    h = await createHarness()
    const direct = new URL((h.open as OpenDatabase & { url?: string }).url!)
    relay = new Relay(direct.hostname, Number(direct.port || 5432))
    await relay.start()
    const through = new URL(direct)
    through.hostname = '127.0.0.1'
    through.port = String(relay.port)
    proxied = await openDatabase({ databaseUrl: through.toString() })
    app = createApp({
      database: { acquire: () => ({ db: proxied.db, release: async () => {} }) },
      clock: () => new Date('2026-03-02T09:00:00Z'),
      config: testConfig,
      logger: silentLogger,
    })
  })
  afterAll(async () => {
    await relay?.cut()
    await proxied?.close().catch(() => {})
    await h?.close()
  })

  const get = async (path: string) => {
    const started = performance.now()
    const res = await app.request(path, {
      headers: { authorization: `Bearer ${h.cast.officerA.token}` },
    })
    return { res, ms: performance.now() - started, body: (await res.json()) as any }
  }

  it('answers 503 with Retry-After while the database is gone, then recovers by itself', async () => {
    expect((await get('/trials')).res.status).toBe(200)

    const port = relay.port
    await relay.cut()
    const down = await get('/trials')
    expect(down.res.status).toBe(503)
    expect(down.res.headers.get('retry-after')).toBe('2')
    expect(down.body.type).toBe('/problems/database-unavailable')
    const ready = await get('/readyz')
    expect(ready.res.status).toBe(503)

    await relay.start(port)
    let status = 0
    for (let i = 0; i < 20 && status !== 200; i++) {
      status = (await get('/trials')).res.status
      if (status !== 200) await new Promise((r) => setTimeout(r, 250))
    }
    expect(status).toBe(200)
    console.log(`database lost: ${down.res.status} in ${down.ms.toFixed(0)} ms; restored: 200`)
  })

  it('a backend terminated by the server (pg_terminate_backend) is a 503 or a reconnect, never a 500', async () => {
    const admin = postgres((h.open as OpenDatabase & { url?: string }).url!, {
      max: 1,
      onnotice: () => {},
    })
    try {
      const statuses: number[] = []
      // Terminate every other backend of this database while requests run.
      const requests = Array.from({ length: 20 }, async (_, i) => {
        await new Promise((r) => setTimeout(r, i * 5))
        statuses.push((await get('/trials')).res.status)
      })
      await admin`select pg_terminate_backend(pid) from pg_stat_activity
        where datname = current_database() and pid <> pg_backend_pid()`
      await Promise.all(requests)
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true)
      expect((await get('/trials')).res.status).toBe(200)
      console.log(`after pg_terminate_backend: ${statuses.join(' ')}`)
    } finally {
      await admin.end()
    }
  })
})
