import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app'
import { classifyDatabaseError } from '../../../src/db/errors'
import type { Logger } from '../../../src/env'
import { useHarness, testConfig } from '../../support/harness'

const h = useHarness()

describe('database errors have a meaning', () => {
  const pgError = (fields: Record<string, unknown>) =>
    Object.assign(new Error('Failed query: insert into "x" values ($1)\nparams: secret'), {
      query: 'insert into "x" values ($1)',
      params: ['secret'],
      cause: Object.assign(new Error('driver'), fields),
    })

  it('classifies unique, serialisation, connection and data errors', () => {
    expect(
      classifyDatabaseError(
        pgError({ code: '23505', detail: 'Key (slug)=(a) already exists.', constraint_name: 'c' })
      )
    ).toMatchObject({
      kind: 'unique',
      code: '23505',
      columns: ['slug'],
      statement: 'insert into "x" values ($1)',
    })
    expect(classifyDatabaseError(pgError({ code: '40001' }))?.kind).toBe('serialization')
    expect(classifyDatabaseError(pgError({ code: '40P01' }))?.kind).toBe('serialization')
    expect(classifyDatabaseError(pgError({ code: '57P01' }))?.kind).toBe('unavailable')
    expect(classifyDatabaseError(pgError({ code: '53300' }))?.kind).toBe('unavailable')
    expect(classifyDatabaseError(pgError({ code: 'ECONNREFUSED' }))?.kind).toBe('unavailable')
    expect(classifyDatabaseError(pgError({ code: 'CONNECTION_CLOSED' }))?.kind).toBe('unavailable')
    expect(classifyDatabaseError(pgError({ code: '22021' }))?.kind).toBe('data')
    expect(classifyDatabaseError(new TypeError('x'))).toBeNull()
  })

  it('logs a failing statement with its SQLSTATE, never its parameters (no token hash in the log)', async () => {
    const lines: string[] = []
    const logger: Logger = {
      info: (r) => lines.push(JSON.stringify(r)),
      error: (r) => lines.push(JSON.stringify(r)),
    }
    const app = createApp({
      database: { acquire: () => ({ db: h.open.db }) },
      clock: () => new Date('2026-03-02T09:00:00Z'),
      config: testConfig,
      logger,
    })
    // A fault inside the database while a token is stored: the insert carries the secret's hash.
    await h.open.db.execute(
      sql.raw(`create function tw_fail() returns trigger language plpgsql as $$
        begin raise exception 'storage fault' using errcode = 'XX000'; end $$`)
    )
    await h.open.db.execute(
      sql.raw(
        `create trigger tw_fail before insert on api_tokens for each row execute function tw_fail()`
      )
    )
    try {
      const res = await app.request(`/admin/users/${h.cast.officerA.userId}/tokens`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${h.cast.admin.token}`,
          'content-type': 'application/json',
        },
        body: JSON.stringify({ label: 'laptop' }),
      })
      expect(res.status).toBe(500)
      const body = await res.text()
      expect(body).not.toMatch(/[0-9a-f]{64}/)
    } finally {
      await h.open.db.execute(sql.raw('drop trigger tw_fail on api_tokens'))
      await h.open.db.execute(sql.raw('drop function tw_fail'))
    }
    const log = lines.join('\n')
    const failure = lines.map((l) => JSON.parse(l)).find((r) => r.msg === 'unhandled error')
    expect(failure).toMatchObject({ sqlstate: 'XX000', kind: 'other' })
    expect(failure.statement).toMatch(/^insert into "api_tokens"/)
    // The secret's SHA-256 (64 hex digits) and the admin's token never reach the log.
    expect(log).not.toMatch(/[0-9a-f]{64}/)
    expect(log).not.toContain(h.cast.admin.token)
    expect(log).not.toContain('laptop')
  })
})
