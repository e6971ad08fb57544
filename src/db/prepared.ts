import { is, Param, Placeholder, sql, type SQL } from 'drizzle-orm'
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
export async function runPrepared<T>(
  executor: Executor,
  query: SQL | BoundStatement
): Promise<T[]> {
  const { session, dialect } = executor as unknown as DrizzleInternals
  const client = session.client as Partial<PostgresJsClient>
  if (typeof client.unsafe === 'function') {
    const { sql, params } =
      'template' in query ? builtText(dialect, query) : dialect.sqlToQuery(query)
    // Handed to the connection now, in call order: see `lockTrialRow` (auth/scope.ts).
    return (await client.unsafe(sql, params, { prepare: true }).execute()) as T[]
  }
  const result = await executor.execute(
    'template' in query ? query.template.build(query.values) : query
  )
  return (Array.isArray(result) ? result : (result as unknown as { rows: T[] }).rows) as T[]
}

/**
 * A hand-written statement whose text depends on nothing but its shape: `build` makes it from `values`, and may
 * use them only as values (operands of `sql` interpolations and drizzle conditions), never to choose its text.
 * Declare it once, at module level, so that `build` cannot capture anything else that varies from call to call.
 */
export interface StatementTemplate<V> {
  readonly key: string
  readonly build: (values: V) => SQL
}
/** A {@link StatementTemplate} with this call's values, run by {@link runPrepared}. */
export interface BoundStatement {
  template: StatementTemplate<Record<string, unknown>>
  values: Record<string, unknown>
}

/** A statement template; `key` names it in the process-wide cache of statement texts, and must be unique. */
export const statementTemplate = <V extends object>(
  key: string,
  build: (values: V) => SQL
): StatementTemplate<V> => ({ key, build })

/**
 * `template` with `values`: `runPrepared` runs it as it runs `template.build(values)`, with the same text and
 * parameters, but on postgres.js builds the text only once per process (with each value a placeholder) and
 * then only fills in the parameters, which saves drizzle building the query again on every call.
 */
export const bindStatement = <V extends object>(
  template: StatementTemplate<V>,
  values: V
): BoundStatement => ({
  template: template as unknown as StatementTemplate<Record<string, unknown>>,
  values: values as Record<string, unknown>,
})

/** Each template's text, and how each of its parameters is had: a value's name, or a constant. */
const templateTexts = new Map<
  string,
  {
    sql: string
    params: Array<{ name: string; encode?: (v: unknown) => unknown } | { constant: unknown }>
  }
>()
/** Any property read from it is the placeholder of that name. */
const placeholders: Record<string, unknown> = new Proxy(
  {},
  { get: (_, name) => (typeof name === 'string' ? sql.placeholder(name) : undefined) }
)

function builtText(dialect: DrizzleInternals['dialect'], { template, values }: BoundStatement) {
  let text = templateTexts.get(template.key)
  if (!text) {
    const built = dialect.sqlToQuery(template.build(placeholders))
    text = {
      sql: built.sql,
      params: built.params.map((p) => {
        if (is(p, Placeholder)) return { name: p.name }
        if (is(p, Param) && is(p.value, Placeholder)) {
          const { encoder } = p as Param & { encoder?: { mapToDriverValue(v: unknown): unknown } }
          return {
            name: p.value.name,
            ...(encoder ? { encode: (v: unknown) => encoder.mapToDriverValue(v) } : {}),
          }
        }
        return { constant: p }
      }),
    }
    templateTexts.set(template.key, text)
  }
  const params = text.params.map((p) => {
    if ('constant' in p) return p.constant
    if (!(p.name in values)) throw new Error(`statement ${template.key}: no value for ${p.name}`)
    const value = values[p.name]
    // As drizzle fills a placeholder: a column's encoder maps every value but null.
    return p.encode && value !== null ? p.encode(value) : value
  })
  return { sql: text.sql, params }
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
