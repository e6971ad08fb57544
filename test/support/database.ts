import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { inject } from 'vitest'
import { openDatabase, type OpenDatabase } from '../../src/db/client'

let snapshot: { path: string; blob: Blob } | undefined

/** The migrated PGlite data directory that test/support/global-setup.ts dumped for this run. */
function pgliteSnapshot(): Blob {
  const path = inject('pgliteSnapshot')
  if (!path)
    throw new Error('no PGlite snapshot: run the tests through vitest.config.ts (globalSetup)')
  if (snapshot?.path !== path) snapshot = { path, blob: new Blob([readFileSync(path)]) }
  return snapshot.blob
}

/**
 * A private, migrated database for one test file: an in-memory PGlite loaded from the run's migrated
 * snapshot by default, or a copy of the run's migrated template database on the PostgreSQL server named by
 * DATABASE_URL (dropped afterwards), so that test files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) return openDatabase({ loadDataDir: pgliteSnapshot() })
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
