import { randomBytes } from 'node:crypto'
import path from 'node:path'
import postgres from 'postgres'
import { openDatabase, type OpenDatabase } from '../../src/db/client'
import { migrateDatabase } from '../../src/db/migrate'

const migrationsFolder = path.resolve(import.meta.dirname, '../../migrations')

/** The server benchmarks use DATABASE_URL, or the local default when it answers. */
export const DEFAULT_SERVER_URL = 'postgres://postgres:postgres@127.0.0.1:5432/postgres'

export interface PostgresServer {
  url: string
  version: string
  /** Settings that move insert rates by orders of magnitude, recorded beside the figures. */
  settings: Record<string, string>
}

export async function findServer(): Promise<
  { ok: true; server: PostgresServer } | { ok: false; reason: string }
> {
  const url = process.env.DATABASE_URL ?? DEFAULT_SERVER_URL
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {} })
  try {
    const [{ version }] = await sql<{ version: string }[]>`select version()`
    const rows = await sql<{ name: string; setting: string }[]>`
      select name, setting from pg_settings where name in ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'max_connections')`
    return {
      ok: true,
      server: { url, version, settings: Object.fromEntries(rows.map((r) => [r.name, r.setting])) },
    }
  } catch (err) {
    const source = process.env.DATABASE_URL
      ? 'DATABASE_URL'
      : DEFAULT_SERVER_URL.replace(/:[^:@/]*@/, ':***@')
    return {
      ok: false,
      reason: `no PostgreSQL server at ${source}: ${err instanceof Error ? err.message : String(err)}`,
    }
  } finally {
    await sql.end({ timeout: 1 })
  }
}

/** A fresh database on the server, dropped by `drop()`; never the database the URL names. */
export async function createScratchDatabase(
  serverUrl: string
): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  const name = `tw_bench_${randomBytes(5).toString('hex')}`
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} })
  await admin.unsafe(`create database ${name}`)
  await admin.end()
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return {
    name,
    url: url.toString(),
    drop: async () => {
      const cleanup = postgres(serverUrl, { max: 1, onnotice: () => {} })
      await cleanup.unsafe(`drop database if exists ${name} with (force)`)
      await cleanup.end()
    },
  }
}

/** Opens the application's schema on a scratch database, migrated as the server would. */
export async function openMigrated(url: string): Promise<OpenDatabase> {
  const open = await openDatabase({ databaseUrl: url })
  await migrateDatabase(open, migrationsFolder)
  return open
}
