import { eq, sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { verifyAuditLog } from '../../src/services/audit'
import { trials } from '../../src/db/schema'
import { enrolHouseholds, enrolRequests, type Keeping } from '../../src/services/enrolment'
import { CATCH_UP, KeptAllocators } from '../../src/services/allocator-state'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { allocateAll, replayAllocator } from '../../trials/randomisation'
import { createRecruitingTrial } from '../support/fixtures'
import { useHarness, testConfig } from '../support/harness'

const h = useHarness()

const household = (i: number) => ({
  household_ref: `ST-${String(i).padStart(5, '0')}`,
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

/** Everything an enrolment writes, as text, to compare before and after. */
async function written(trialId: string) {
  return {
    state: await rows(
      sql`select enrolments, format, algorithm, protocol_hash, state::text as state from allocator_states where trial_id = ${trialId}`
    ),
    enrolments: await rows(
      sql`select sequence, household, arm from enrolments where trial_id = ${trialId} order by sequence`
    ),
    observations: await rows(
      sql`select count(*)::int as n from observations where trial_id = ${trialId}`
    ),
    audit: await rows(
      sql`select count(*)::int as n from audit_events where entity_id::text = ${trialId} and action like 'trial.enrol%'`
    ),
    ledger: await rows(
      sql`select sequence, household, arm, hash from allocation_ledger where trial_id = ${trialId} order by sequence`
    ),
    chainHead: await rows(
      sql`select sequence, hash from audit_chain_head where chain = ${`trial:${trialId}`}`
    ),
  }
}

async function trialOf(trialId: string) {
  const [trial] = await h.open.db.select().from(trials).where(eq(trials.id, trialId))
  return trial!
}

/** The saved state against the pure engine's replay of every enrolment so far, in order. */
async function expectStateEqualsReplay(trialId: string) {
  const trial = await trialOf(trialId)
  const enrolled = await rows(
    sql`select household, unit from enrolments where trial_id = ${trialId} order by sequence`
  )
  const [saved] = await rows(
    sql`select enrolments, state::text as state from allocator_states where trial_id = ${trialId}`
  )
  const replayed = replayAllocator(
    (trial.protocol as { randomisation: unknown }).randomisation,
    trial.seed!,
    enrolled.map((e) => ({ ...(e.unit as object), id: e.household as string }))
  )
  expect(saved!.enrolments).toBe(enrolled.length)
  expect(JSON.parse(saved!.state as string)).toEqual(
    JSON.parse(JSON.stringify(replayed.snapshot()))
  )
}

const enrol = (trialId: string, i: number) =>
  h.json('POST', `/trials/${trialId}/enrolments`, {
    token: h.cast.officerA.token,
    body: household(i),
  })

/** Enrols through the service, as another API process would, and reports whether it had to rebuild. */
async function enrolDirectly(trialId: string, i: number) {
  return h.open.db.transaction(async (tx) => {
    const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId)).for('update')
    return enrolHouseholds(
      tx,
      trial!,
      {
        userId: h.cast.officerA.userId,
        councilId: h.cast.councilA,
        requestId: 'direct',
        at: new Date(),
      },
      testConfig.pseudonymKey,
      [household(i)],
      () => ''
    )
  })
}

async function pureArms(trialId: string, indices: number[]) {
  const trial = await trialOf(trialId)
  const listed = await rows(
    sql`select household from enrolments where trial_id = ${trialId} order by sequence`
  )
  return allocateAll(
    (trial.protocol as { randomisation: unknown }).randomisation,
    trial.seed!,
    listed.map((e, k) => ({ id: e.household as string, ...household(indices[k]!).baseline }))
  ).map((a) => a.arm)
}

/** The arms stored for the trial, in sequence order, equal the pure engine's for these example households. */
async function expectArmsOfPureEngine(trialId: string, indices: number[]) {
  const arms = (
    await rows(sql`select arm from enrolments where trial_id = ${trialId} order by sequence`)
  ).map((r) => r.arm)
  expect(arms).toEqual(await pureArms(trialId, indices))
}

describe('the persisted allocator state', () => {
  it('equals the replay of every enrolment after each one, one by one and in batches', async () => {
    const { trialId } = await createRecruitingTrial(h)
    for (let i = 0; i < 12; i++) {
      expect((await enrol(trialId, i)).status).toBe(201)
      await expectStateEqualsReplay(trialId)
    }
    const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: Array.from({ length: 7 }, (_, k) => household(12 + k)) },
    })
    expect(batch.status).toBe(201)
    await expectStateEqualsReplay(trialId)
    await expectArmsOfPureEngine(
      trialId,
      Array.from({ length: 19 }, (_, k) => k)
    )
    // Baseline observations come with each enrolment: one per non-null baseline field.
    expect((await written(trialId)).observations).toEqual([{ n: 19 * 5 }])
  })

  it('leaves state, enrolments, observations, ledger and audit chain as they were when the transaction fails at commit, after the state update', async () => {
    const { trialId } = await createRecruitingTrial(h)
    for (let i = 0; i < 4; i++) await enrol(trialId, 100 + i)
    const before = await written(trialId)
    // A deferred trigger on the state table fails the transaction at COMMIT, after every statement of the
    // enrolment (state update included) has run.
    await h.open.db.execute(
      sql.raw(`create or replace function fail_at_commit() returns trigger language plpgsql as $$
        begin raise exception 'injected failure'; end $$`)
    )
    await h.open.db.execute(
      sql.raw(`create constraint trigger fail_at_commit after insert or update on allocator_states
        deferrable initially deferred for each row execute function fail_at_commit()`)
    )
    try {
      const failed = await enrol(trialId, 104)
      expect(failed.status).toBe(500)
      expect(await written(trialId)).toEqual(before)
    } finally {
      await h.open.db.execute(sql.raw('drop trigger fail_at_commit on allocator_states'))
      await h.open.db.execute(sql.raw('drop function fail_at_commit()'))
    }
    // The retry gets exactly the slot the failed attempt would have had.
    expect((await enrol(trialId, 104)).status).toBe(201)
    await expectStateEqualsReplay(trialId)
    await expectArmsOfPureEngine(trialId, [100, 101, 102, 103, 104])
    // The ledger and the trial's audit chain continue from where they stood before the failure.
    const after = await written(trialId)
    expect(before.ledger).toHaveLength(4)
    expect(after.ledger.slice(0, 4)).toEqual(before.ledger)
    expect(after.ledger).toHaveLength(5)
    expect(after.chainHead[0]!.sequence).toBe(Number(before.chainHead[0]!.sequence) + 1)
    expect(await verifyAuditLog(h.open.db)).toMatchObject({ ok: true })
  })

  it('never allocates twice when a request is retried after its response was lost', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const first = await enrol(trialId, 200)
    expect(first.status).toBe(201)
    const before = await written(trialId)
    const retry = await enrol(trialId, 200)
    expect(retry.status).toBe(200)
    expect(retry.body).toMatchObject({
      household: first.body.household,
      sequence: first.body.sequence,
      arm: first.body.arm,
      replayed: true,
    })
    expect(await written(trialId)).toEqual(before)
  })

  it('reads the trial row afresh once it has changed, whatever this process read before', async () => {
    const { trialId } = await createRecruitingTrial(h)
    expect((await enrol(trialId, 300)).status).toBe(201)
    expect((await enrol(trialId, 301)).status).toBe(201)
    // The stored protocol loses a stratum value (hashes untouched): the next enrolment must see it.
    await h.open.db.execute(
      sql`update trials set protocol = jsonb_set(protocol, '{randomisation,strata_values,council_area}',
            (protocol #> '{randomisation,strata_values,council_area}') - ${exampleCouncilAreas[2]!})
          where id = ${trialId}`
    )
    const refused = await enrol(trialId, 302)
    expect(refused.status).toBe(422)
    expect(JSON.stringify(refused.body)).toContain('unknown-stratum-value')
    expect((await enrol(trialId, 303)).status).toBe(201)
  })

  it('resumes from the allocator this process keeps only while the state row is as its commit left it', async () => {
    const { trialId } = await createRecruitingTrial(h)
    for (let i = 0; i < 4; i++) expect((await enrol(trialId, 400 + i)).status).toBe(201)
    // Another process enrols: the allocator kept here is behind and must not be used.
    for (let i = 4; i < 7; i++) expect((await enrolDirectly(trialId, 400 + i)).rebuilt).toBeNull()
    expect((await enrol(trialId, 407)).status).toBe(201)
    await expectStateEqualsReplay(trialId)
    expect((await enrol(trialId, 408)).status).toBe(201)
    // The state row rewritten with the state after 2 enrolments but its count kept: refused, rebuilt by replay.
    const [state] = await rows(
      sql`select state::text as state from allocator_states where trial_id = ${trialId}`
    )
    await h.open.db.execute(
      sql`update allocator_states set state = ${state!.state as string}::jsonb where trial_id = ${trialId}`
    )
    expect((await enrol(trialId, 409)).status).toBe(201)
    await expectStateEqualsReplay(trialId)
    // A count that disagrees with the enrolments: rebuilt by replay, whatever is kept here.
    await h.open.db.execute(
      sql`update allocator_states set enrolments = 99 where trial_id = ${trialId}`
    )
    expect((await enrol(trialId, 410)).status).toBe(201)
    await expectStateEqualsReplay(trialId)
    expect((await enrol(trialId, 411)).status).toBe(201)
    await expectArmsOfPureEngine(
      trialId,
      Array.from({ length: 12 }, (_, k) => 400 + k)
    )
  })

  it('brings a kept allocator forward over the enrolments other processes made, checking each, as two API processes taking turns do', async () => {
    const { trialId } = await createRecruitingTrial(h)
    // The trial row as each process keeps it between enrolments (its documents are the same objects).
    const row = await trialOf(trialId)
    /** Enrols household i as a process keeping `kept` does: lock, enrol, and keep the allocator once committed. */
    const enrolAs = async (kept: KeptAllocators, i: number) => {
      const keeping: Keeping = { allocators: kept }
      const [answer] = await h.open.db.transaction(async (tx) => {
        await tx.select({ id: trials.id }).from(trials).where(eq(trials.id, trialId)).for('update')
        const actor = {
          userId: h.cast.officerA.userId,
          councilId: h.cast.councilA,
          requestId: `process-${i}`,
          at: new Date(),
        }
        return enrolRequests(
          tx,
          row,
          testConfig.pseudonymKey,
          [{ actor, households: [household(i)], pointerPrefix: () => '' }],
          undefined,
          keeping
        )
      })
      if (keeping.after) kept.keep(keeping.after.trialId, keeping.after)
      return answer!
    }
    const [one, two] = [new KeptAllocators(), new KeptAllocators()]
    expect((await enrolAs(one, 500)).caughtUp).toBeNull()
    expect((await enrolAs(two, 501)).caughtUp).toBeNull()
    // From now on each is one enrolment behind the other.
    for (let i = 502; i < 510; i++) {
      const answer = await enrolAs(i % 2 === 0 ? one : two, i)
      expect(answer.caughtUp).toBe(1)
      expect(answer.rebuilt).toBeNull()
    }
    await expectStateEqualsReplay(trialId)
    // The last one enrolled goes on as it stood, three times; the other is then four behind.
    for (let i = 510; i < 513; i++) expect((await enrolAs(two, i)).caughtUp).toBe(0)
    expect((await enrolAs(one, 513)).caughtUp).toBe(4)
    // Further behind than CATCH_UP: restored from the saved state instead.
    for (let i = 514; i < 515 + CATCH_UP; i++) await enrolAs(two, i)
    expect((await enrolAs(one, 515 + CATCH_UP)).caughtUp).toBeNull()
    await expectStateEqualsReplay(trialId)
    // A recorded arm that the engine would not have given (written past the immutability trigger): the kept
    // allocator is not used; the saved state is, and the enrolment goes on from it.
    expect((await enrolAs(two, 516 + CATCH_UP)).caughtUp).toBe(1)
    await enrolAs(one, 517 + CATCH_UP)
    await h.open.db.execute(sql`alter table enrolments disable trigger enrolments_immutable`)
    await h.open.db.execute(
      sql`update enrolments set arm = case when arm = 'mediation' then 'usual_care' else 'mediation' end
          where trial_id = ${trialId} and sequence = ${18 + CATCH_UP}`
    )
    await h.open.db.execute(sql`alter table enrolments enable trigger enrolments_immutable`)
    const afterAltered = await enrolAs(two, 518 + CATCH_UP)
    expect(afterAltered.caughtUp).toBeNull()
    expect(afterAltered.rebuilt).toBeNull()
    await expectStateEqualsReplay(trialId)
  })

  it('detects a missing, stale or altered state, rebuilds it by replay and never uses it', async () => {
    const { trialId } = await createRecruitingTrial(h)
    for (let i = 0; i < 6; i++) await enrol(trialId, 300 + i)
    const [six] = await rows(
      sql`select state::text as state from allocator_states where trial_id = ${trialId}`
    )
    for (let i = 6; i < 9; i++) await enrol(trialId, 300 + i)
    expect((await enrolDirectly(trialId, 309)).rebuilt).toBeNull()

    // Stale: the state after 6 enrolments, stored with its own count, while 10 exist.
    await h.open.db.execute(
      sql`update allocator_states set enrolments = 6, state = ${six!.state as string}::jsonb where trial_id = ${trialId}`
    )
    expect((await enrolDirectly(trialId, 310)).rebuilt).toBe('stale')
    await expectStateEqualsReplay(trialId)

    // Altered: the count says 11 but the state inside is the one after 6.
    await h.open.db.execute(
      sql`update allocator_states set state = ${six!.state as string}::jsonb where trial_id = ${trialId}`
    )
    expect((await enrolDirectly(trialId, 311)).rebuilt).toBe('unfit')
    await expectStateEqualsReplay(trialId)

    // Saved under another protocol version.
    await h.open.db.execute(
      sql`update allocator_states set protocol_hash = 'another' where trial_id = ${trialId}`
    )
    expect((await enrolDirectly(trialId, 312)).rebuilt).toBe('unfit')
    await expectStateEqualsReplay(trialId)

    // Missing, as for a trial enrolled before states were kept.
    await h.open.db.execute(sql`delete from allocator_states where trial_id = ${trialId}`)
    expect((await enrolDirectly(trialId, 313)).rebuilt).toBe('missing')
    await expectStateEqualsReplay(trialId)

    await expectArmsOfPureEngine(
      trialId,
      Array.from({ length: 14 }, (_, k) => 300 + k)
    )
  })
})
