// Usage: MIGRATION_DATABASE_URL=postgres://owner@host/db npm run db:grant -- <application role>
// Applies the migrations as the owner role, then grants the application role what it needs and nothing more:
// read and append everywhere, update only the mutable tables; it owns nothing, so it cannot TRUNCATE, ALTER,
// DROP or disable triggers. Prints the statements it ran.
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { openDatabase } from '../db/client'
import { migrateDatabase } from '../db/migrate'
import { applicationRoleGrants } from '../db/roles'
import type { CliIo } from './io'
import { projectRoot } from './open-local'

/** `db:grant <role>`: migrates as the owner and grants the application role; exit 2 without a URL or role. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const url = process.env.MIGRATION_DATABASE_URL
  const role = argv[0]
  if (!url || !role) {
    io.stderr(
      'usage: MIGRATION_DATABASE_URL=postgres://<owner>@host/db npm run db:grant -- <role>\n'
    )
    return 2
  }
  const open = await openDatabase({ databaseUrl: url })
  try {
    await migrateDatabase(open, join(projectRoot, 'migrations'))
    for (const statement of applicationRoleGrants(role)) {
      await open.db.execute(sql.raw(statement))
      io.stdout(`${statement};\n`)
    }
    return 0
  } finally {
    await open.close()
  }
}
