import type { OpenDatabase } from './client'

/**
 * Whether `err` is postgres.js 3.4.x writing to a connection the server already closed: a backend
 * terminated inside a transaction (an operator's pg_terminate_backend, a failover, a restart) has
 * its ROLLBACK queued after the socket is gone, and the deferred write throws a TypeError from a
 * timer, where no request can catch it (porsager/postgres#1154 and #1208, unfixed in 3.4.9). The
 * request itself has already been answered (503, CONNECTION_CLOSED); the fault is the driver's.
 */
export function isDriverWriteAfterClose(err: unknown): boolean {
  if (!(err instanceof TypeError) || !/\(reading 'write'\)/.test(err.message)) return false
  const stack = err.stack ?? ''
  return (
    /nextWrite/.test(stack) &&
    /postgres[\\/](src|cjs[\\/]src|cf[\\/]src)[\\/]connection\.js/.test(stack)
  )
}

/** A database that can be replaced under a running app: requests take `current()` as they start. */
export interface RenewableDatabase {
  current(): OpenDatabase
  /** Opens a fresh pool for the requests to come and ends the old one (its queries may finish). */
  renew(): Promise<void>
  close(): Promise<void>
}

/**
 * Holds the open database so that a driver fault can be answered with a fresh pool: after the
 * fault above, the connection that threw keeps a stale write timer and never sends again (each
 * later query on it waits for the connect timeout), so the pool is replaced rather than trusted.
 */
export async function renewableDatabase(
  open: () => Promise<OpenDatabase>,
  first?: OpenDatabase
): Promise<RenewableDatabase> {
  let current = first ?? (await open())
  let renewing: Promise<void> | null = null
  return {
    current: () => current,
    renew() {
      renewing ??= (async () => {
        try {
          const old = current
          current = await open()
          await old.close().catch(() => {})
        } finally {
          renewing = null
        }
      })()
      return renewing
    },
    close: () => current.close(),
  }
}

/**
 * What the process does with an exception nothing caught: a driver write after close is logged
 * (no statement or parameters: the write is a ROLLBACK) and answered with a fresh pool; anything
 * else is a bug, and the caller decides (the server logs it and exits, as Node would).
 */
export function onUncaught(
  err: unknown,
  database: RenewableDatabase,
  log: (record: Record<string, unknown>) => void
): 'renewed' | 'fatal' {
  if (!isDriverWriteAfterClose(err) || database.current().kind !== 'postgres') return 'fatal'
  log({ msg: 'database connection closed under a transaction; opening a fresh pool' })
  database
    .renew()
    .catch((e: unknown) =>
      log({ msg: 'could not open a fresh pool yet', error: e instanceof Error ? e.name : 'error' })
    )
  return 'renewed'
}
