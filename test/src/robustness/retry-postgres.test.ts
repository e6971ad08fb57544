import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { retryingTransactions } from '../../../src/db/retry'
import { createHarness, type Harness } from '../../support/harness'

/**
 * On PostgreSQL only (PGlite runs one connection, so nothing there can deadlock): two writers that
 * take two rows in opposite orders deadlock for real; PostgreSQL aborts one (40P01), the app's
 * transaction wrapper reruns it, and both writes land.
 */
const onPostgres = (process.env.DATABASE_URL ?? '').startsWith('postgres')

describe.skipIf(!onPostgres)('a real deadlock (PostgreSQL)', () => {
  let h: Harness
  beforeAll(async () => {
    h = await createHarness()
    await h.open.db.execute(sql`create table tw_deadlock (id int primary key, n int not null)`)
    await h.open.db.execute(sql`insert into tw_deadlock values (1, 0), (2, 0)`)
  })
  afterAll(async () => {
    await h?.close()
  })

  it('is rerun by the transaction wrapper, and both writers succeed', async () => {
    const db = retryingTransactions(h.open.db)
    let attempts = 0
    let holding = 0
    let release!: () => void
    const bothHolding = new Promise<void>((r) => (release = r))
    const writer = (first: number, second: number) =>
      db.transaction(async (tx) => {
        attempts++
        await tx.execute(sql`update tw_deadlock set n = n + 1 where id = ${first}`)
        // Each waits until the other holds its first row, so the second updates cross.
        if (++holding === 2) release()
        await bothHolding
        await tx.execute(sql`update tw_deadlock set n = n + 1 where id = ${second}`)
      })
    await Promise.all([writer(1, 2), writer(2, 1)])
    expect(attempts).toBe(3)
    const rows = (await h.open.db.execute(
      sql`select id, n from tw_deadlock order by id`
    )) as unknown as Array<{ id: number; n: number }>
    expect([...rows]).toEqual([
      { id: 1, n: 2 },
      { id: 2, n: 2 },
    ])
  })
})
