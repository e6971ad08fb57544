import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { writeFileSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { allocateAll, verifyAllocations } from '../../trials/randomisation'
import { eq } from 'drizzle-orm'
import { trials } from '../../src/db/schema'
import { main as verify } from '../../src/cli/verify'
import { enrolHouseholds } from '../../src/services/enrolment'
import { runCli } from '../support/cli'
import { testConfig, useHarness } from '../support/harness'
import { createDraftTrial, createRecruitingTrial } from '../support/fixtures'

const h = useHarness()

const areas = exampleCouncilAreas
const types = exampleHouseholdTypes
const household = (i: number) => ({
  household_ref: `HOC-${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: areas[i % 5]!,
    household_type: types[(i * 7) % 3]!,
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

describe('enrolling one household at a time', () => {
  // A recruiting trial for the calls that must be refused: none of them enrols anyone in it.
  let refusing: Promise<{ trialId: string }> | undefined
  const refusingTrial = () => (refusing ??= createRecruitingTrial(h))

  it('randomises, and returns the original allocation when the household presents again', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const first = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: household(1),
    })
    expect(first.status).toBe(201)
    expect(first.body).toMatchObject({
      sequence: 1,
      replayed: false,
      algorithm: 'trialworks-randomisation/1',
      // Concealment: nothing but the arm and the sequence number while the seed is secret.
      stratum: null,
      block: null,
    })
    expect(['usual_care', 'family_mediation']).toContain(first.body.arm)
    const again = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { ...household(1), household_ref: '  hoc-00001 ' },
    })
    expect(again.status).toBe(200)
    expect(again.body).toMatchObject({
      sequence: 1,
      arm: first.body.arm,
      replayed: true,
      household: first.body.household,
    })
  })

  it('refuses a token at once when it is revoked or its account disabled, and enrols nothing', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const user = await h.json('POST', '/admin/users', {
      token: h.cast.admin.token,
      body: { name: 'Desk officer', role: 'officer', council_id: h.cast.councilA },
    })
    const issue = () =>
      h.json('POST', `/admin/users/${user.body.id}/tokens`, {
        token: h.cast.admin.token,
        body: { label: 'desk' },
      })
    const enrolWith = (token: string, i: number) =>
      h.json('POST', `/trials/${trialId}/enrolments`, { token, body: household(i) })
    const first = await issue()
    expect((await enrolWith(first.body.token, 301)).status).toBe(201)
    const revoked = await h.request('DELETE', `/admin/tokens/${first.body.id}`, {
      token: h.cast.admin.token,
    })
    expect(revoked.status).toBe(204)
    const refused = await enrolWith(first.body.token, 302)
    expect(refused.status).toBe(401)
    expect(refused.body.detail).toContain('revoked')
    // Refused before the trial is looked at: a bad body changes nothing.
    expect(
      (await h.json('POST', `/trials/${trialId}/enrolments`, { token: first.body.token, body: {} }))
        .status
    ).toBe(401)
    const second = await issue()
    expect((await enrolWith(second.body.token, 303)).status).toBe(201)
    await h.open.db.execute(sql`update users set disabled_at = now() where id = ${user.body.id}`)
    const disabled = await enrolWith(second.body.token, 304)
    expect(disabled.status).toBe(401)
    expect(disabled.body.detail).toContain('disabled')
    const enrolled = await rows(
      sql`select count(*)::int as n from enrolments where trial_id = ${trialId}`
    )
    expect(enrolled[0]!.n).toBe(2)
  })

  it('never stores the raw household reference', async () => {
    const { trialId } = await createRecruitingTrial(h)
    await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { ...household(2), household_ref: 'SECRET-REF-778' },
    })
    const dump =
      JSON.stringify(await rows(sql`select * from enrolments`)) +
      JSON.stringify(await rows(sql`select * from audit_events`))
    expect(dump).not.toContain('SECRET-REF-778')
    expect(dump).not.toContain('secret-ref-778')
  })

  it('refuses an unknown stratum value with the allowed values', async () => {
    const { trialId } = await refusingTrial()
    const res = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'X1', baseline: { ...household(3).baseline, council_area: 'york' } },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/baseline/council_area', allowed: areas }),
    ])
  })

  it('refuses undeclared fields such as personal data, and missing strata', async () => {
    const { trialId } = await refusingTrial()
    const res = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'X2', baseline: { surname: 'Smith', age_head: 'old' } },
    })
    expect(res.status).toBe(422)
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer).sort()
    expect(pointers).toEqual([
      '/baseline/age_head',
      '/baseline/council_area',
      '/baseline/household_type',
      '/baseline/surname',
    ])
    expect(
      (await rows(sql`select count(*)::int as n from enrolments where trial_id = ${trialId}`))[0]!.n
    ).toBe(0)
  })

  it('refuses enrolment on a trial that is not recruiting', async () => {
    const { trialId } = await createDraftTrial(h)
    const res = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: household(1),
    })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/not-recruiting')
  })

  it("hides other councils' trials and limits enrolment to officers", async () => {
    const { trialId } = await refusingTrial()
    expect(
      (
        await h.json('POST', `/trials/${trialId}/enrolments`, {
          token: h.cast.officerB.token,
          body: household(1),
        })
      ).status
    ).toBe(404)
    expect(
      (
        await h.json('POST', `/trials/${trialId}/enrolments`, {
          token: h.cast.evaluatorA.token,
          body: household(1),
        })
      ).status
    ).toBe(403)
    expect(
      (
        await h.json('POST', `/trials/${trialId}/enrolments`, {
          token: h.cast.centre.token,
          body: household(1),
        })
      ).status
    ).toBe(403)
    expect(
      (await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerB.token }))
        .status
    ).toBe(404)
  })

  it('keeps allocations immutable even against direct SQL', async () => {
    const { trialId } = await createRecruitingTrial(h)
    await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: household(5),
    })
    await expect(
      h.open.db.execute(sql`update enrolments set arm = 'usual_care' where trial_id = ${trialId}`)
    ).rejects.toThrow()
    await expect(
      h.open.db.execute(sql`delete from enrolments where trial_id = ${trialId}`)
    ).rejects.toThrow()
  })
})

describe('batches', () => {
  it('equals one-by-one enrolment and the pure engine on the same units and seed', async () => {
    const one = await createRecruitingTrial(h)
    const batch = await createRecruitingTrial(h)
    const households = Array.from({ length: 40 }, (_, i) => household(i + 100))
    const sequential = []
    for (const hh of households)
      sequential.push(
        (
          await h.json('POST', `/trials/${one.trialId}/enrolments`, {
            token: h.cast.officerA.token,
            body: hh,
          })
        ).body
      )
    const batched = await h.json('POST', `/trials/${batch.trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households },
    })
    expect(batched.status).toBe(201)
    // Each trial has its own drawn seed; each must equal the pure engine on its seed and units.
    for (const [trial, made] of [
      [one, sequential],
      [batch, batched.body.enrolments],
    ] as const) {
      const pure = allocateAll(
        trial.randomisation,
        trial.seed,
        made.map((e: { household: string }, i: number) => ({
          id: e.household,
          ...households[i]!.baseline,
        }))
      )
      expect(pure.map((a) => a.arm)).toEqual(made.map((e: { arm: string }) => e.arm))
    }
  })

  it('refuses a batch with a duplicate household naming both rows, writing nothing', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const res = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: {
        households: [household(1), household(2), { ...household(1), household_ref: 'hoc-00001' }],
      },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        pointer: '/households/2/household_ref',
        code: 'duplicate-household',
        detail: expect.stringContaining('rows 1 and 3'),
      }),
    ])
    expect(
      (await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })).body
        .enrolments
    ).toEqual([])
  })

  it('is all or nothing when a later row is invalid', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const bad = {
      household_ref: 'Z9',
      baseline: { ...household(9).baseline, household_type: 'couple' },
    }
    const res = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: [household(1), household(2), bad] },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/households/2/baseline/household_type')
    expect(
      (await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })).body
        .enrolments
    ).toEqual([])
  })
})

describe('concurrent officers', () => {
  it('never share or skip a slot: sequences are 1..n and arms equal the pure engine in commit order', async () => {
    const { trialId, seed, randomisation } = await createRecruitingTrial(h)
    const households = Array.from({ length: 48 }, (_, i) => household(i + 500))
    const results = await Promise.all(
      households.map((hh) =>
        h.json('POST', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token, body: hh })
      )
    )
    expect(results.every((r) => r.status === 201)).toBe(true)
    const listed = (
      await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })
    ).body.enrolments as Array<{ sequence: number; household: string; arm: string }>
    expect(listed.map((e) => e.sequence)).toEqual(Array.from({ length: 48 }, (_, i) => i + 1))
    const baselineOf = new Map(
      results.map((r, i) => [r.body.household as string, households[i]!.baseline])
    )
    const pure = allocateAll(
      randomisation,
      seed,
      listed.map((e) => ({ id: e.household, ...baselineOf.get(e.household)! }))
    )
    expect(listed.map((e) => e.arm)).toEqual(pure.map((a) => a.arm))
  })

  it("share transactions when one officer's requests arrive together, and a bad one fails alone", async () => {
    const { trialId, seed, randomisation } = await createRecruitingTrial(h)
    const households = Array.from({ length: 40 }, (_, i) => household(i + 900))
    const bad = {
      ...household(999),
      baseline: { ...household(999).baseline, council_area: 'mars' },
    }
    const sent = [...households.slice(0, 20), bad, households[3]!, ...households.slice(20)]
    const results = await Promise.all(
      sent.map((body) =>
        h.json('POST', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token, body })
      )
    )
    // The unknown area is refused on its own, naming its field; the household sent twice gets its allocation back.
    expect(results[20]!.status).toBe(422)
    expect(results[20]!.body.errors[0].pointer).toBe('/baseline/council_area')
    // Concurrent requests may reach the server in any order: whichever of the two came second is answered with
    // the first one's allocation.
    const [first, again] = [results[3]!, results[21]!].sort((a, b) => b.status - a.status)
    expect([first!.status, again!.status]).toEqual([201, 200])
    expect(again!.body).toMatchObject({
      replayed: true,
      household: first!.body.household,
      arm: first!.body.arm,
    })
    expect(results.filter((r) => r.status === 201)).toHaveLength(40)
    const listed = await rows(
      sql`select sequence, household, arm, xmin::text as tx from enrolments where trial_id = ${trialId} order by sequence`
    )
    expect(listed.map((e) => e.sequence)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1))
    // Fewer transactions than requests: requests that waited went in together.
    expect(new Set(listed.map((e) => e.tx)).size).toBeLessThan(40)
    const baselineOf = new Map(
      results.flatMap((r, i) => (r.status === 201 ? [[r.body.household, sent[i]!.baseline]] : []))
    )
    const pure = allocateAll(
      randomisation,
      seed,
      listed.map((e) => ({ id: e.household as string, ...baselineOf.get(e.household)! }))
    )
    expect(listed.map((e) => e.arm)).toEqual(pure.map((a) => a.arm))
    // One audit event per request that enrolled a household, each with its own request id, on a chain that verifies.
    const events = await rows(
      sql`select request_id from audit_events where chain = ${`trial:${trialId}`} and action = 'trial.enrol'`
    )
    expect(events).toHaveLength(40)
    expect(new Set(events.map((e) => e.request_id)).size).toBe(40)
    expect(
      (await h.json('GET', '/audit/verify', { token: h.cast.admin.token })).body
    ).toMatchObject({ ok: true })
  })
})

describe('listing enrolments', () => {
  it('pages through them in order of presentation', async () => {
    const { trialId } = await createRecruitingTrial(h)
    await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: Array.from({ length: 7 }, (_, i) => household(700 + i)) },
    })
    const first = await h.json('GET', `/trials/${trialId}/enrolments?limit=3`, {
      token: h.cast.officerA.token,
    })
    expect(first.body.enrolments.map((e: { sequence: number }) => e.sequence)).toEqual([1, 2, 3])
    expect(first.body.next_after).toBe(3)
    const last = await h.json('GET', `/trials/${trialId}/enrolments?limit=3&after=6`, {
      token: h.cast.officerA.token,
    })
    expect(last.body).toMatchObject({
      enrolments: [expect.objectContaining({ sequence: 7 })],
      next_after: null,
    })
    expect(
      (
        await h.json('GET', `/trials/${trialId}/enrolments?limit=0`, {
          token: h.cast.officerA.token,
        })
      ).status
    ).toBe(422)
  })
})

describe('reading one enrolment', () => {
  it("finds a household by its pseudonym or case reference, within the caller's trials only", async () => {
    const { trialId } = await createRecruitingTrial(h)
    const enrolled = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: household(801),
    })
    const path = (key: string) => `/trials/${trialId}/households/${key}/enrolment`
    const byPseudonym = await h.json('GET', path(enrolled.body.household), {
      token: h.cast.evaluatorA.token,
    })
    expect(byPseudonym.status).toBe(200)
    // As the list gives it: the stratum and block stay withheld while the seed is secret.
    const [listed] = (
      await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })
    ).body.enrolments
    expect(byPseudonym.body).toEqual(listed)
    expect(byPseudonym.body).toMatchObject({ sequence: 1, stratum: null, block: null })
    const byRef = await h.json('GET', path('HOC-00801'), { token: h.cast.officerA.token })
    expect(byRef.body).toEqual(byPseudonym.body)
    expect(JSON.stringify(byRef.body)).not.toContain('HOC-00801')
    const unknown = await h.json('GET', path('HOC-00802'), { token: h.cast.officerA.token })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).not.toContain('HOC-00802')
    const elsewhere = await h.json('GET', path(enrolled.body.household), {
      token: h.cast.officerB.token,
    })
    expect(elsewhere.status).toBe(404)
  })
})

describe('the allocator cache', () => {
  it('falls back to a full replay when another process enrolled in between', async () => {
    const { trialId, seed, randomisation } = await createRecruitingTrial(h)
    for (let i = 0; i < 5; i++)
      await h.json('POST', `/trials/${trialId}/enrolments`, {
        token: h.cast.officerA.token,
        body: household(900 + i),
      })
    // Another server process enrols one household: this process's cached allocator is now one behind.
    await h.open.db.transaction(async (tx) => {
      const [trial] = await tx.select().from(trials).where(eq(trials.id, trialId)).for('update')
      await enrolHouseholds(
        tx,
        trial!,
        {
          userId: h.cast.officerA.userId,
          councilId: h.cast.councilA,
          requestId: 'other-process',
          at: new Date(),
        },
        testConfig.pseudonymKey,
        [household(905)],
        () => ''
      )
    })
    for (let i = 6; i < 10; i++)
      await h.json('POST', `/trials/${trialId}/enrolments`, {
        token: h.cast.officerA.token,
        body: household(900 + i),
      })
    const listed = (
      await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })
    ).body.enrolments as Array<{ household: string; arm: string }>
    const pure = allocateAll(
      randomisation,
      seed,
      listed.map((e, i) => ({ id: e.household, ...household(900 + i).baseline }))
    )
    expect(listed.map((e) => e.arm)).toEqual(pure.map((a) => a.arm))
  })
})

describe('allocation export', () => {
  it('is published after close and re-derives every allocation, by library and by the verify command', async () => {
    const { trialId, seed } = await createRecruitingTrial(h)
    await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: Array.from({ length: 25 }, (_, i) => household(i)) },
    })
    expect(
      (
        await h.json('GET', `/trials/${trialId}/allocation-export`, {
          token: h.cast.officerA.token,
        })
      ).status
    ).toBe(409)
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const exported = await h.json('GET', `/trials/${trialId}/allocation-export`, {
      token: h.cast.evaluatorA.token,
    })
    expect(exported.status).toBe(200)
    expect(exported.body.seed).toBe(seed)
    expect(exported.body.units).toHaveLength(25)
    const report = verifyAllocations(exported.body)
    expect(report.ok).toBe(true)
    const file = join(mkdtempSync(join(tmpdir(), 'tw-export-')), 'export.json')
    const tampered = structuredClone(exported.body)
    tampered.units[3].arm =
      tampered.units[3].arm === 'usual_care' ? 'family_mediation' : 'usual_care'
    writeFileSync(file, JSON.stringify(tampered))
    const cli = await runCli(verify, [file])
    expect(cli.status).not.toBe(0)
    expect(cli.stdout).toContain(String(tampered.units[3].id))
  })
})
