import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main as verify } from '../../src/cli/verify'
import { allocationLedger, trials } from '../../src/db/schema'
import { backfillTrustRecords } from '../../src/services/trust-backfill'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { protocolHash } from '../../trials/protocol/canonical-json'
import { verifyPublicRecord } from '../../trials/registration-record'
import { createHarness, testConfig, type Harness } from '../support/harness'
import { runCli } from '../support/cli'
import { createRecruitingTrial } from '../support/fixtures'

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

const household = (i: number) => ({
  household_ref: `CASE/${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: exampleCouncilAreas[i % 5]!,
    household_type: exampleHouseholdTypes[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})
const rows = async (query: ReturnType<typeof sql>) => {
  const result = (await h.open.db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[]
}
const officer = () => h.cast.officerA.token

/** A recruiting trial of council A with `count` households enrolled (one by one, then in a batch). */
async function enrolledTrial(count: number) {
  const { trialId } = await createRecruitingTrial(h)
  const heads: string[] = []
  for (let i = 0; i < 5; i++) {
    await h.json('POST', `/trials/${trialId}/enrolments`, { token: officer(), body: household(i) })
    heads.push((await h.json('GET', `/registry/${trialId}/record.json`)).body.ledger.head)
  }
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: officer(),
    body: { households: Array.from({ length: count - 5 }, (_, i) => household(i + 5)) },
  })
  expect(batch.status).toBe(201)
  return { trialId, heads }
}

describe('the public registration record and allocation ledger', () => {
  let trialId: string
  let record: any
  let ledger: any
  beforeAll(async () => {
    const made = await enrolledTrial(60)
    trialId = made.trialId
    // While recruiting: the head grows on the public record and page; the entries stay private.
    expect(new Set(made.heads).size).toBe(5)
    expect((await h.json('GET', `/registry/${trialId}/allocations.json`)).status).toBe(409)
    const page = await (await h.request('GET', `/registry/${trialId}`)).text()
    const open = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    expect(open.seed).toBeNull()
    expect(open.sealed).toBeNull()
    expect(page).toContain(open.ledger.head)
    expect(open.registration.protocol.randomisation.block_sizes).toBeUndefined()
    expect(open.registration.protocol.randomisation.block_sizes_commitment).toMatch(
      /^[0-9a-f]{64}$/
    )
    await h.json('POST', `/trials/${trialId}/close`, { token: officer() })
    record = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    ledger = (await h.json('GET', `/registry/${trialId}/allocations.json`)).body
  })

  it('is published without a token and re-derives every allocation', () => {
    expect(record.registration).toMatchObject({
      algorithm: 'trialworks-randomisation/1',
      engine: testConfig.engine,
      seed_supplied: false,
      backfilled: false,
    })
    expect(record.sealed).toEqual({ block_sizes: [4, 6] })
    expect(ledger.entries).toHaveLength(60)
    const report = verifyPublicRecord(record, ledger)
    expect(report.first_difference).toBeNull()
    expect(report).toMatchObject({ ok: true, allocations_checked: 60 })
  })

  it('carries only the pseudonym and the fields the method reads, never a case reference', () => {
    for (const entry of ledger.entries) {
      expect(Object.keys(entry).sort()).toEqual(['arm', 'hash', 'household', 'sequence', 'unit'])
      expect(Object.keys(entry.unit).sort()).toEqual(['council_area', 'household_type'])
    }
    expect(JSON.stringify(ledger)).not.toContain('CASE/')
    expect(JSON.stringify(ledger)).not.toContain('age_head')
  })

  it('names the first difference when an arm, a stratum value, the protocol hash or the engine is edited', () => {
    const arm = structuredClone(ledger)
    arm.entries[16].arm = arm.entries[16].arm === 'usual_care' ? 'family_mediation' : 'usual_care'
    expect(verifyPublicRecord(record, arm).first_difference).toMatch(/^ledger_chain: entry 17 /)
    // Even with the chain recomputed around it, the edited arm does not re-derive.
    const stratum = structuredClone(ledger)
    stratum.entries[41].unit.council_area =
      stratum.entries[41].unit.council_area === 'leeds' ? 'wakefield' : 'leeds'
    expect(verifyPublicRecord(record, stratum).first_difference).toMatch(/^ledger_chain: entry 42 /)
    const hash = structuredClone(record)
    hash.registration.protocol_hash = 'f'.repeat(64)
    expect(verifyPublicRecord(hash, ledger).first_difference).toMatch(/^protocol_hash: /)
    const engine = structuredClone(record)
    engine.registration.engine = '0.1.0+sha256.' + '0'.repeat(64)
    expect(verifyPublicRecord(engine, ledger).first_difference).toMatch(/^engine: /)
    const bothEngines = structuredClone(ledger)
    bothEngines.engine = engine.registration.engine
    expect(verifyPublicRecord(engine, bothEngines).first_difference).toMatch(/^registration_hash: /)
    const seed = structuredClone(record)
    seed.sealed.block_sizes = [4]
    expect(verifyPublicRecord(seed, ledger).first_difference).toMatch(/^block_sizes: /)
  })

  it('names the first bad entry of a truncated or reordered ledger', () => {
    const truncated = structuredClone(ledger)
    truncated.entries = truncated.entries.slice(0, 50)
    expect(verifyPublicRecord(record, truncated).ledger.first_bad).toMatchObject({
      position: 51,
      reason: 'missing',
    })
    const reordered = structuredClone(ledger)
    ;[reordered.entries[10], reordered.entries[11]] = [reordered.entries[11], reordered.entries[10]]
    expect(verifyPublicRecord(record, reordered).ledger.first_bad).toMatchObject({
      position: 11,
      reason: 'sequence',
    })
  })

  // In-process, as the other CLI tests: test/src/cli/bin.test.ts checks that `npm run verify` runs this main.
  it('is checked by `npm run verify` from the files, exiting 1 naming the difference', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tw-public-'))
    writeFileSync(join(dir, 'record.json'), JSON.stringify(record))
    writeFileSync(join(dir, 'allocations.json'), JSON.stringify(ledger))
    const intact = await runCli(verify, [join(dir, 'record.json'), join(dir, 'allocations.json')])
    expect(intact.status, intact.stderr).toBe(0)
    const ok = JSON.parse(intact.stdout)
    expect(ok.ok).toBe(true)
    const engine = structuredClone(record)
    engine.registration.engine = 'someone-else'
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(engine))
    const failure = await runCli(verify, [join(dir, 'edited.json'), join(dir, 'allocations.json')])
    expect(failure.status).toBe(1)
    expect(failure.stderr).toContain('engine differs')
  })

  it('withholds stratum and block from the enrolling officer until close', async () => {
    const { trialId: open } = await createRecruitingTrial(h)
    const made = await h.json('POST', `/trials/${open}/enrolments`, {
      token: officer(),
      body: household(1),
    })
    expect(made.body).toMatchObject({ stratum: null, block: null, sequence: 1 })
    const trial = await h.json('GET', `/trials/${open}`, { token: officer() })
    expect(trial.body.protocol.randomisation.block_sizes).toBeUndefined()
    expect(trial.body.sealed).toBeNull()
    const listed = await h.json('GET', `/trials/${trialId}/enrolments`, { token: officer() })
    expect(listed.body.enrolments[0].stratum).not.toBeNull()
  })
})

describe('the audit chain', () => {
  // One trial taken through its lifecycle (created, registered, enrolled, closed), read by both checks.
  let lifecycle: Promise<string> | undefined
  const closedTrial = () =>
    (lifecycle ??= (async () => {
      const { trialId } = await enrolledTrial(12)
      await h.json('POST', `/trials/${trialId}/close`, { token: officer() })
      return trialId
    })())

  it('is intact after a trial lifecycle, for Centre staff and admins only', async () => {
    await closedTrial()
    const report = await h.json('GET', '/audit/verify', { token: h.cast.centre.token })
    expect(report.status).toBe(200)
    expect(report.body).toMatchObject({ ok: true, first_broken: null })
    expect(report.body.entries_checked).toBeGreaterThan(10)
    // The global chain and one chain per trial.
    expect(report.body.chains_checked).toBeGreaterThan(1)
    expect((await h.json('GET', '/audit/verify', { token: officer() })).status).toBe(403)
  })

  it("lists a trial's entries, with actor role and chain hashes, to those who can see it", async () => {
    const trialId = await closedTrial()
    const listed = await h.json('GET', `/trials/${trialId}/audit`, {
      token: h.cast.evaluatorA.token,
    })
    expect(listed.status).toBe(200)
    const actions = listed.body.entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(
      expect.arrayContaining(['trial.create', 'trial.register', 'trial.enrol', 'trial.closed'])
    )
    const register = listed.body.entries.find(
      (e: { action: string }) => e.action === 'trial.register'
    )
    expect(register).toMatchObject({ actor_role: 'officer', chain: `trial:${trialId}` })
    // The trial's chain starts at 1 and has no gaps: it verifies from its own entries.
    expect(listed.body.entries.map((e: { sequence: number }) => e.sequence)).toEqual(
      listed.body.entries.map((_: unknown, i: number) => i + 1)
    )
    expect(register.hash).toMatch(/^[0-9a-f]{64}$/)
    expect(
      (await h.json('GET', `/trials/${trialId}/audit`, { token: h.cast.officerB.token })).status
    ).toBe(404)
  })

  it('refuses UPDATE, DELETE and TRUNCATE by trigger, and names a link broken behind its back', async () => {
    await expect(h.open.db.execute(sql`update audit_events set action = 'x'`)).rejects.toThrow()
    await expect(h.open.db.execute(sql`delete from audit_events`)).rejects.toThrow()
    await expect(h.open.db.execute(sql`truncate audit_events cascade`)).rejects.toThrow()
    // Only the table owner can switch the trigger off (the application role cannot, see roles.test.ts).
    const [victim] = await rows(
      sql`select chain, sequence from audit_events where chain like 'trial:%' order by id limit 1 offset 3`
    )
    await h.open.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`)
    await h.open.db.execute(
      sql`update audit_events set detail = '{"edited":true}' where chain = ${victim!.chain} and sequence = ${victim!.sequence}`
    )
    await h.open.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`)
    const report = await h.json('GET', '/audit/verify', { token: h.cast.admin.token })
    expect(report.body).toMatchObject({
      ok: false,
      first_broken: {
        chain: victim!.chain,
        sequence: victim!.sequence,
        reason: expect.stringContaining('payload'),
      },
    })
  })
})

const APPEND_ONLY = [
  'enrolments',
  'allocation_ledger',
  'audit_events',
  'protocol_versions',
  'analysis_runs',
  'evidence_ratings',
  'rating_decisions',
  'observation_history',
  'data_imports',
  'screening_history',
  'adherence_history',
  'analysis_exclusion_history',
]

describe('append-only tables', () => {
  it.each(APPEND_ONLY)(
    '%s has a trigger refusing UPDATE and DELETE, and refuses TRUNCATE',
    async (table) => {
      const triggers = await rows(
        sql`select tgname from pg_trigger where tgrelid = ${table}::regclass and not tgisinternal`
      )
      expect(triggers.length).toBeGreaterThanOrEqual(2)
      await expect(h.open.db.execute(sql.raw(`truncate ${table} cascade`))).rejects.toThrow()
    }
  )

  // One enrolled trial gives the three tables their rows: each refused statement leaves them as they were.
  let enrolled: Promise<unknown> | undefined
  it.each(['enrolments', 'allocation_ledger', 'protocol_versions'])(
    '%s refuses UPDATE and DELETE of a row',
    async (table) => {
      await (enrolled ??= enrolledTrial(6))
      const column = table === 'protocol_versions' ? 'reason' : 'arm'
      await expect(
        h.open.db.execute(sql.raw(`update ${table} set ${column} = 'edited'`))
      ).rejects.toThrow()
      await expect(h.open.db.execute(sql.raw(`delete from ${table}`))).rejects.toThrow()
    }
  )

  it('keeps what registration fixed: seed, commitment and hashes without a new version', async () => {
    const { trialId } = await createRecruitingTrial(h)
    for (const change of [
      sql`update trials set seed = 'ab' || seed where id = ${trialId}`,
      sql`update trials set protocol_hash = repeat('f', 64) where id = ${trialId}`,
      sql`update trials set registration_hash = repeat('f', 64) where id = ${trialId}`,
      sql`delete from trials where id = ${trialId}`,
    ])
      await expect(h.open.db.execute(change)).rejects.toThrow()
  })

  it('writes the history of an observation changed without it', async () => {
    // Any baseline observation will do: the enrolled trial above has them.
    await (enrolled ??= enrolledTrial(6))
    const [obs] = await rows(
      sql`select id, version, value_number from observations where value_number is not null limit 1`
    )
    await h.open.db.execute(
      sql`update observations set value_number = value_number + 1 where id = ${obs!.id}`
    )
    const history = await rows(
      sql`select version, value_number, reason from observation_history where observation_id = ${obs!.id}`
    )
    expect(history).toEqual([
      {
        version: obs!.version,
        value_number: obs!.value_number,
        reason: 'changed without a recorded reason',
      },
    ])
    const [after] = await rows(sql`select version from observations where id = ${obs!.id}`)
    expect(after!.version).toBe((obs!.version as number) + 1)
    await expect(
      h.open.db.execute(sql`delete from observations where id = ${obs!.id}`)
    ).rejects.toThrow()
  })
})

describe('trials registered before the ledger', () => {
  it('are migrated with their algorithm recorded and keep re-deriving', async () => {
    const { trialId, seed } = await createRecruitingTrial(h)
    await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: officer(),
      body: { households: Array.from({ length: 20 }, (_, i) => household(3000 + i)) },
    })
    // Make it look as it did before this change: no registration record, no ledger, whole-protocol hash.
    const [before] = await h.open.db.select().from(trials).where(eq(trials.id, trialId))
    await h.open.db.execute(
      sql`alter table allocation_ledger disable trigger allocation_ledger_append_only`
    )
    await h.open.db.delete(allocationLedger).where(eq(allocationLedger.trialId, trialId))
    await h.open.db.execute(
      sql`alter table allocation_ledger enable trigger allocation_ledger_append_only`
    )
    await h.open.db.execute(sql`alter table trials disable trigger trials_registration_fixed`)
    await h.open.db
      .update(trials)
      .set({
        registration: null,
        registrationHash: null,
        protocolHash: protocolHash(before!.protocol),
      })
      .where(eq(trials.id, trialId))
    await h.open.db.execute(sql`alter table trials enable trigger trials_registration_fixed`)
    await backfillTrustRecords(h.open.db)
    await backfillTrustRecords(h.open.db) // idempotent
    await h.json('POST', `/trials/${trialId}/close`, { token: officer() })
    const record = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    const ledger = (await h.json('GET', `/registry/${trialId}/allocations.json`)).body
    expect(record.registration).toMatchObject({
      algorithm: 'trialworks-randomisation/1',
      engine: null,
      backfilled: true,
      protocol_hash: protocolHash(before!.protocol),
    })
    expect(record.seed).toBe(seed)
    expect(ledger.entries).toHaveLength(20)
    expect(verifyPublicRecord(record, ledger)).toMatchObject({ ok: true, allocations_checked: 20 })
  })
})
