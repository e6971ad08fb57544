import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { inject } from 'vitest'
import { openDatabase, type DatabaseOptions, type OpenDatabase } from '../../src/db/client'

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
 * A private, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
 * snapshot by default, or a copy of the run's migrated template database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), so that test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) return openDatabase({ pglite: await pgliteStart() })
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
