import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest'
import { main as verify } from '../../src/cli/verify'
import { openDatabase, type OpenDatabase } from '../../src/db/client'
import { createCouncil, createUser } from '../../src/services/accounts'
import { audit, verifyAuditLog } from '../../src/services/audit'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { verifyAllocations } from '../../trials/randomisation'
import { runCli } from '../support/cli'
import { pgliteModules } from '../support/database'
import { createRecruitingTrial } from '../support/fixtures'
import { createHarness, type Harness } from '../support/harness'

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

const household = (i: number) => ({
  household_ref: `VER/${i}`,
  baseline: {
    council_area: exampleCouncilAreas[i % 5]!,
    household_type: exampleHouseholdTypes[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})

/** Runs `verify` in-process with the environment it reads set as given, restored afterwards. */
async function withEnv<T>(env: Record<string, string | undefined>, run: () => Promise<T>) {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]))
  for (const [k, v] of Object.entries(env))
    if (v === undefined) delete process.env[k]
    else process.env[k] = v
  try {
    return await run()
  } finally {
    for (const [k, v] of Object.entries(saved))
      if (v === undefined) delete process.env[k]
      else process.env[k] = v
  }
}

describe('verifying the token-gated allocation export', () => {
  it('recomputes the protocol hash, and names it when it was replaced', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: Array.from({ length: 30 }, (_, i) => household(i)) },
    })
    expect(batch.status).toBe(201)
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const exported = (
      await h.json('GET', `/trials/${trialId}/allocation-export`, { token: h.cast.officerA.token })
    ).body
    const honest = verifyAllocations(exported)
    expect(honest.protocol_hash).toEqual({
      recorded: exported.protocol_hash,
      computed: exported.protocol_hash,
      checked: true,
      ok: true,
      randomisation: true,
    })
    expect(honest.ok).toBe(true)

    const dir = mkdtempSync(join(tmpdir(), 'tw-export-'))
    const write = (name: string, document: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(document))
      return join(dir, name)
    }
    expect((await runCli(verify, [write('export.json', exported)])).status).toBe(0)
    const replaced = await runCli(verify, [
      write('hash.json', { ...exported, protocol_hash: 'f'.repeat(64) }),
    ])
    expect(replaced.status).toBe(1)
    expect(JSON.parse(replaced.stdout).protocol_hash).toMatchObject({ ok: false, checked: true })
    expect(replaced.stderr).toBe(
      `verification failed: protocol_hash: recorded ${'f'.repeat(64)}, the exported protocol hashes to ${exported.protocol_hash}\n`
    )
    // The protocol edited under its hash (a primary outcome renamed) fails the same way.
    const edited = structuredClone(exported)
    edited.protocol.primary_outcome.definition += ' (amended)'
    expect((await runCli(verify, [write('protocol.json', edited)])).stderr).toMatch(
      /^verification failed: protocol_hash: /
    )
    // A randomisation swapped beside the protocol is named too.
    const swapped = structuredClone(exported)
    swapped.randomisation.block_sizes = [2]
    expect((await runCli(verify, [write('randomisation.json', swapped)])).stderr).toMatch(
      /^verification failed: randomisation: /
    )
  })
})

describe('verifying a trial that enrolled nobody', () => {
  it('re-derives nothing and verifies zero allocations, from the export and from the public record', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const closed = await h.json('POST', `/trials/${trialId}/close`, {
      token: h.cast.officerA.token,
    })
    expect(closed.status).toBe(200)
    const exported = await h.json('GET', `/trials/${trialId}/allocation-export`, {
      token: h.cast.officerA.token,
    })
    expect(exported.status).toBe(200)
    expect(exported.body).toMatchObject({ algorithm: null, units: [] })

    const dir = mkdtempSync(join(tmpdir(), 'tw-empty-'))
    const write = (name: string, document: unknown) => {
      writeFileSync(join(dir, name), JSON.stringify(document))
      return join(dir, name)
    }
    const fromExport = await runCli(verify, [write('export.json', exported.body)])
    expect(fromExport.stderr).toBe('')
    expect(fromExport.status).toBe(0)
    expect(JSON.parse(fromExport.stdout)).toMatchObject({
      ok: true,
      trial_id: trialId,
      algorithm: null,
      seed_commitment: { ok: true },
      protocol_hash: { checked: true, ok: true },
      units: 0,
      units_checked: 0,
      mismatches: [],
    })

    const record = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    const ledger = (await h.json('GET', `/registry/${trialId}/allocations.json`)).body
    expect(ledger.entries).toEqual([])
    const fromRecord = await runCli(verify, [
      write('record.json', record),
      write('allocations.json', ledger),
    ])
    expect(fromRecord.stderr).toBe('')
    expect(fromRecord.status).toBe(0)
    expect(JSON.parse(fromRecord.stdout)).toMatchObject({
      ok: true,
      first_difference: null,
      ledger: { entries: 0, entries_checked: 0 },
      allocations_checked: 0,
      first_bad_allocation: null,
    })
  })
})

// PGlite runs one transaction at a time; concurrent appends contend only on a real PostgreSQL.
describe.skipIf(!process.env.DATABASE_URL)('the audit chain under concurrent writers', () => {
  it('stays one unbroken chain when many transactions append at once', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const before = await verifyAuditLog(h.open.db)
    const writers = 40
    const direct = Array.from({ length: writers }, (_, i) =>
      h.open.db.transaction(async (tx) => {
        await audit(tx, {
          at: new Date(),
          actorId: h.cast.officerA.userId,
          councilId: h.cast.councilA,
          action: 'test.concurrent',
          entityType: 'trial',
          entityId: trialId,
          detail: { writer: i },
        })
      })
    )
    // Enrolments append in their one-statement write, and downloads in their own transactions, at the same time.
    const enrolments = Array.from({ length: 20 }, (_, i) =>
      h.json('POST', `/trials/${trialId}/enrolments`, {
        token: h.cast.officerA.token,
        body: household(1000 + i),
      })
    )
    const [, enrolled] = await Promise.all([Promise.all(direct), Promise.all(enrolments)])
    expect(enrolled.map((e) => e.status)).toEqual(Array(20).fill(201))
    const after = await verifyAuditLog(h.open.db)
    expect(after).toMatchObject({ ok: true, first_broken: null })
    expect(after.entries_checked).toBeGreaterThanOrEqual(before.entries_checked + writers + 20)
    const verified = await h.json('GET', '/audit/verify', { token: h.cast.centre.token })
    expect(verified.body).toMatchObject({ ok: true, entries_checked: after.entries_checked })
  }, 60_000)
})

describe('`npm run verify -- --audit`', () => {
  let open: OpenDatabase
  let ownClosed = false
  let env: Record<string, string | undefined>
  beforeAll(async () => {
    // The command opens the database itself: the test file's PostgreSQL database, or a PGlite data directory.
    const url = (h.open as { url?: string }).url
    if (url) {
      open = h.open
      env = { DATABASE_URL: url }
    } else {
      const dataDir = mkdtempSync(join(tmpdir(), 'tw-audit-'))
      // Written from the run's migrated snapshot (test/support/global-setup.ts): what migrating a new data
      // directory leaves there, without booting and migrating one.
      const snapshot = readFileSync(inject('pgliteSnapshot')!)
      open = await openDatabase({
        dataDir: join(dataDir, 'pglite'),
        pglite: { ...(await pgliteModules()), loadDataDir: new Blob([snapshot]) },
      })
      env = { DATABASE_URL: undefined, DATA_DIR: dataDir }
      const at = new Date('2026-03-02T09:00:00.000Z')
      const council = await createCouncil(
        open.db,
        at,
        { id: null },
        {
          slug: 'audit-council',
          code: 'E07000899',
          name: 'Audit Council',
        }
      )
      await createUser(
        open.db,
        at,
        { id: null },
        {
          name: 'Audit officer',
          role: 'officer',
          councilId: council.id,
        }
      )
    }
  })
  afterAll(async () => {
    if (open && open !== h.open && !ownClosed) await open.close()
  })

  it('recomputes the chain, exits 0 when intact and 1 naming the first broken entry', async () => {
    const intact = await verifyAuditLog(open.db)
    expect(intact.ok).toBe(true)
    // PGlite allows one connection to a data directory: the command opens it once this one is closed.
    const pglite = open !== h.open
    // Reopened with the worker's compiled PGlite, not compiling it again.
    const reopen = async () =>
      openDatabase({ dataDir: join(env.DATA_DIR!, 'pglite'), pglite: await pgliteModules() })
    if (pglite) await open.close()
    const ok = await withEnv(env, () => runCli(verify, ['--audit']))
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toEqual(intact)
    if (pglite) open = await reopen()
    // An entry's payload changed behind the triggers' back (as a superuser can): the chain names it.
    await open.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`)
      await tx.execute(
        sql`update audit_events set detail = '{"edited": true}'::jsonb where chain = 'global' and sequence = 2`
      )
    })
    if (pglite) {
      await open.close()
      // Nothing reads the data directory after the command: it stays closed.
      ownClosed = true
    }
    const broken = await withEnv(env, () => runCli(verify, ['--audit']))
    expect(broken.status).toBe(1)
    expect(JSON.parse(broken.stdout)).toMatchObject({
      ok: false,
      first_broken: { chain: 'global', sequence: 2 },
    })
    expect(broken.stderr).toMatch(/^verification failed: audit chain global, entry 2: /)
  })
})
