import { createServer, connect, type Server, type Socket } from 'node:net'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app'
import { openDatabase, type OpenDatabase } from '../../../src/db/client'
import { onUncaught, renewableDatabase, type RenewableDatabase } from '../../../src/db/driver-fault'
import { silentLogger } from '../../../src/env'
import { createHarness, testConfig, type Harness } from '../../support/harness'
import { createRecruitingTrial, enrolExampleHouseholds } from '../../support/fixtures'

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
  let proxied: RenewableDatabase
  let app: ReturnType<typeof createApp>

  beforeAll(async () => {
    h = await createHarness()
    const direct = new URL((h.open as OpenDatabase & { url?: string }).url!)
    relay = new Relay(direct.hostname, Number(direct.port || 5432))
    await relay.start()
    const through = new URL(direct)
    through.hostname = '127.0.0.1'
    through.port = String(relay.port)
    // Held as the server holds it: a driver fault gets a fresh pool (src/db/driver-fault.ts).
    proxied = await renewableDatabase(() => openDatabase({ databaseUrl: through.toString() }))
    app = createApp({
      database: { acquire: () => ({ db: proxied.current().db }) },
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

  it('an import whose backend is terminated mid-write answers 503 with Retry-After, writes nothing, and succeeds when sent again', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const households = await enrolExampleHouseholds(h, trialId, 20, 'CUT')
    const csv = ['household_ref,homeless_6m', ...households.map((_, i) => `CUT-${i},${i % 2}`)]
    const upload = () =>
      app.request(`/trials/${trialId}/imports?kind=outcome`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.cast.officerA.token}`,
          'content-type': 'text/csv',
        },
        body: csv.join('\n') + '\n',
      })
    const admin = postgres((h.open as OpenDatabase & { url?: string }).url!, {
      max: 2,
      onnotice: () => {},
    })
    const written = async () =>
      (
        await admin`select
          (select count(*)::int from observations where trial_id = ${trialId} and source <> 'enrolment') as observations,
          (select count(*)::int from data_imports where trial_id = ${trialId}) as imports`
      )[0]
    // What the server does with an exception nothing caught (src/server.ts), in place of vitest's
    // handler while this test runs; anything but the driver's fault is passed on to vitest.
    const faults: string[] = []
    process.setUncaughtExceptionCaptureCallback((err) => {
      if (onUncaught(err, proxied, (r) => faults.push(String(r.msg))) === 'fatal')
        for (const listener of process.listeners('uncaughtException'))
          listener(err as Error, 'uncaughtException')
    })
    try {
      // Hold the import's last table, so the request stops inside its transaction after writing
      // the observations; then the server terminates that backend, as an operator or a failover would.
      const reserved = await admin.reserve()
      await reserved`begin`
      await reserved`lock table data_imports in access exclusive mode`
      const pending = upload()
      let blocked: Array<{ pid: number }> = []
      for (let i = 0; i < 200 && blocked.length === 0; i++) {
        blocked = await admin<Array<{ pid: number }>>`select pid from pg_stat_activity
          where datname = current_database() and wait_event_type = 'Lock' and query ilike '%data_imports%'`
        if (blocked.length === 0) await new Promise((r) => setTimeout(r, 25))
      }
      expect(blocked).toHaveLength(1)
      await admin`select pg_terminate_backend(${blocked[0]!.pid})`
      const res = await pending
      await reserved`rollback`
      reserved.release()
      // The driver's deferred ROLLBACK on the dead connection fires on a later tick.
      await new Promise((r) => setTimeout(r, 200))
      const body = (await res.json()) as { type: string }
      expect(res.status).toBe(503)
      expect(res.headers.get('retry-after')).toBe('2')
      expect(body.type).toBe('/problems/database-unavailable')
      // All or nothing: the observations written before the cut were rolled back with it.
      expect(await written()).toEqual({ observations: 0, imports: 0 })
      // The client retries as told and the import goes through.
      const again = await upload()
      expect(again.status).toBe(201)
      expect(await written()).toEqual({ observations: 20, imports: 1 })
      console.log(
        `import cut mid-write: ${res.status} (Retry-After 2), nothing written; driver faults answered with a fresh pool: ${faults.length}; sent again: ${again.status}`
      )
    } finally {
      process.setUncaughtExceptionCaptureCallback(null)
      await admin.end()
    }
  })
})
