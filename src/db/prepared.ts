import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from './client'

/** What {@link runPrepared} reaches under a drizzle database or transaction: its driver client and dialect. */
interface DrizzleInternals {
  session: { client: unknown }
  dialect: { sqlToQuery(query: SQL): { sql: string; params: unknown[] } }
}
interface PostgresJsClient {
  unsafe(
    query: string,
    params: unknown[],
    options: { prepare: boolean }
  ): { execute(): Promise<unknown[]> }
}

/**
 * Runs one hand-written statement with `executor` (a database or a transaction), as `execute` does, but on
 * postgres.js as a named prepared statement kept by the connection: the server parses and plans it once per
 * connection, and each later call sends only its parameters, where `execute` sends the statement unnamed and
 * the server parses and plans it every time. For statements on a hot path whose text does not vary with the
 * data. On PGlite (in process, no planning cost worth saving) it is `execute` itself. Rows come back exactly
 * as `execute` gives them (selected column names; timestamps as text, as drizzle configures postgres.js).
 */
export async function runPrepared<T>(executor: Executor, query: SQL): Promise<T[]> {
  const { session, dialect } = executor as unknown as DrizzleInternals
  const client = session.client as Partial<PostgresJsClient>
  if (typeof client.unsafe === 'function') {
    const { sql, params } = dialect.sqlToQuery(query)
    // Handed to the connection now, in call order: see `lockTrialRow` (auth/scope.ts).
    return (await client.unsafe(sql, params, { prepare: true }).execute()) as T[]
  }
  const result = await executor.execute(query)
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[]
}

/** Statement texts by call site: a tagged template's strings are one object per call site. */
const texts = new WeakMap<TemplateStringsArray, string>()

/**
 * `runPrepared(executor, sql`...`)` as a tagged template, for a statement whose every interpolation is a value
 * (never a table, a column or an SQL fragment): on postgres.js its text is made once per call site instead of
 * being built again from the template on every call, and the values are its parameters in order (as `sql` makes
 * them: `$1`, `$2`, ...). On PGlite it is `runPrepared` itself.
 */
export function preparedQuery<T>(executor: Executor) {
  return (strings: TemplateStringsArray, ...values: unknown[]): Promise<T[]> => {
    const client = (executor as unknown as DrizzleInternals).session
      .client as Partial<PostgresJsClient>
    if (typeof client.unsafe !== 'function')
      return runPrepared<T>(executor, sql(strings, ...values))
    let text = texts.get(strings)
    if (text === undefined)
      texts.set(strings, (text = strings.reduce((out, part, i) => `${out}$${i}${part}`)))
    return client.unsafe(text, values, { prepare: true }).execute() as Promise<T[]>
  }
}
