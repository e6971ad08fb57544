import { sql } from 'drizzle-orm'
import type { Executor } from '../db/client'
import { ProblemError } from '../problem'

/**
 * Readiness: the database answers a trivial query. When it does not, `report` gets the error's text
 * (for the log) and the caller gets a 503 problem, `database-unavailable`.
 */
export async function checkDatabase(db: Executor, report: (error: string) => void): Promise<void> {
  try {
    await db.execute(sql`select 1`)
  } catch (err) {
    report(String(err))
    throw new ProblemError(503, 'database-unavailable', 'the database is not answering')
  }
}
