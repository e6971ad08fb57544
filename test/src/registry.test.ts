import { describe, expect, it } from 'vitest'
import { canonicalJson } from '../../trials/protocol/canonical-json'
import { sha256Hex } from '../../trials/hash'
import { useHarness } from '../support/harness'
import { createDraftTrial, interventionBody, protocolForCouncilA } from '../support/fixtures'

const h = useHarness()

describe('interventions', () => {
  it('are registered by officers under their own council and visible to everyone', async () => {
    const created = await h.json('POST', '/interventions', {
      token: h.cast.officerA.token,
      body: interventionBody(),
    })
    expect(created.status).toBe(201)
    expect(created.body).toMatchObject({ council_id: h.cast.councilA, category: 'mediation' })
    expect(created.body.details.owning_council).toEqual({ code: 'E07000801', name: 'Council A' })
    const seenByB = await h.json('GET', `/interventions/${created.body.id}`, {
      token: h.cast.officerB.token,
    })
    expect(seenByB.status).toBe(200)
    const list = await h.json('GET', '/interventions?category=mediation', {
      token: h.cast.centre.token,
    })
    expect(list.body.interventions.map((i: { id: string }) => i.id)).toContain(created.body.id)
  })

  it("can be revised only by the owning council's officers", async () => {
    const created = await h.json('POST', '/interventions', {
      token: h.cast.officerA.token,
      body: interventionBody(),
    })
    const revised = { ...interventionBody(), delivery_cost_pence: 60000 }
    expect(
      (
        await h.json('PUT', `/interventions/${created.body.id}`, {
          token: h.cast.officerB.token,
          body: revised,
        })
      ).status
    ).toBe(403)
    const ok = await h.json('PUT', `/interventions/${created.body.id}`, {
      token: h.cast.officerA.token,
      body: revised,
    })
    expect(ok.status).toBe(200)
    expect(ok.body.details.delivery_cost_pence).toBe(60000)
  })

  it('refuses money that is not integer pence and the other category without words', async () => {
    const res = await h.json('POST', '/interventions', {
      token: h.cast.officerA.token,
      body: { ...interventionBody(), delivery_cost_pence: 525.5, category: 'other' },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors.map((e: { pointer: string }) => e.pointer)).toEqual(
      expect.arrayContaining(['/delivery_cost_pence'])
    )
  })

  it('refuses evaluators, Centre staff and admins as authors', async () => {
    for (const who of ['evaluatorA', 'centre', 'admin'] as const) {
      expect(
        (
          await h.json('POST', '/interventions', {
            token: h.cast[who].token,
            body: interventionBody(),
          })
        ).status
      ).toBe(403)
    }
  })
})

describe('trial lifecycle', () => {
  it('takes a trial from draft to recruiting to closed, locking the protocol by hash and committing to the seed', async () => {
    const { trialId } = await createDraftTrial(h)
    const draft = await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })
    expect(draft.body).toMatchObject({
      status: 'draft',
      protocol_version: 0,
      protocol_hash: null,
      allowed_transitions: ['registered', 'withdrawn'],
    })

    const registered = await h.json('POST', `/trials/${trialId}/register`, {
      token: h.cast.officerA.token,
    })
    expect(registered.status).toBe(200)
    expect(registered.body).toMatchObject({ status: 'registered', protocol_version: 1, seed: null })
    // The hash is SHA-256 of the RFC 8785 canonical protocol, which anyone can recompute.
    expect(registered.body.protocol_hash).toBe(sha256Hex(canonicalJson(registered.body.protocol)))
    expect(registered.body.seed_commitment).toMatch(/^[0-9a-f]{64}$/)

    const record = await h.json('GET', `/trials/${trialId}/registration`)
    expect(record.status).toBe(200)
    expect(sha256Hex(canonicalJson(record.body.protocol))).toBe(record.body.protocol_hash)
    expect(record.body.seed).toBeNull()

    expect(
      (await h.json('POST', `/trials/${trialId}/recruit`, { token: h.cast.officerA.token })).body
        .status
    ).toBe('recruiting')
    const closed = await h.json('POST', `/trials/${trialId}/close`, {
      token: h.cast.officerA.token,
    })
    expect(closed.body.status).toBe('closed')
    // The seed is revealed at close, and it matches the commitment published at registration.
    expect(sha256Hex(closed.body.seed)).toBe(registered.body.seed_commitment)
    expect((await h.json('GET', `/trials/${trialId}/registration`)).body.seed).toBe(
      closed.body.seed
    )
  })

  it('draws every seed itself: an officer cannot supply one', async () => {
    const { trialId } = await createDraftTrial(h)
    const chosen = await h.json('POST', `/trials/${trialId}/register`, {
      token: h.cast.officerA.token,
      body: { seed: 'a3f19c2b7d4e8f60a1b2c3d4e5f60718' },
    })
    expect(chosen.status).toBe(422)
    expect(chosen.body.errors[0].code).toBe('unrecognized_keys')
    const drawn = await h.json('POST', `/trials/${trialId}/register`, {
      token: h.cast.officerA.token,
    })
    expect(drawn.status).toBe(200)
    expect(drawn.body.seed_commitment).not.toBe(sha256Hex('a3f19c2b7d4e8f60a1b2c3d4e5f60718'))
    const record = await h.json('GET', `/registry/${trialId}/record.json`)
    expect(record.body.registration.seed_supplied).toBe(false)
  })

  it('answers transitions out of order with 409 and the allowed next states', async () => {
    const { trialId } = await createDraftTrial(h)
    const res = await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({
      type: '/problems/invalid-transition',
      allowed: ['registered', 'withdrawn'],
    })
  })

  it('locks the protocol after registration', async () => {
    const { trialId } = await createDraftTrial(h)
    await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    const res = await h.json('PUT', `/trials/${trialId}/protocol`, {
      token: h.cast.officerA.token,
      body: { protocol: protocolForCouncilA() },
    })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/protocol-locked')
  })

  it('lets drafts be saved incomplete, and refuses registration listing every problem', async () => {
    const { trialId } = await createDraftTrial(h, {
      title: 'Letters before eviction',
      unit_of_randomisation: 'household',
    })
    const broken = protocolForCouncilA() as any
    broken.arms = broken.arms.map((a: { control: boolean }) => ({ ...a, control: false }))
    broken.randomisation.strata = ['not_a_covariate']
    broken.analysis_plan.analyses[0].spec.outcome = 'no_such_outcome'
    expect(
      (
        await h.json('PUT', `/trials/${trialId}/protocol`, {
          token: h.cast.officerA.token,
          body: { protocol: broken },
        })
      ).status
    ).toBe(200)
    const res = await h.json('POST', `/trials/${trialId}/register`, {
      token: h.cast.officerA.token,
    })
    expect(res.status).toBe(422)
    expect(res.body.type).toBe('/problems/protocol-invalid')
    const codes = res.body.errors.map((e: { code: string }) => e.code)
    expect(codes.length).toBeGreaterThanOrEqual(3)
    expect(
      res.body.errors.every((e: { pointer: string }) => e.pointer.startsWith('/protocol'))
    ).toBe(true)
    expect(
      (await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })).body.status
    ).toBe('draft')
  })

  it('refuses unknown fields in a draft', async () => {
    const res = await h.json('POST', '/trials', {
      token: h.cast.officerA.token,
      body: {
        intervention_id: '00000000-0000-4000-8000-000000000000',
        protocol: { title: 'x', household_name: 'Smith' },
      },
    })
    expect(res.status).toBe(422)
    expect(JSON.stringify(res.body.errors)).toContain('household_name')
  })

  it('withdraws with a reason', async () => {
    const { trialId } = await createDraftTrial(h)
    expect(
      (
        await h.json('POST', `/trials/${trialId}/withdraw`, {
          token: h.cast.officerA.token,
          body: {},
        })
      ).status
    ).toBe(422)
    const res = await h.json('POST', `/trials/${trialId}/withdraw`, {
      token: h.cast.officerA.token,
      body: { reason: 'Funding for the mediation service ended.' },
    })
    expect(res.body).toMatchObject({ status: 'withdrawn', allowed_transitions: [] })
  })
})

describe('registry filters and the public record', () => {
  it('filters by status and intervention within the caller scope', async () => {
    const { interventionId, trialId } = await createDraftTrial(h)
    const mine = await h.json('GET', `/trials?intervention_id=${interventionId}&status=draft`, {
      token: h.cast.officerA.token,
    })
    expect(mine.body.trials.map((t: { id: string }) => t.id)).toEqual([trialId])
    const theirs = await h.json('GET', `/trials?intervention_id=${interventionId}`, {
      token: h.cast.officerB.token,
    })
    expect(theirs.body.trials).toEqual([])
  })

  it('does not publish drafts', async () => {
    const { trialId } = await createDraftTrial(h)
    expect((await h.request('GET', `/trials/${trialId}/registration`)).status).toBe(404)
    expect((await h.request('GET', `/registry/${trialId}`)).status).toBe(404)
  })

  it('renders the registration page without a token', async () => {
    const { trialId } = await createDraftTrial(h)
    const reg = await h.json('POST', `/trials/${trialId}/register`, {
      token: h.cast.officerA.token,
    })
    const page = await h.request('GET', `/registry/${trialId}`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain(reg.body.protocol_hash)
    expect(html).toContain(reg.body.seed_commitment)
    const home = await (await h.request('GET', '/')).text()
    expect(home).toContain(`/registry/${trialId}`)
  })
})

describe('amendments', () => {
  it('records a new version with a field-level diff, reason and author, and a new hash', async () => {
    const { trialId } = await createDraftTrial(h)
    const v1 = (
      await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    ).body
    const amended = structuredClone(v1.protocol)
    amended.timeline.recruitment_end = '2026-06-30'
    const res = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: {
        protocol: amended,
        reason: 'Recruitment extended by three months after a slow start.',
      },
    })
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      version: 2,
      deviation: false,
      reason: 'Recruitment extended by three months after a slow start.',
    })
    expect(res.body.diff).toEqual([
      {
        kind: 'changed',
        path: '/timeline/recruitment_end',
        before: v1.protocol.timeline.recruitment_end,
        after: '2026-06-30',
      },
    ])
    const trial = (await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })).body
    expect(trial.protocol_version).toBe(2)
    expect(trial.protocol_hash).toBe(sha256Hex(canonicalJson(trial.protocol)))
    expect(trial.protocol_hash).not.toBe(v1.protocol_hash)
    const versions = (
      await h.json('GET', `/trials/${trialId}/versions`, { token: h.cast.evaluatorA.token })
    ).body.versions
    expect(versions.map((v: { version: number }) => v.version)).toEqual([1, 2])
    expect(versions[0].protocol_hash).toBe(v1.protocol_hash)
  })

  it('accepts the draft as the officer wrote it, filling intervention and councils as POST /trials does', async () => {
    const written = protocolForCouncilA()
    delete written.intervention
    const { trialId } = await createDraftTrial(h, written)
    const v1 = (
      await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    ).body
    const amended = structuredClone(written) as Record<string, any>
    delete amended.councils
    amended.timeline.recruitment_end = '2026-07-31'
    const res = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: { protocol: amended, reason: 'Recruitment extended after a slow start in August.' },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    expect(res.body.diff).toEqual([
      expect.objectContaining({ path: '/timeline/recruitment_end', after: '2026-07-31' }),
    ])
    const trial = (await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })).body
    expect(trial.protocol.intervention).toEqual(v1.protocol.intervention)
    expect(trial.protocol.councils).toEqual(v1.protocol.councils)
  })

  it('marks a change to the primary outcome after recruitment started as a deviation', async () => {
    const { trialId } = await createDraftTrial(h)
    const v1 = (
      await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    ).body
    await h.json('POST', `/trials/${trialId}/recruit`, { token: h.cast.officerA.token })
    const amended = structuredClone(v1.protocol)
    amended.primary_outcome.definition =
      amended.primary_outcome.definition + ' (including out-of-area placements)'
    const res = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: { protocol: amended, reason: 'Clarify that out-of-area placements count.' },
    })
    expect(res.status).toBe(201)
    expect(res.body.deviation).toBe(true)
    expect(res.body.deviation_reasons[0]).toMatchObject({ category: 'primary-outcome' })
  })

  it('refuses to change the randomisation once households are allocated', async () => {
    const { trialId } = await createDraftTrial(h)
    const v1 = (
      await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    ).body
    await h.json('POST', `/trials/${trialId}/recruit`, { token: h.cast.officerA.token })
    await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: {
        household_ref: 'A1',
        baseline: { council_area: 'leeds', household_type: 'single_25_plus' },
      },
    })
    const amended = structuredClone(v1.protocol)
    amended.randomisation.block_sizes = [4]
    const res = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: { protocol: amended, reason: 'Smaller blocks only from now on.' },
    })
    expect(res.status).toBe(409)
    expect(res.body.paths).toEqual(['/randomisation/block_sizes'])
  })

  it('validates the amended protocol as at registration and refuses an unchanged one', async () => {
    const { trialId } = await createDraftTrial(h)
    const v1 = (
      await h.json('POST', `/trials/${trialId}/register`, { token: h.cast.officerA.token })
    ).body
    const broken = structuredClone(v1.protocol)
    broken.analysis_plan.analyses[0].spec.outcome = 'not_an_outcome'
    const bad = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: { protocol: broken, reason: 'A change that breaks the plan.' },
    })
    expect(bad.status).toBe(422)
    expect(
      bad.body.errors.some((e: { pointer: string }) =>
        e.pointer.startsWith('/protocol/analysis_plan')
      )
    ).toBe(true)
    const same = await h.json('POST', `/trials/${trialId}/amendments`, {
      token: h.cast.officerA.token,
      body: { protocol: v1.protocol, reason: 'Nothing changes here at all.' },
    })
    expect(same.status).toBe(422)
    expect(same.body.type).toBe('/problems/no-changes')
    for (const protocol of [null, 'v2', [1]]) {
      const notAnObject = await h.json('POST', `/trials/${trialId}/amendments`, {
        token: h.cast.officerA.token,
        body: { protocol, reason: 'A protocol that is not an object.' },
      })
      expect(notAnObject.status).toBe(422)
      expect(notAnObject.body.errors[0].pointer).toBe('/protocol')
    }
  })
})
