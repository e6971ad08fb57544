import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { inject } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import { openDatabase, schema, type DatabaseOptions, type OpenDatabase } from '../../src/db/client'

type PGliteStart = NonNullable<DatabaseOptions['pglite']>
// The compiler's libraries (ES2023, no DOM) declare WebAssembly's types but not its global object.
const { compile } = (
  globalThis as unknown as {
    WebAssembly: { compile(bytes: Uint8Array): Promise<PGliteStart['pgliteWasmModule']> }
  }
).WebAssembly

// Kept for the worker's lifetime: test files that share a worker share the read tarball and the compiled
// WebAssembly instead of reading and compiling them again.
let start: { path: string; options: Promise<PGliteStart> } | undefined

/**
 * How each test file's PGlite starts: from the migrated data directory that test/support/global-setup.ts
 * dumped for this run, with PGlite's WebAssembly compiled once per worker.
 */
function pgliteStart(): Promise<PGliteStart> {
  const path = inject('pgliteSnapshot')
  if (!path)
    throw new Error('no PGlite snapshot: run the tests through vitest.config.ts (globalSetup)')
  if (start?.path !== path) {
    const dist = dirname(createRequire(import.meta.url).resolve('@electric-sql/pglite'))
    const compiled = (file: string) => compile(readFileSync(join(dist, file)))
    start = {
      path,
      options: Promise.all([compiled('pglite.wasm'), compiled('initdb.wasm')]).then(
        ([pgliteWasmModule, initdbWasmModule]) => ({
          loadDataDir: new Blob([readFileSync(path)]),
          fsBundle: new Blob([readFileSync(join(dist, 'pglite.data'))]),
          pgliteWasmModule,
          initdbWasmModule,
        })
      ),
    }
  }
  return start.options
}

/**
 * What the migrated snapshot holds, read from the first PGlite a worker boots: the rows the migrations wrote
 * (per table, as JSON) and a fingerprint of the schema (tables, triggers and whether each is enabled,
 * functions), against which a used database is checked before it is reset and used again.
 */
interface Pristine {
  rows: Array<{ table: string; rows: string }>
  tables: string[]
  schema: string
}

const SCHEMA_FINGERPRINT = `select md5(coalesce(string_agg(item, ',' order by item), '')) as fingerprint from (
  select 'r:' || relname || ':' || relkind::text as item from pg_class where relnamespace = 'public'::regnamespace
  union all
  select 't:' || c.relname || ':' || t.tgname || ':' || t.tgenabled::text from pg_trigger t
    join pg_class c on c.oid = t.tgrelid where c.relnamespace = 'public'::regnamespace
  union all
  select 'f:' || proname || ':' || md5(prosrc) from pg_proc where pronamespace = 'public'::regnamespace
) items`

async function readPristine(client: PGlite): Promise<Pristine> {
  const tables = (
    await client.query<{ name: string }>(
      `select quote_ident(tablename) as name from pg_tables where schemaname = 'public' order by 1`
    )
  ).rows.map((r) => r.name)
  const rows: Pristine['rows'] = []
  for (const table of tables) {
    const { rows: found } = await client.query<{ rows: string | null }>(
      `select json_agg(t)::text as rows from ${table} t`
    )
    if (found[0]?.rows) rows.push({ table, rows: found[0].rows })
  }
  const fingerprint = await client.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT)
  return { rows, tables, schema: fingerprint.rows[0]!.fingerprint }
}

/**
 * Puts a used database back as the snapshot left it, in one transaction: every table emptied (identities
 * restarted) and the migrations' rows written again, with triggers off meanwhile (the append-only tables
 * refuse TRUNCATE by trigger). Session state (settings, prepared statements, temporary tables) is discarded
 * first. False, and nothing changed, when a test changed the schema (a table, trigger or function added,
 * dropped or disabled): such a database is closed, never reused.
 */
async function resetToSnapshot(client: PGlite, pristine: Pristine): Promise<boolean> {
  await client.exec('discard all')
  const fingerprint = await client.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT)
  if (fingerprint.rows[0]!.fingerprint !== pristine.schema) return false
  await client.transaction(async (tx) => {
    await tx.exec(`set local session_replication_role = replica`)
    await tx.exec(`truncate ${pristine.tables.join(', ')} restart identity`)
    for (const { table, rows } of pristine.rows)
      await tx.query(
        `insert into ${table} select * from json_populate_recordset(null::${table}, $1)`,
        [rows]
      )
  })
  return true
}

// A worker's test files run one after another: the PGlite a file closes is kept, and the next file gets it
// back reset to the snapshot, instead of booting a new one (booting is most of a small test file's time).
let spare: PGlite | undefined
let pristine: Pristine | undefined

async function pgliteDatabase(): Promise<OpenDatabase> {
  let client = spare
  spare = undefined
  if (client && !(await resetToSnapshot(client, pristine!))) {
    await client.close()
    client = undefined
  }
  if (!client) {
    client = new PGlite('memory://', await pgliteStart())
    await client.waitReady
    pristine ??= await readPristine(client)
  }
  const driver = drizzle({ client, schema })
  const kept = client
  return {
    db: driver,
    driver,
    kind: 'pglite',
    close: async () => {
      if (spare || kept.closed) return kept.closed ? undefined : kept.close()
      spare = kept
    },
  }
}

/**
 * A private, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
 * snapshot by default, or a copy of the run's migrated template database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), so that test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) return pgliteDatabase()
  const template = inject('templateDatabase')
  if (!template) throw new Error('no template database: run the tests through vitest.config.ts')
  const { default: postgres } = await import('postgres')
  const name = `tw_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name} template ${template}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const open = await openDatabase({ databaseUrl: url.toString() })
  return {
    ...open,
    url: url.toString(),
    close: async () => {
      await open.close()
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}
