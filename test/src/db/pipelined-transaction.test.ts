import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '../../../src/db/client'
import { classifyDatabaseError } from '../../../src/db/errors'
import { pipelinedTransaction } from '../../../src/db/pipelined-transaction'
import { runPrepared } from '../../../src/db/prepared'
import { retryingTransactions } from '../../../src/db/retry'
import { createTestDatabase } from '../../support/database'

let open: OpenDatabase

beforeAll(async () => {
  open = await createTestDatabase()
  await open.db.execute(sql`create table pipelined_probe (n integer primary key)`)
})
// Dropped again, so that the next test file of this worker gets this database back by a reset (a
// database whose schema a test changed is closed, and the next file boots a new one).
afterAll(async () => {
  await open.db.execute(sql`drop table pipelined_probe`)
  await open.close()
})

const stored = async () =>
  (await runPrepared<{ n: number }>(open.db, sql`select n from pipelined_probe order by n`)).map(
    (r) => r.n
  )

describe('a pipelined transaction', () => {
  it('commits what it sends at once and its last statement, and returns that statement’s rows', async () => {
    const db = retryingTransactions(open.db)
    const out = await pipelinedTransaction(db, async (tx, commitWith) => {
      await Promise.all([
        runPrepared(tx, sql`insert into pipelined_probe values (${1})`),
        runPrepared(tx, sql`insert into pipelined_probe values (${2})`),
      ])
      return commitWith<{ n: number }>(sql`insert into pipelined_probe values (${3}) returning n`)
    })
    expect(out).toEqual([{ n: 3 }])
    expect(await stored()).toEqual([1, 2, 3])
  })

  it('leaves nothing behind when its last statement fails, and reports that statement’s error', async () => {
    const failed = await pipelinedTransaction(open.db, async (tx, commitWith) => {
      await runPrepared(tx, sql`insert into pipelined_probe values (${10})`)
      return commitWith(sql`insert into pipelined_probe values (${1})`)
    }).catch((err: unknown) => err)
    expect(classifyDatabaseError(failed)?.kind).toBe('unique')
    expect(await stored()).toEqual([1, 2, 3])
  })

  it('rolls back when the work throws, and a statement failing mid-pipeline is the error reported', async () => {
    await expect(
      pipelinedTransaction(open.db, async (tx) => {
        await runPrepared(tx, sql`insert into pipelined_probe values (${20})`)
        throw new Error('refused')
      })
    ).rejects.toThrow('refused')
    const failed = await pipelinedTransaction(open.db, async (tx) => {
      await Promise.all([
        runPrepared(tx, sql`insert into pipelined_probe values (${21})`),
        runPrepared(tx, sql`insert into pipelined_probe values (${2})`),
        runPrepared(tx, sql`insert into pipelined_probe values (${22})`),
      ])
    }).catch((err: unknown) => err)
    expect(classifyDatabaseError(failed)?.kind).toBe('unique')
    expect(await stored()).toEqual([1, 2, 3])
  })

  it('lends transactions run at once a handle each, and a handle reaches no connection once its transaction has ended', async () => {
    let kept: Parameters<Parameters<typeof pipelinedTransaction>[1]>[0] | undefined
    const seen = await Promise.all(
      [30, 31, 32].map((n) =>
        pipelinedTransaction(open.db, async (tx, commitWith) => {
          kept = tx
          await runPrepared(tx, sql`insert into pipelined_probe values (${n})`)
          return commitWith<{ n: number }>(
            sql`select n from pipelined_probe where n >= 30 order by n`
          )
        })
      )
    )
    // Each saw its own row, whatever it saw of the others (those that had committed before it read).
    seen.forEach((rows, i) => expect(rows.map((r) => r.n)).toContain(30 + i))
    expect(await stored()).toEqual([1, 2, 3, 30, 31, 32])
    if (open.kind === 'postgres')
      await expect(runPrepared(kept!, sql`select 1`)).rejects.toThrow(
        'used after its transaction ended'
      )
  })
})
