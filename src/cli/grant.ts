// Usage: MIGRATION_DATABASE_URL=postgres://owner@host/db npm run db:grant -- <application role>
// Applies the migrations as the owner role, then grants the application role what it needs and nothing more:
// read and append everywhere, update only the mutable tables; it owns nothing, so it cannot TRUNCATE, ALTER,
// DROP or disable triggers. Prints the statements it ran.
import { join } from 'node:path'
import { openDatabase } from '../db/client'
import { migrateDatabase } from '../db/migrate'
import { applicationRoleGrants } from '../db/roles'
import { projectRoot } from './open-local'

const url = process.env.MIGRATION_DATABASE_URL
const role = process.argv[2]
if (!url || !role) {
  console.error(
    'usage: MIGRATION_DATABASE_URL=postgres://<owner>@host/db npm run db:grant -- <role>'
  )
  process.exit(2)
}
const open = await openDatabase({ databaseUrl: url })
try {
  await migrateDatabase(open, join(projectRoot, 'migrations'))
  const { sql } = await import('drizzle-orm')
  for (const statement of applicationRoleGrants(role)) {
    await open.db.execute(sql.raw(statement))
    console.log(`${statement};`)
  }
} finally {
  await open.close()
}
