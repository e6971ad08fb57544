import type { CliIo } from './io'
import { openLocalDatabase } from './open-local'

/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the embedded database). */
export async function main(_argv: readonly string[], io: CliIo): Promise<number> {
  const open = await openLocalDatabase()
  await open.close()
  io.stdout(`migrations applied (${open.kind})\n`)
  return 0
}
