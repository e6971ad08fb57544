import { mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openDatabase } from '../db/client'
import { migrateDatabase } from '../db/migrate'

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Opens the database the server would use (DATABASE_URL, or PGlite in .data/) and brings it up to date. */
export async function openLocalDatabase() {
  const url = process.env.DATABASE_URL
  const dataDir = resolve(process.env.DATA_DIR ?? join(projectRoot, '.data'), 'pglite')
  if (!url) mkdirSync(dataDir, { recursive: true })
  const open = await openDatabase({ databaseUrl: url, dataDir: url ? undefined : dataDir })
  await migrateDatabase(open, join(projectRoot, 'migrations'))
  return open
}
