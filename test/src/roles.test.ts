import { randomBytes } from 'node:crypto'
import { resolve } from 'node:path'
import postgres from 'postgres'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { openDatabase, type OpenDatabase } from '../../src/db/client'
import { migrateDatabase } from '../../src/db/migrate'
import { applicationRoleGrants } from '../../src/db/roles'
import { silentLogger } from '../../src/env'
import { createCouncil, createToken, createUser } from '../../src/services/accounts'
import { interventionBody, protocolForCouncilA } from '../support/fixtures'
import { testConfig } from '../support/harness'

// PGlite has a single superuser, so roles are tested on PostgreSQL only; the triggers are tested on both
// (trust.test.ts).
const serverUrl = process.env.DATABASE_URL
const suffix = randomBytes(4).toString('hex')
const owner = `tw_owner_${suffix}`
const appRole = `tw_app_${suffix}`
const database = `tw_roles_${suffix}`
const urlAs = (user: string) => {
  const url = new URL(serverUrl ?? 'postgres://x@127.0.0.1/x')
  url.username = user
  url.password = 'unused'
  url.pathname = `/${database}`
  return url.toString()
}

describe.skipIf(!serverUrl)('the application database role on PostgreSQL', () => {
  let app: postgres.Sql
  let opened: OpenDatabase
  beforeAll(async () => {
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`create role ${owner} login password 'unused'`)
    await admin.unsafe(`create role ${appRole} login password 'unused'`)
    await admin.unsafe(`create database ${database} owner ${owner}`)
    await admin.end()
    // Migrations run as the owner, which then grants the application role.
    const asOwner = await openDatabase({ databaseUrl: urlAs(owner) })
    await migrateDatabase(asOwner, resolve(import.meta.dirname, '../../migrations'))
    const ownerSql = postgres(urlAs(owner), { max: 1, onnotice: () => {} })
    for (const statement of applicationRoleGrants(appRole)) await ownerSql.unsafe(statement)
    await ownerSql.end()
    await asOwner.close()
    // The whole lifecycle runs as the application role.
    opened = await openDatabase({ databaseUrl: urlAs(appRole) })
    const db = opened.db
    const now = new Date('2026-03-02T09:00:00Z')
    const council = await createCouncil(
      db,
      now,
      { id: null },
      {
        slug: 'council-a',
        code: 'E07000801',
        name: 'Council A',
      }
    )
    const user = await createUser(
      db,
      now,
      { id: null },
      {
        name: 'officer',
        role: 'officer',
        councilId: council.id,
      }
    )
    const { token } = await createToken(db, now, { id: null }, { userId: user.id, label: 'test' })
    const server = createApp({
      database: { acquire: () => ({ db }) },
      clock: () => new Date(now),
      config: testConfig,
      logger: silentLogger,
    })
    const call = async (method: string, path: string, body?: unknown) => {
      const res = await server.request(path, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body ?? {}),
      })
      const json = (await res.json()) as Record<string, any>
      if (res.status >= 300) throw new Error(`${method} ${path}: ${JSON.stringify(json)}`)
      return json
    }
    const intervention = await call('POST', '/interventions', interventionBody())
    const trial = await call('POST', '/trials', {
      intervention_id: intervention.id,
      protocol: protocolForCouncilA(),
    })
    await call('POST', `/trials/${trial.id}/register`)
    await call('POST', `/trials/${trial.id}/recruit`)
    await call('POST', `/trials/${trial.id}/enrolments/batch`, {
      households: Array.from({ length: 8 }, (_, i) => ({
        household_ref: `R-${i}`,
        baseline: { council_area: 'leeds', household_type: 'single_25_plus' },
      })),
    })
    await call('POST', `/trials/${trial.id}/close`)
    app = postgres(urlAs(appRole), { max: 1, onnotice: () => {} })
  }, 60_000)
  afterAll(async () => {
    await app?.end()
    await opened?.close()
    const admin = postgres(serverUrl!, { max: 1, onnotice: () => {} })
    await admin.unsafe(`drop database if exists ${database} with (force)`)
    await admin.unsafe(`drop role if exists ${appRole}`)
    await admin.unsafe(`drop role if exists ${owner}`)
    await admin.end()
  })

  const refused = async (statement: string) => {
    const error = await app.unsafe(statement).then(
      () => null,
      (e: { code?: string; message: string }) => e
    )
    expect(error, statement).not.toBeNull()
    return error!
  }

  it.each(['audit_events', 'allocation_ledger'])(
    'cannot UPDATE, DELETE or TRUNCATE %s, nor disable or drop its triggers',
    async (table) => {
      const [{ n }] = await app.unsafe(`select count(*)::int as n from ${table}`)
      expect(n).toBeGreaterThan(0)
      const column = table === 'audit_events' ? 'action' : 'arm'
      // 42501: insufficient privilege; 55000: refused by the append-only trigger.
      expect(['42501', '55000']).toContain(
        (await refused(`update ${table} set ${column} = 'x'`)).code
      )
      expect(['42501', '55000']).toContain((await refused(`delete from ${table}`)).code)
      expect((await refused(`truncate ${table} cascade`)).code).toBe('42501')
      expect((await refused(`alter table ${table} disable trigger all`)).code).toBe('42501')
      expect((await refused(`alter table ${table} disable trigger user`)).code).toBe('42501')
      const [trigger] = await app.unsafe(
        `select tgname from pg_trigger where tgrelid = '${table}'::regclass and not tgisinternal limit 1`
      )
      expect((await refused(`drop trigger ${trigger!.tgname} on ${table}`)).code).toBe('42501')
      expect((await refused(`drop table ${table} cascade`)).code).toBe('42501')
      const [{ after }] = await app.unsafe(`select count(*)::int as after from ${table}`)
      expect(after).toBe(n)
    }
  )

  it('cannot change registered protocol versions or the seed of a trial behind the chain', async () => {
    expect((await refused(`update protocol_versions set reason = 'x'`)).code).toBe('42501')
    expect((await refused(`delete from enrolments`)).code).toBe('42501')
    expect((await refused(`alter table trials owner to ${appRole}`)).code).toBe('42501')
    // trials stays updatable (status, current protocol), but not what registration fixed.
    expect((await refused(`update trials set seed = 'ab' || seed`)).code).toBe('55000')
    expect((await refused(`update trials set protocol_hash = repeat('f', 64)`)).code).toBe('55000')
  })

  it('even the owner is refused UPDATE and DELETE by the triggers', async () => {
    const ownerSql = postgres(urlAs(owner), { max: 1, onnotice: () => {} })
    try {
      for (const statement of [
        `update audit_events set action = 'x'`,
        `delete from allocation_ledger`,
        `truncate audit_events cascade`,
      ]) {
        const error = await ownerSql.unsafe(statement).then(
          () => null,
          (e: { code?: string }) => e
        )
        expect(error?.code, statement).toBe('55000')
      }
    } finally {
      await ownerSql.end()
    }
  })
})
