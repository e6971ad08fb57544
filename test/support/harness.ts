import { afterAll, beforeAll } from 'vitest'
import { createApp, type App } from '../../src/app'
import type { Database, OpenDatabase } from '../../src/db/client'
import { readEngineIdentity } from '../../src/engine-identity'
import type { AppConfig } from '../../src/env'
import { silentLogger } from '../../src/env'
import { drawSeed } from '../../src/services/trials'
import { createCouncil, createToken, createUser, grantEvaluator } from '../../src/services/accounts'
import { createSeededTestDatabase } from './database'

export const testConfig: AppConfig = {
  bodyLimitBytes: 64 * 1024,
  importBodyLimitBytes: 8 * 1024 * 1024,
  pseudonymKey: 'test-pseudonym-key-0123456789abcdef0123456789abcdef',
  version: '0.0.0-test',
  engine: readEngineIdentity(new URL('../..', import.meta.url).pathname, '0.0.0-test'),
}

export interface Account {
  userId: string
  token: string
  councilId: string | null
}

/** The cast of every route test: two councils, an officer of each, an evaluator of A, Centre staff, an admin. */
export interface Cast {
  councilA: string
  councilB: string
  officerA: Account
  officerB: Account
  evaluatorA: Account
  evaluatorNone: Account
  centre: Account
  admin: Account
}

export interface RequestOptions {
  token?: string
  body?: unknown
  /** Raw body: sent as is, without JSON encoding. */
  raw?: string
  headers?: Record<string, string>
}

export interface Harness {
  app: App
  open: OpenDatabase
  cast: Cast
  now: { value: Date }
  /** Seeds the server draws next, in order (then the CSPRNG): for comparisons with reference results. */
  nextSeeds: string[]
  request(method: string, path: string, options?: RequestOptions): Promise<Response>
  json<T = any>(
    method: string,
    path: string,
    options?: RequestOptions
  ): Promise<{ status: number; body: T; headers: Headers }>
  close(): Promise<void>
}

/** When the harness's clock starts, and when the cast was created. */
const START = '2026-03-02T09:00:00.000Z'

/**
 * Creates the cast through the services. A module-level function, so that the test files of a worker
 * share one seed: the database of each is reset to the cast's rows instead of creating them again.
 */
async function seedCast(db: Database): Promise<Cast> {
  const t = new Date(START)
  const sys = { id: null }
  const a = await createCouncil(db, t, sys, {
    slug: 'council-a',
    code: 'E07000801',
    name: 'Council A',
  })
  const b = await createCouncil(db, t, sys, {
    slug: 'council-b',
    code: 'E07000802',
    name: 'Council B',
  })
  const account = async (
    role: 'officer' | 'evaluator' | 'centre' | 'admin',
    councilId: string | null
  ): Promise<Account> => {
    const user = await createUser(db, t, sys, { name: `${role} user`, role, councilId })
    const { token } = await createToken(db, t, sys, { userId: user.id, label: 'test' })
    return { userId: user.id, token, councilId }
  }
  const evaluatorA = await account('evaluator', null)
  await grantEvaluator(db, t, sys, { userId: evaluatorA.userId, councilId: a.id })
  return {
    councilA: a.id,
    councilB: b.id,
    officerA: await account('officer', a.id),
    officerB: await account('officer', b.id),
    evaluatorA,
    evaluatorNone: await account('evaluator', null),
    centre: await account('centre', null),
    admin: await account('admin', null),
  }
}

/** A fresh database, app and cast for one test file. */
export async function createHarness(config: Partial<AppConfig> = {}): Promise<Harness> {
  const { open, seeded: cast } = await createSeededTestDatabase(seedCast)
  const now = { value: new Date(START) }
  const nextSeeds: string[] = []
  const app = createApp({
    drawSeed: () => nextSeeds.shift() ?? drawSeed(),
    database: { acquire: () => ({ db: open.db }) },
    clock: () => new Date(now.value),
    config: { ...testConfig, ...config },
    logger: silentLogger,
  })
  const request = (method: string, path: string, options: RequestOptions = {}) => {
    const headers: Record<string, string> = { ...(options.headers ?? {}) }
    if (options.token) headers.authorization = `Bearer ${options.token}`
    let body: string | undefined
    if (options.raw !== undefined) body = options.raw
    else if (options.body !== undefined) {
      body = JSON.stringify(options.body)
      headers['content-type'] ??= 'application/json'
    }
    return Promise.resolve(app.request(path, { method, headers, body }))
  }
  return {
    app,
    open,
    cast,
    now,
    nextSeeds,
    request,
    async json(method, path, options) {
      const res = await request(method, path, options)
      const text = await res.text()
      return { status: res.status, body: text ? JSON.parse(text) : null, headers: res.headers }
    },
    close: () => open.close(),
  }
}

/**
 * The harness of one test file: created before its first test (a fresh database cloned from the run's
 * migrated snapshot, the app and the cast) and closed after its last. The returned object forwards to that
 * harness, so it can be declared at the top of the file and used in any test or later hook (a file's own
 * beforeAll, registered after this call, runs after the harness exists).
 *
 * @example
 * const h = useHarness()
 * it('answers', async () => expect((await h.json('GET', '/healthz')).status).toBe(200))
 */
export function useHarness(config: Partial<AppConfig> = {}): Harness {
  let current: Harness | undefined
  const get = (): Harness => {
    if (!current) throw new Error('the harness is used before beforeAll created it')
    return current
  }
  beforeAll(async () => {
    current = await createHarness(config)
  })
  afterAll(async () => {
    await current?.close()
    current = undefined
  })
  return {
    get app() {
      return get().app
    },
    get open() {
      return get().open
    },
    get cast() {
      return get().cast
    },
    get now() {
      return get().now
    },
    get nextSeeds() {
      return get().nextSeeds
    },
    request: (method, path, requestOptions) => get().request(method, path, requestOptions),
    json: (method, path, requestOptions) => get().json(method, path, requestOptions),
    close: () => get().close(),
  }
}
