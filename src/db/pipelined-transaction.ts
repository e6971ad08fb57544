import type { SQL } from 'drizzle-orm'
import type { Database, Executor } from './client'
import { runPrepared, type BoundStatement } from './prepared'
import { withRetries } from './retry'

/**
 * Runs a transaction's last statement and commits: on postgres.js COMMIT is sent right behind the statement, so
 * both cost one round trip. Nothing may run in the transaction after it. If the statement fails, PostgreSQL
 * turns the COMMIT into a rollback and the statement's error is thrown; a statement that must refuse to commit
 * (a guard that finds the data moved) has to fail in SQL for the same reason.
 */
export type CommitWith = <R>(query: SQL | BoundStatement) => Promise<R[]>

/** What {@link pipelinedTransaction} reaches under a drizzle database: its session (driver client) and dialect. */
interface DrizzleInternals {
  dialect: unknown
  session: { client: unknown; schema: unknown; options: unknown }
}
/** The part of a postgres.js client used here: a connection reserved for one transaction. */
interface PostgresJsPool {
  reserve(): Promise<PostgresJsReserved>
}
interface PostgresJsReserved {
  unsafe(query: string): { execute(): Promise<unknown> }
  release(): void
}

type PostgresJsSessionModule = typeof import('drizzle-orm/postgres-js/session')
type SessionArgs = ConstructorParameters<PostgresJsSessionModule['PostgresJsSession']>
type TransactionArgs = ConstructorParameters<PostgresJsSessionModule['PostgresJsTransaction']>

let postgresJsSession: Promise<PostgresJsSessionModule> | undefined

/**
 * A drizzle transaction handle over whichever reserved connection it is lent to. Making one builds a query
 * builder for every table of the schema (about 27 µs of CPU in a profile of enrolments); a handle is made once and
 * kept for the next transaction, so there are at most as many as transactions have run at once (no more than the
 * pool's connections). Between lendings it has no connection, so a statement issued late throws rather than
 * reaching another transaction's connection.
 */
interface TransactionHandle {
  tx: Executor
  lend(connection: PostgresJsReserved | undefined): void
}
const idleHandles = new WeakMap<object, TransactionHandle[]>()

function handleFor(
  db: Database,
  { PostgresJsSession, PostgresJsTransaction }: PostgresJsSessionModule
): TransactionHandle {
  const { session, dialect } = db as unknown as DrizzleInternals
  let idle = idleHandles.get(session)
  if (!idle) idleHandles.set(session, (idle = []))
  const kept = idle.pop()
  if (kept) return kept
  let lent: PostgresJsReserved | undefined
  const connection = () => {
    if (!lent) throw new Error('a transaction handle was used after its transaction ended')
    return lent
  }
  // What drizzle's session calls on its client: `unsafe` (with parameters and options) only.
  const client = {
    unsafe: (...args: unknown[]) => (connection().unsafe as (...a: unknown[]) => unknown)(...args),
  }
  const txSession = new PostgresJsSession(
    client as unknown as SessionArgs[0],
    dialect as SessionArgs[1],
    session.schema as SessionArgs[2],
    session.options as SessionArgs[3]
  )
  const tx = new PostgresJsTransaction(
    dialect as TransactionArgs[0],
    // The session runs over the reserved connection, as a transaction's session does.
    txSession as unknown as TransactionArgs[1],
    session.schema as TransactionArgs[2]
  )
  const handle: TransactionHandle = {
    tx: tx as unknown as Executor,
    lend: (to) => {
      // Returned to the idle list once per lending, so one handle never serves two transactions.
      if (!to && lent) idle.push(handle)
      lent = to
    },
  }
  return handle
}

/**
 * Runs `work` in one transaction, as `db.transaction(work)` does (including its retries when `db` retries, see
 * `retryingTransactions`), with one round trip fewer on postgres.js: `db.transaction` waits for BEGIN's answer
 * before the first statement, where this sends BEGIN together with the statements `work` issues at once (the
 * driver writes them to the connection in one go and PostgreSQL answers them in order). A connection of the
 * pool is reserved for the transaction and a drizzle transaction handle is lent to it, so `work` uses `tx`
 * exactly as inside `db.transaction` (nested transactions excepted); `commitWith` runs its last statement
 * together with COMMIT, one round trip more saved. On PGlite (in process, no round trip to save) it is
 * `db.transaction(work)`, and `commitWith` runs the statement, the commit following when `work` returns.
 */
export async function pipelinedTransaction<T>(
  db: Database,
  work: (tx: Executor, commitWith: CommitWith) => Promise<T>
): Promise<T> {
  const { session } = db as unknown as DrizzleInternals
  const pool = (session?.client ?? {}) as Partial<PostgresJsPool>
  if (typeof pool.reserve !== 'function')
    return db.transaction((tx) =>
      work(tx, <R>(query: SQL | BoundStatement) => runPrepared<R>(tx, query))
    )
  postgresJsSession ??= import('drizzle-orm/postgres-js/session')
  const drizzleSession = await postgresJsSession
  return withRetries(async () => {
    const connection = await pool.reserve!()
    const handle = handleFor(db, drizzleSession)
    handle.lend(connection)
    const { tx } = handle
    try {
      const begun = connection.unsafe('begin').execute()
      // Should BEGIN fail, the statements sent behind it fail too, and their error is the one reported.
      begun.catch(() => {})
      let ended = false
      const commitWith: CommitWith = async <R>(query: SQL | BoundStatement) => {
        ended = true
        const rows = runPrepared<R>(tx, query)
        const committed = connection.unsafe('commit').execute()
        return (await Promise.all([rows, committed]))[0]
      }
      let result: T
      try {
        result = await work(tx, commitWith)
        await begun
      } catch (err) {
        if (!ended)
          await connection
            .unsafe('rollback')
            .execute()
            .catch(() => {})
        throw err
      }
      if (!ended) await connection.unsafe('commit').execute()
      return result
    } finally {
      handle.lend(undefined)
      connection.release()
    }
  })
}
