import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { inject } from 'vitest'
import { PGlite } from '@electric-sql/pglite'
import { drizzle } from 'drizzle-orm/pglite'
import {
  openDatabase,
  schema,
  type Database,
  type DatabaseOptions,
  type OpenDatabase,
} from '../../src/db/client'

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
 * PGlite's compiled WebAssembly and file-system bundle as this worker's databases start from them: for a
 * test's own PGlite (a data directory on disk, say) to start without compiling and reading them again.
 */
export async function pgliteModules(): Promise<
  Pick<PGliteStart, 'pgliteWasmModule' | 'initdbWasmModule' | 'fsBundle'>
> {
  const { pgliteWasmModule, initdbWasmModule, fsBundle } = await pgliteStart()
  return { pgliteWasmModule, initdbWasmModule, fsBundle }
}

/**
 * A state a used database is put back to, read from a PGlite of this worker: the rows of every table (per
 * table, as JSON), where each sequence stood, and a fingerprint of the schema (tables, triggers and whether
 * each is enabled, functions), against which a used database is checked before it is reset and used again.
 * The migrated snapshot's state is read from the first PGlite a worker boots; a seeded one (see
 * createSeededTestDatabase) right after its seed ran.
 */
interface Pristine {
  rows: Array<{ table: string; rows: string }>
  tables: string[]
  /** `setval` arguments: the value and is_called, or the start value and false for a sequence never used. */
  sequences: Array<{ name: string; value: string; called: boolean }>
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
  const sequences = (
    await client.query<{ name: string; value: string; called: boolean }>(
      `select quote_ident(schemaname) || '.' || quote_ident(sequencename) as name,
         coalesce(last_value, start_value)::text as value, last_value is not null as called
       from pg_sequences where schemaname = 'public' order by 1`
    )
  ).rows
  const fingerprint = await client.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT)
  return { rows, tables, sequences, schema: fingerprint.rows[0]!.fingerprint }
}

/** Rows deleted from each table of a PGlite since the table was last truncated. */
const deletedRows = new WeakMap<PGlite, Map<string, number>>()
/** Past this many deleted rows, a table is truncated: its dead rows would slow the next files' queries. */
const TRUNCATE_AFTER_DELETED_ROWS = 10_000

/**
 * Puts a used database back as `pristine` has it, in one transaction: every table emptied, the rows
 * written again and every sequence set where it stood, with triggers off meanwhile (the append-only tables
 * refuse DELETE and TRUNCATE by trigger). Tables are emptied by DELETE, a third of the cost of TRUNCATE,
 * which makes new files for every table and index; a table that has left many dead rows is truncated.
 * Session state (settings, prepared statements, temporary tables) is discarded first. False, and nothing
 * changed, when a test changed the schema (a table, trigger or function added, dropped or disabled): such
 * a database is closed, never reused.
 */
async function resetToSnapshot(client: PGlite, pristine: Pristine): Promise<boolean> {
  await client.exec('discard all')
  const fingerprint = await client.query<{ fingerprint: string }>(SCHEMA_FINGERPRINT)
  if (fingerprint.rows[0]!.fingerprint !== pristine.schema) return false
  let deleted = deletedRows.get(client)
  if (!deleted) deletedRows.set(client, (deleted = new Map()))
  await client.transaction(async (tx) => {
    await tx.exec(`set local session_replication_role = replica`)
    // One statement, which counts what it deleted from each table.
    const ctes = pristine.tables.map((t, i) => `d${i} as (delete from ${t} returning 1)`)
    const counts = pristine.tables.map((_, i) => `(select count(*) from d${i})::int as d${i}`)
    const { rows } = await tx.query<Record<string, number>>(
      `with ${ctes.join(', ')} select ${counts.join(', ')}`
    )
    const bloated: string[] = []
    pristine.tables.forEach((table, i) => {
      const total = (deleted.get(table) ?? 0) + rows[0]![`d${i}`]!
      deleted.set(table, total > TRUNCATE_AFTER_DELETED_ROWS ? 0 : total)
      if (total > TRUNCATE_AFTER_DELETED_ROWS) bloated.push(table)
    })
    if (bloated.length) await tx.exec(`truncate ${bloated.join(', ')} cascade`)
    for (const { table, rows } of pristine.rows)
      await tx.query(
        `insert into ${table} select * from json_populate_recordset(null::${table}, $1)`,
        [rows]
      )
    if (pristine.sequences.length)
      await tx.query(
        `select ${pristine.sequences.map((_, i) => `setval($${3 * i + 1}::regclass, $${3 * i + 2}::bigint, $${3 * i + 3}::boolean)`).join(', ')}`,
        pristine.sequences.flatMap(({ name, value, called }) => [name, value, called])
      )
  })
  return true
}

// A worker's test files run one after another: the PGlite a file closes is kept, and the next file gets it
// back reset to the snapshot, instead of booting a new one (booting is most of a small test file's time).
let spare: PGlite | undefined
let pristine: Pristine | undefined
// The last seed a file asked for, what it returned and the state it left: the next file asking for the
// same seed gets that state back by a reset, and the same result, instead of running the seed again.
let seededState: { seed: Seed<unknown>; value: unknown; pristine: Pristine } | undefined

/** Writes a test file's starting rows (through the services) and returns what the file needs of them. */
export type Seed<T> = (db: Database) => Promise<T>

async function pgliteDatabase<T>(
  seed?: Seed<T>
): Promise<{ open: OpenDatabase; seeded: T | undefined }> {
  let client = spare
  spare = undefined
  const seeded = seed && seededState?.seed === seed ? seededState : undefined
  if (client && !(await resetToSnapshot(client, seeded?.pristine ?? pristine!))) {
    await client.close()
    client = undefined
  }
  let value = seeded?.value as T | undefined
  if (!client) {
    client = new PGlite('memory://', await pgliteStart())
    await client.waitReady
    pristine ??= await readPristine(client)
    // A new database holds the migrated snapshot only: the seed runs on it.
    value = undefined
  }
  const driver = drizzle({ client, schema })
  if (seed && value === undefined) {
    value = await seed(driver)
    seededState = { seed, value, pristine: await readPristine(client) }
  }
  const kept = client
  return {
    open: {
      db: driver,
      driver,
      kind: 'pglite',
      close: async () => {
        if (spare || kept.closed) return kept.closed ? undefined : kept.close()
        spare = kept
      },
    },
    // A copy: a file that changes what it was given leaves the next file's copy as the seed returned it.
    seeded: value === undefined ? undefined : structuredClone(value),
  }
}

/**
 * A private, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
 * snapshot by default, or a copy of the run's migrated template database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), so that test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) return (await pgliteDatabase()).open
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

/**
 * {@link createTestDatabase} with `seed` run on it, and what `seed` returned. On PGlite, a worker runs a
 * given seed once: later files that ask for the same seed (the same function) get the database reset to
 * the state it left, rows and sequences, and a copy of what it returned (seeding through the services
 * writes and audits row by row, which costs more than the reset).
 */
export async function createSeededTestDatabase<T>(
  seed: Seed<T>
): Promise<{ open: OpenDatabase & { url?: string }; seeded: T }> {
  if (!process.env.DATABASE_URL) {
    const { open, seeded } = await pgliteDatabase(seed)
    return { open, seeded: seeded! }
  }
  const open = await createTestDatabase()
  return { open, seeded: await seed(open.db) }
}
