import { serve } from '@hono/node-server'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createApp } from './app'
import { loadConfig } from './config'
import { openDatabase } from './db/client'
import { onUncaught, renewableDatabase } from './db/driver-fault'
import { migrateDatabase } from './db/migrate'
import pkg from '../package.json' with { type: 'json' }
import { readEngineIdentity } from './engine-identity'
import { jsonLogger } from './env'
import { loggableError } from './problem'
import { seedDemo } from './seed/demo'
import { nodePageAssets } from './pages/assets-node'
import { shouldSeedDemo } from './seed/should-seed'
import { NODE_CPU_BUDGET, useComputeBackend, withBudget } from './compute'
import { WorkerPool } from './compute/worker-pool'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const migrationsFolder = join(root, 'migrations')

/** Without DATABASE_URL, an embedded PGlite database lives in `.data/` and keeps its own pseudonymisation key there. */
async function main() {
  const env = process.env
  const dataRoot = resolve(env.DATA_DIR ?? join(root, '.data'))
  let fallbackKey: string | undefined
  if (!env.DATABASE_URL) {
    mkdirSync(dataRoot, { recursive: true })
    const keyFile = join(dataRoot, 'pseudonym.key')
    if (!existsSync(keyFile))
      writeFileSync(keyFile, randomBytes(32).toString('hex'), { mode: 0o600 })
    fallbackKey = readFileSync(keyFile, 'utf8').trim()
  }
  const config = loadConfig(env, fallbackKey, readEngineIdentity(root, pkg.version))
  if (env.MIGRATION_DATABASE_URL) {
    // Migrations run as the owner role; the server itself then connects as the application role.
    const owner = await openDatabase({ databaseUrl: env.MIGRATION_DATABASE_URL })
    await migrateDatabase(owner, migrationsFolder)
    await owner.close()
  }
  const database = await renewableDatabase(() =>
    openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.DATABASE_URL ? undefined : join(dataRoot, 'pglite'),
    })
  )
  const open = database.current()
  if (!env.MIGRATION_DATABASE_URL) await migrateDatabase(open, migrationsFolder)
  // The demo (with working tokens, an administrator's among them) is for the embedded first start
  // only; a PostgreSQL database gets it only when asked for with SEED_DEMO=1.
  const seeded = shouldSeedDemo(env) ? await seedDemo(open.db, new Date(), config) : null
  if (seeded) {
    console.log(
      `\nDemo data created. API tokens (shown once${env.DATABASE_URL ? '' : `; also saved to ${join(dataRoot, 'demo-tokens.json')}`}):`
    )
    for (const t of seeded.tokens)
      console.log(`  ${t.role.padEnd(10)} ${t.who.padEnd(40)} ${t.token}`)
    if (!env.DATABASE_URL)
      writeFileSync(join(dataRoot, 'demo-tokens.json'), JSON.stringify(seeded.tokens, null, 2), {
        mode: 0o600,
      })
  }
  // Design diagnosis, analyses and pooling run on worker threads, off the thread that answers requests.
  const pool = new WorkerPool()
  useComputeBackend(withBudget(pool, NODE_CPU_BUDGET))
  const require = createRequire(import.meta.url)
  const scalarPath = require.resolve('@scalar/api-reference/browser/standalone.js')
  let scalarCache: string | undefined
  const pageAssets = nodePageAssets()
  // Compiled once at start (GOV.UK Frontend's Sass with Arial), so the first page is not slow.
  await pageAssets.stylesheet()
  const app = createApp({
    pageAssets,
    database: { acquire: () => ({ db: database.current().db }) },
    clock: () => new Date(),
    config,
    logger: jsonLogger,
    scalarScript: async () => (scalarCache ??= readFileSync(scalarPath, 'utf8')),
  })
  const port = Number(env.PORT ?? 8787)
  const server = serve({ fetch: app.fetch, port, hostname: env.HOST ?? '0.0.0.0' }, (info) => {
    console.log(
      `\ntrialworks listening on http://localhost:${info.port}  (database: ${open.kind}; docs at /docs)`
    )
  })
  // A driver's stray rejection (a connection dropping mid-handshake) is logged, never fatal: the
  // next request reconnects. Logged like any database error: statement and code, no parameters.
  process.on('unhandledRejection', (reason) =>
    jsonLogger.error({ msg: 'unhandled rejection', ...loggableError(reason) })
  )
  // The driver's write to a connection the server closed (see isDriverWriteAfterClose) gets a
  // fresh pool; any other uncaught exception is a bug: logged without parameters, then exit.
  process.on('uncaughtException', (err) => {
    if (onUncaught(err, database, (r) => jsonLogger.error(r)) === 'renewed') return
    jsonLogger.error({ msg: 'uncaught exception', ...loggableError(err) })
    process.exit(1)
  })
  const stop = async () => {
    server.close()
    await pool.close()
    await database.close()
    process.exit(0)
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
