import { backfillTrustRecords } from '../services/trust-backfill'
import type { OpenDatabase } from './client'

/**
 * Applies every SQL migration in `migrationsFolder` that has not run yet (drizzle's journal), then brings
 * records made before the trust records existed up to date (idempotent).
 */
export async function migrateDatabase(open: OpenDatabase, migrationsFolder: string): Promise<void> {
  if (open.kind === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator')
    await migrate(open.driver, { migrationsFolder })
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator')
    await migrate(open.driver, { migrationsFolder })
  }
  await backfillTrustRecords(open.db)
}
