import type { Database } from './client'
import { isRetryable } from './errors'

/** How many times a transaction runs before a serialisation failure or deadlock becomes a 503. */
export const TRANSACTION_ATTEMPTS = 3

const wrapped = new WeakMap<Database, Database>()

/**
 * The same database, whose `transaction()` runs the whole transaction again when PostgreSQL
 * aborts it with a serialisation failure (40001) or a deadlock (40P01), up to
 * `TRANSACTION_ATTEMPTS` times with a short randomised pause; then the error goes on (and becomes
 * a 503 with Retry-After). A transaction function only touches the database through its `tx`, so
 * running it again is safe: the aborted attempt left nothing behind.
 */
export function retryingTransactions(db: Database): Database {
  const known = wrapped.get(db)
  if (known) return known
  const proxy = new Proxy(db, {
    get(target, property, receiver) {
      if (property !== 'transaction') return Reflect.get(target, property, receiver)
      const transaction = target.transaction.bind(target) as Database['transaction']
      return ((...args: Parameters<Database['transaction']>) =>
        withRetries(() => transaction(...args))) as Database['transaction']
    },
  })
  wrapped.set(db, proxy)
  return proxy
}

/**
 * Runs `transaction` (a whole transaction, from its start) again when it fails with a serialisation failure or
 * deadlock, as {@link retryingTransactions} does for `db.transaction()`.
 */
export async function withRetries<T>(transaction: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await transaction()
    } catch (err) {
      if (attempt >= TRANSACTION_ATTEMPTS || !isRetryable(err)) throw err
      await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt))
    }
  }
}
