import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import { openDatabase, type OpenDatabase } from '../../src/db/client'
import { migrateDatabase } from '../../src/db/migrate'

export const migrationsFolder = resolve(import.meta.dirname, '../../migrations')

/**
 * A private, migrated database for one test file: in-memory PGlite by default, or a fresh
 * database on the PostgreSQL server named by DATABASE_URL (dropped afterwards), so that test
 * files running in parallel never see each other's rows.
 */
export async function createTestDatabase(): Promise<OpenDatabase & { url?: string }> {
  const serverUrl = process.env.DATABASE_URL
  if (!serverUrl) {
    const open = await openDatabase({})
    await migrateDatabase(open, migrationsFolder)
    return open
  }
  const { default: postgres } = await import('postgres')
  const name = `tw_test_${randomBytes(6).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  const open = await openDatabase({ databaseUrl: url.toString() })
  await migrateDatabase(open, migrationsFolder)
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
