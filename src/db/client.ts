import type { PGliteOptions } from '@electric-sql/pglite'
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core'
import type { PgliteDatabase } from 'drizzle-orm/pglite'
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js'
import * as schema from './schema'

export { schema }

/** The drizzle database, whichever driver (PGlite or postgres.js) sits under it. */
export type Database = PgDatabase<PgQueryResultHKT, typeof schema>
/** A transaction handle, usable wherever a query runs. */
export type Executor = Parameters<Parameters<Database['transaction']>[0]>[0] | Database

/**
 * An open database: `db` for every query, whichever the driver; `driver`, the same connection typed as its
 * driver's own database, for what only the driver's API takes (its migrator).
 */
export type OpenDatabase = { db: Database; close(): Promise<void> } & (
  | { kind: 'postgres'; driver: PostgresJsDatabase<typeof schema> }
  | { kind: 'pglite'; driver: PgliteDatabase<typeof schema> }
)

export interface DatabaseOptions {
  /** postgres:// URL; when absent, an embedded PGlite database is used. */
  databaseUrl?: string
  /** PGlite data directory; `memory://` (or undefined) keeps it in memory. */
  dataDir?: string
  /**
   * PGlite only: further options, e.g. `loadDataDir` to start from a data directory dumped by `dumpDataDir()`
   * (an already migrated one) and precompiled `pgliteWasmModule` / `initdbWasmModule` to reuse.
   */
  pglite?: Omit<PGliteOptions, 'dataDir'>
}

/**
 * Opens PGlite (embedded, default) or PostgreSQL through postgres.js. Drivers are imported lazily so that
 * the Workers bundle, which only ever uses postgres.js, never pulls PGlite in.
 */
export async function openDatabase(options: DatabaseOptions): Promise<OpenDatabase> {
  if (options.databaseUrl) {
    const { default: postgres } = await import('postgres')
    const { drizzle } = await import('drizzle-orm/postgres-js')
    // A short connect timeout turns an unreachable database into a prompt 503, not a hung request.
    const client = postgres(options.databaseUrl, {
      max: 10,
      connect_timeout: 5,
      // No array columns here; and the driver's type lookup on connect rejects unhandled when the
      // connection drops during it, which would take the whole process down with the database.
      fetch_types: false,
      onnotice: () => {},
    })
    const driver = drizzle({ client, schema })
    const db: Database = driver
    return { db, driver, kind: 'postgres', close: () => client.end({ timeout: 5 }) }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { drizzle } = await import('drizzle-orm/pglite')
  const client = new PGlite(options.dataDir ?? 'memory://', options.pglite)
  await client.waitReady
  const driver = drizzle({ client, schema })
  const db: Database = driver
  return { db, driver, kind: 'pglite', close: () => client.close() }
}
