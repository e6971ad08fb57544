import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import type { Database } from '../../../src/db/client'
import { TRANSACTION_ATTEMPTS, retryingTransactions } from '../../../src/db/retry'
import { errorToResponse } from '../../../src/problem'

/** A drizzle-shaped failure carrying a PostgreSQL SQLSTATE, as postgres.js reports it. */
const failure = (code: string) =>
  Object.assign(new Error('Failed query: update "trials" set ...\nparams: secret'), {
    query: 'update "trials" set "status" = $1',
    params: ['secret'],
    cause: Object.assign(new Error('could not serialize access'), { code }),
  })

/** A stand-in database whose transactions fail with `codes` in turn, then succeed. */
function flakyDatabase(codes: string[]) {
  let calls = 0
  const db = {
    transaction: async (fn: (tx: unknown) => Promise<unknown>) => {
      const code = codes[calls++]
      if (code) throw failure(code)
      return fn({})
    },
    select: () => 'select',
  }
  return { db: db as unknown as Database, calls: () => calls }
}

describe('serialisation failures and deadlocks', () => {
  it('rerun the transaction, and succeed when a later attempt does', async () => {
    const { db, calls } = flakyDatabase(['40001', '40P01'])
    const result = await retryingTransactions(db).transaction(async () => 'written')
    expect(result).toBe('written')
    expect(calls()).toBe(3)
    // Everything else on the database is untouched.
    expect((retryingTransactions(db) as unknown as { select(): string }).select()).toBe('select')
  })

  it(`give up after ${TRANSACTION_ATTEMPTS} attempts with a 503 and Retry-After`, async () => {
    const { db, calls } = flakyDatabase(Array(10).fill('40001'))
    const app = new Hono()
    app.onError((err, c) => errorToResponse(err, c, () => {}))
    app.get('/', async (c) => c.json(await retryingTransactions(db).transaction(async () => 1)))
    const res = await app.request('/')
    expect(calls()).toBe(TRANSACTION_ATTEMPTS)
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    expect(((await res.json()) as { type: string }).type).toBe('/problems/contention')
  })

  it('do not rerun other failures', async () => {
    const { db, calls } = flakyDatabase(['23505'])
    await expect(retryingTransactions(db).transaction(async () => 1)).rejects.toThrow()
    expect(calls()).toBe(1)
  })
})
