import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'
import {
  createDraftTrial,
  createRecruitingTrial,
  enrolExampleHouseholds,
  protocolForCouncilA,
} from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()
let trialId: string
let households: Array<{ household: string; arm: string }>
const officer = () => h.cast.officerA.token

const rows = async (query: ReturnType<typeof sql>) => {
  const r = (await h.open.db.execute(query)) as unknown
  return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<Record<string, unknown>>
}

beforeAll(async () => {
  ;({ trialId } = await createRecruitingTrial(h))
  households = await enrolExampleHouseholds(h, trialId, 60, 'R')
  // Outcomes with about 8% missing (lost to follow-up, moved away), recorded by the simulator.
  await simulateOutcomes(h, trialId, h.cast.officerA.userId, 'report-flow')
  h.now.value = new Date('2026-04-20T09:00:00Z')
})

describe('screening log', () => {
  it('records weekly counts and single households, and refuses bad rows with the row and reason, writing nothing', async () => {
    const refused = await h.json('POST', `/trials/${trialId}/screening`, {
      token: officer(),
      body: {
        entries: [
          { week: '2026-W11', reason: 'not_eligible', count: 5 },
          { household: households[0]!.household, assessed_on: '2026-03-03', reason: 'declined' },
          { week: '2026-W02', reason: 'declined', count: 2 },
          { week: '2026-W12', reason: 'other', count: 1 },
        ],
      },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.type).toBe('/problems/records-refused')
    const codes = refused.body.errors.map(
      (e: { row: number; code: string }) => `${e.row}:${e.code}`
    )
    expect(codes).toEqual(['2:household-enrolled', '3:before-recruitment', '4:detail-required'])
    expect(refused.body.errors[0].pointer).toBe('/entries/1/household')
    const none = await rows(sql`select count(*)::int as n from screening_records`)
    expect(none[0]!.n).toBe(0)

    const ok = await h.json('POST', `/trials/${trialId}/screening`, {
      token: officer(),
      body: {
        entries: [
          { week: '2026-W11', reason: 'not_eligible', count: 5 },
          { week: '2026-W12', reason: 'declined', count: 3 },
          {
            household_ref: 'S-1',
            assessed_on: '2026-03-17',
            reason: 'other',
            detail: 'moved out of the area',
          },
        ],
      },
    })
    expect(ok.status).toBe(201)
    expect(ok.body).toMatchObject({ created: 3, corrected: 0, unchanged: 0 })
    const stored = await rows(
      sql`select household from screening_records where household is not null`
    )
    expect(stored[0]!.household).toMatch(/^hh_[0-9a-f]{32}$/)
  })

  it('imports CSV, leaves equal rows alone, and corrects a count only with a reason, keeping the history', async () => {
    const csv = 'week,reason,count,detail\n2026-W12,declined,3,\n2026-W13,not_eligible,2,\n'
    const imported = await h.request('POST', `/trials/${trialId}/screening/imports`, {
      token: officer(),
      raw: csv,
      headers: { 'content-type': 'text/csv' },
    })
    expect(imported.status).toBe(201)
    expect((await imported.json()) as object).toMatchObject({ created: 1, unchanged: 1 })

    const change = 'week,reason,count\n2026-W12,declined,4\n'
    const refused = await h.json('POST', `/trials/${trialId}/screening/imports`, {
      token: officer(),
      raw: change,
      headers: { 'content-type': 'text/csv' },
    })
    expect(refused.status).toBe(422)
    expect(refused.body.errors[0]).toMatchObject({ row: 2, code: 'already-recorded' })
    const corrected = await h.json(
      'POST',
      `/trials/${trialId}/screening/imports?corrections=true&reason=${encodeURIComponent('weekly tally recounted')}`,
      { token: officer(), raw: change, headers: { 'content-type': 'text/csv' } }
    )
    expect(corrected.status).toBe(201)
    expect(corrected.body).toMatchObject({ corrected: 1 })
    const log = await h.json('GET', `/trials/${trialId}/screening`, { token: h.cast.centre.token })
    expect(log.body.by_reason).toEqual({ not_eligible: 7, declined: 4, other: 1 })
    const record = log.body.records.find(
      (r: { week: string; reason: string }) => r.week === '2026-W12'
    )
    const history = await h.json('GET', `/trials/${trialId}/screening/${record.id}/history`, {
      token: officer(),
    })
    expect(history.body.current).toMatchObject({ count: 4, version: 2 })
    expect(history.body.history).toEqual([
      expect.objectContaining({
        version: 1,
        count: 3,
        correction_reason: 'weekly tally recounted',
      }),
    ])
  })

  it('refuses screening of a draft trial with 409', async () => {
    const draft = await createDraftTrial(h)
    const res = await h.json('POST', `/trials/${draft.trialId}/screening`, {
      token: officer(),
      body: { entries: [{ week: '2026-W12', reason: 'declined', count: 1 }] },
    })
    expect(res.status).toBe(409)
    expect(res.body).toMatchObject({ status: 409, trial_status: 'draft' })
  })
})

describe('adherence', () => {
  it('refuses households not in the trial, dates before randomisation and statuses that do not fit the arm', async () => {
    const control = households.find((x) => x.arm === 'usual_care')!
    const treated = households.find((x) => x.arm === 'family_mediation')!
    const res = await h.json('POST', `/trials/${trialId}/adherence`, {
      token: officer(),
      body: {
        entries: [
          { household_ref: 'NOT-ENROLLED', status: 'received_as_allocated', date: '2026-03-10' },
          { household: treated.household, status: 'received_as_allocated', date: '2026-03-01' },
          {
            household: control.household,
            status: 'not_received',
            reason: 'declined',
            date: '2026-03-10',
          },
          { household: treated.household, status: 'not_received', date: '2026-03-10' },
          {
            household: control.household,
            status: 'received_as_allocated',
            date: '2026-03-10',
            delayed_offer_on: '2026-03-12',
          },
        ],
      },
    })
    expect(res.status).toBe(422)
    const codes = res.body.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)
    expect(codes).toEqual([
      '1:not-in-trial',
      '2:before-enrolment',
      '3:status-not-for-arm',
      '4:reason-required',
      '4:duplicate',
      '5:not-waitlist',
      '5:duplicate',
    ])
    expect((await rows(sql`select count(*)::int as n from adherence_records`))[0]!.n).toBe(0)
  })

  it('imports adherence by CSV with crossovers and discontinuations, and corrects with history', async () => {
    const lines = ['household,status,reason,date']
    households.forEach((x, i) => {
      if (i % 10 === 9) return // no record: receipt not recorded
      if (x.arm === 'family_mediation') {
        if (i % 7 === 0) lines.push(`${x.household},not_received,declined the offer,2026-03-05`)
        else if (i % 11 === 1) lines.push(`${x.household},discontinued,family moved out,2026-03-20`)
        else lines.push(`${x.household},received_as_allocated,,2026-03-06`)
      } else if (i % 6 === 0)
        lines.push(`${x.household},received_though_control,mediator contacted by family,2026-03-08`)
      else lines.push(`${x.household},received_as_allocated,,2026-03-04`)
    })
    const res = await h.request('POST', `/trials/${trialId}/adherence/imports`, {
      token: h.cast.evaluatorA.token,
      raw: lines.join('\n'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.status, await res.clone().text()).toBe(201)
    const body = (await res.json()) as { created: number }
    expect(body.created).toBe(lines.length - 1)

    const first = households[1]!
    const fix = await h.json('POST', `/trials/${trialId}/adherence`, {
      token: officer(),
      body: {
        corrections: true,
        reason: 'case notes show the household refused',
        entries: [
          first.arm === 'family_mediation'
            ? {
                household: first.household,
                status: 'not_received',
                reason: 'refused at first contact',
                date: '2026-03-05',
              }
            : {
                household: first.household,
                status: 'received_though_control',
                reason: 'self-referred to the mediator',
                date: '2026-03-05',
              },
        ],
      },
    })
    expect(fix.status).toBe(201)
    const history = await h.json(
      'GET',
      `/trials/${trialId}/households/${first.household}/adherence`,
      {
        token: officer(),
      }
    )
    expect(history.body.current.version).toBe(2)
    expect(history.body.history[0]).toMatchObject({
      version: 1,
      correction_reason: 'case notes show the household refused',
    })
  })
})

describe('exclusions from analysis after randomisation', () => {
  it('refuses bad rows with the row and reason, then records one exclusion per arm with an audit event', async () => {
    const picked = ['usual_care', 'family_mediation'].map((arm) =>
      households.slice(2).find((x) => x.arm === arm)!
    )
    const refused = await h.json('POST', `/trials/${trialId}/exclusions`, {
      token: officer(),
      body: {
        entries: [
          { household_ref: 'NOT-ENROLLED', reason: 'ineligible on review', date: '2026-04-01' },
          { household: picked[0]!.household, reason: 'ineligible on review', date: '2026-01-01' },
          { household: picked[1]!.household, reason: 'ineligible on review', date: '2026-05-01' },
        ],
      },
    })
    expect(refused.status).toBe(422)
    expect(
      refused.body.errors.map((e: { row: number; code: string }) => `${e.row}:${e.code}`)
    ).toEqual(['1:not-in-trial', '2:before-enrolment', '3:in-future'])
    expect(refused.body.errors[1].pointer).toBe('/entries/1/date')
    expect((await rows(sql`select count(*)::int as n from analysis_exclusions`))[0]!.n).toBe(0)

    const unregistered = await h.json('POST', `/trials/${trialId}/exclusions`, {
      token: officer(),
      body: {
        entries: [
          {
            household: picked[0]!.household,
            reason: 'found to live outside the council area on review',
            date: '2026-04-01',
            criterion: 'Lives outside the council area',
          },
        ],
      },
    })
    expect(unregistered.status).toBe(422)
    expect(unregistered.body.errors[0]).toMatchObject({
      code: 'unknown-criterion',
      pointer: '/entries/0/criterion',
    })

    // One household found ineligible at randomisation by a registered criterion, one excluded for
    // another reason: only the first leaves the intention-to-treat analysis.
    const ok = await h.request('POST', `/trials/${trialId}/exclusions/imports`, {
      token: h.cast.evaluatorA.token,
      raw: [
        'household,reason,date,criterion',
        `${picked[0]!.household},found to be in temporary accommodation at referral,2026-04-01,Already in temporary accommodation at referral`,
        `${picked[1]!.household},referral found to be a duplicate,2026-04-02,`,
      ].join('\n'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(ok.status, await ok.clone().text()).toBe(201)
    expect(await ok.json()).toMatchObject({ created: 2, corrected: 0 })
    const audited = await rows(
      sql`select detail from audit_events where entity_id = ${trialId} and action = 'trial.exclusion-record'`
    )
    expect(audited).toHaveLength(1)

    const unchanged = await h.json('POST', `/trials/${trialId}/exclusions`, {
      token: officer(),
      body: {
        entries: [
          { household: picked[1]!.household, reason: 'ineligible on review', date: '2026-04-02' },
        ],
      },
    })
    expect(unchanged.status).toBe(422)
    expect(unchanged.body.errors[0].code).toBe('already-recorded')
    const fixed = await h.json('POST', `/trials/${trialId}/exclusions`, {
      token: officer(),
      body: {
        corrections: true,
        reason: 'the referral was checked again',
        entries: [
          { household: picked[1]!.household, reason: 'ineligible on review', date: '2026-04-02' },
        ],
      },
    })
    expect(fixed.status).toBe(201)
    const history = await h.json(
      'GET',
      `/trials/${trialId}/households/${picked[1]!.household}/exclusion`,
      { token: officer() }
    )
    expect(history.body.current).toMatchObject({ version: 2, reason: 'ineligible on review' })
    expect(history.body.history[0]).toMatchObject({
      reason: 'referral found to be a duplicate',
      correction_reason: 'the referral was checked again',
    })
    const list = await h.json('GET', `/trials/${trialId}/exclusions`, { token: officer() })
    expect(list.body.by_arm).toEqual({ usual_care: 1, family_mediation: 1 })
    const dataset = await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: officer() })
    const csv = await dataset.text()
    expect(csv).not.toContain(picked[0]!.household)
    expect(csv).toContain(picked[1]!.household)
    expect(csv.trim().split('\n')).toHaveLength(1 + households.length - 1)
  })
})

describe('a batch with malformed rows', () => {
  it('lists the malformed rows with the refusals of the others, in row order, and writes nothing', async () => {
    const before = await rows(sql`select count(*)::int as n from adherence_records`)
    const res = await h.request('POST', `/trials/${trialId}/adherence/imports`, {
      token: officer(),
      raw: [
        'household_ref,status,date,reason',
        'NOT-ENROLLED,received_as_allocated,2026-04-01,',
        'R-3,not_received,01/04/2026,declined',
        'R-5,not_received,2026-04-01,',
      ].join('\n'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.status).toBe(422)
    const body = (await res.json()) as {
      errors: Array<{ row: number; field: string; code: string }>
    }
    expect(body.errors.map((e) => `${e.row}:${e.field}:${e.code}`)).toEqual([
      '2:household:not-in-trial',
      '3:date:invalid_format',
      '4:reason:reason-required',
    ])
    expect(await rows(sql`select count(*)::int as n from adherence_records`)).toEqual(before)
  })
})

describe('CONSORT 2025 flow diagram', () => {
  it('draws every box with the count queried independently from the database', async () => {
    const res = await h.request('GET', `/trials/${trialId}/consort.svg`, {
      token: h.cast.centre.token,
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('image/svg+xml')
    const svg = await res.text()
    expect(svg).not.toMatch(/style=|<style|<script/)
    const drawn = new Map<string, number>()
    for (const m of svg.matchAll(/data-count="([^"]+)" data-n="(\d+)"/g))
      drawn.set(m[1]!, Number(m[2]))

    const expected = new Map<string, number>()
    const [{ n: enrolled }] = (await rows(
      sql`select count(*)::int as n from enrolments where trial_id = ${trialId}`
    )) as [{ n: number }]
    const screened = await rows(
      sql`select reason, sum(count)::int as n from screening_records where trial_id = ${trialId} group by reason`
    )
    const excludedTotal = screened.reduce((n, r) => n + (r.n as number), 0)
    expected.set('assessed', enrolled + excludedTotal)
    expected.set('excluded', excludedTotal)
    expected.set('randomised', enrolled)
    for (const reason of ['not_eligible', 'declined', 'other'])
      expected.set(
        `excluded:${reason}`,
        (screened.find((r) => r.reason === reason)?.n as number) ?? 0
      )
    for (const arm of ['usual_care', 'family_mediation']) {
      const one = async (q: ReturnType<typeof sql>) => ((await rows(q))[0]!.n as number) ?? 0
      expected.set(
        `allocated:${arm}`,
        await one(
          sql`select count(*)::int as n from enrolments where trial_id = ${trialId} and arm = ${arm}`
        )
      )
      expected.set(
        `received:${arm}`,
        await one(
          sql`select count(*)::int as n from adherence_records a join enrolments e on e.id = a.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and a.status in ('received_as_allocated', 'discontinued')`
        )
      )
      const crossed = arm === 'usual_care' ? 'received_though_control' : 'not_received'
      expected.set(
        `not_received:${arm}`,
        await one(
          sql`select count(*)::int as n from adherence_records a join enrolments e on e.id = a.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and a.status = ${crossed}`
        )
      )
      expected.set(
        `adherence_not_recorded:${arm}`,
        await one(
          sql`select count(*)::int as n from enrolments e left join adherence_records a on a.enrolment_id = e.id where e.trial_id = ${trialId} and e.arm = ${arm} and a.id is null`
        )
      )
      expected.set(
        `lost:${arm}:P6M`,
        await one(
          sql`select count(*)::int as n from observations o join enrolments e on e.id = o.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and o.variable = 'homeless_6m' and o.missing_reason is not null and o.missing_reason <> 'not_yet_due'`
        )
      )
      expected.set(
        `discontinued:${arm}:P6M`,
        await one(
          sql`select count(*)::int as n from adherence_records a join enrolments e on e.id = a.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and a.status = 'discontinued'`
        )
      )
      // Intention to treat: only an exclusion naming a registered criterion removes a household.
      const analysed = await one(
        sql`select count(*)::int as n from observations o join enrolments e on e.id = o.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and o.variable = 'homeless_6m' and o.value_number is not null and not exists (select 1 from analysis_exclusions x where x.enrolment_id = e.id and x.ineligible_criterion is not null)`
      )
      expected.set(
        `excluded_after_randomisation:${arm}`,
        await one(
          sql`select count(*)::int as n from analysis_exclusions x join enrolments e on e.id = x.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and x.ineligible_criterion is not null`
        )
      )
      expected.set(
        `kept_in_analysis:${arm}`,
        await one(
          sql`select count(*)::int as n from analysis_exclusions x join enrolments e on e.id = x.enrolment_id where e.trial_id = ${trialId} and e.arm = ${arm} and x.ineligible_criterion is null`
        )
      )
      expected.set(`analysed:${arm}`, analysed)
      expected.set(`excluded_from_analysis:${arm}`, expected.get(`allocated:${arm}`)! - analysed)
    }
    // The trial has exclusions, crossovers, non-receipt and losses: the check is not vacuous.
    expect(expected.get('excluded')).toBeGreaterThan(0)
    expect(expected.get('not_received:usual_care')).toBeGreaterThan(0)
    expect(expected.get('not_received:family_mediation')).toBeGreaterThan(0)
    expect(expected.get('excluded_after_randomisation:usual_care')).toBe(1)
    expect(expected.get('kept_in_analysis:family_mediation')).toBe(1)
    expect(
      expected.get('lost:usual_care:P6M')! + expected.get('lost:family_mediation:P6M')!
    ).toBeGreaterThan(0)
    for (const [key, n] of expected) expect(drawn.get(key) ?? 0, key).toBe(n)

    // "Analysed" is what the analysis uses: the dataset's households with a primary outcome value.
    const dataset = (
      await (await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: officer() })).text()
    )
      .trim()
      .split('\n')
      .map((line) => line.split(','))
    const [header, ...data] = dataset as [string[], ...string[][]]
    const armAt = header.indexOf('arm')
    const primaryAt = header.indexOf('homeless_6m')
    for (const arm of ['usual_care', 'family_mediation'])
      expect(
        data.filter((r) => r[armAt] === arm && r[primaryAt] !== '').length,
        `analysed:${arm}`
      ).toBe(drawn.get(`analysed:${arm}`))

    const flow = await h.json('GET', `/trials/${trialId}/consort`, { token: officer() })
    expect(flow.body.assessed).toBe(expected.get('assessed'))
    expect(flow.body.arms.map((a: { allocated: number }) => a.allocated)).toEqual([
      expected.get('allocated:usual_care'),
      expected.get('allocated:family_mediation'),
    ])
  })
})

describe('CONSORT 2025 flow of a time point anchored on another event', () => {
  it('dates follow-up from each household’s recorded anchor date, and counts as follow-up progress does', async () => {
    const saved = h.now.value
    h.now.value = new Date('2026-03-02T09:00:00Z')
    const protocol = protocolForCouncilA()
    const secondary = protocol.secondary_outcomes as Array<{ time_point: object }>
    secondary[1]!.time_point = {
      anchor: 'release_from_prison',
      offset: 'P3M',
      label: '3 months after release from prison',
    }
    const { trialId: anchored } = await createRecruitingTrial(h, protocol)
    await enrolExampleHouseholds(h, anchored, 8, 'AN')
    const csv = async (raw: string, kind: string) => {
      const res = await h.request('POST', `/trials/${anchored}/imports?kind=${kind}`, {
        token: h.cast.evaluatorA.token,
        raw,
        headers: { 'content-type': 'text/csv' },
      })
      expect(res.status, await res.clone().text()).toBe(201)
    }
    // Releases on 10 March (x2), 20 April and 1 June; AN-4..7 have none recorded.
    await csv(
      'household_ref,release_from_prison\nAN-0,2026-03-10\nAN-1,2026-03-10\nAN-2,2026-04-20\nAN-3,2026-06-01\n',
      'anchor'
    )
    await csv('household_ref,settled_6m,settled_6m.missing\nAN-1,,moved_away\nAN-5,1,\n', 'outcome')
    h.now.value = new Date('2026-07-25T09:00:00Z')
    const res = await h.request('GET', `/trials/${anchored}/consort.svg`, { token: officer() })
    const svg = await res.text()
    const drawn = (key: string) =>
      Number(svg.split(`data-count="${key}" data-n="`)[1]?.split('"')[0] ?? 0)
    const progress = await h.json('GET', `/trials/${anchored}/progress`, { token: officer() })
    const settled = progress.body.measures.find((m: { name: string }) => m.name === 'settled_6m')
    const arms = ['usual_care', 'family_mediation']
    const sum = (what: string) =>
      arms.reduce((n, arm) => n + drawn(`${what}:${arm}:release_from_prison+P3M`), 0)
    // 10 March + 3 months and 20 April + 3 months have passed; 1 June + 3 months has not.
    expect(settled).toMatchObject({ outstanding: 2, not_yet_due: 4, awaiting_anchor_date: 3 })
    expect(sum('outstanding')).toBe(settled.outstanding)
    expect(sum('awaiting_anchor_date')).toBe(settled.awaiting_anchor_date)
    expect(sum('not_yet_due')).toBe(settled.not_yet_due)
    expect(sum('lost')).toBe(settled.missing_total)
    const [{ n: lostInDb }] = (await rows(
      sql`select count(*)::int as n from observations where trial_id = ${anchored} and variable = 'settled_6m' and missing_reason is not null`
    )) as [{ n: number }]
    expect(sum('lost')).toBe(lostInDb)
    // The boxes are dated: the earliest and latest due dates of the recorded releases.
    const text = svg.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain("Counted from each household's release from prison date")
    expect(text).toContain('2026-06-10')
    expect(text).toContain('2026-09-01')
    // The primary outcome still counts from randomisation (2 March + 6 months): none due yet.
    expect(arms.reduce((n, arm) => n + drawn(`not_yet_due:${arm}:P6M`), 0)).toBe(8)
    h.now.value = saved
  })
})

describe('registered harms', () => {
  it('are validated at registration, naming the field, and shown in the report by arm as recorded', async () => {
    const protocol = protocolForCouncilA() as any
    protocol.harms = {
      definition: 'Households settled away from the family home after a breakdown',
      assessment: 'systematic',
      outcomes: ['no_such_outcome', 'homeless_6m', 'settled_6m', 'settled_6m'],
    }
    const { trialId: harmed } = await createDraftTrial(h, protocol)
    const refused = await h.json('POST', `/trials/${harmed}/register`, { token: officer() })
    expect(refused.status).toBe(422)
    expect(refused.body.type).toBe('/problems/protocol-invalid')
    expect(
      refused.body.errors.map((e: { pointer: string; code: string }) => `${e.code} ${e.pointer}`)
    ).toEqual([
      'unknown-harm-outcome /protocol/harms/outcomes/0',
      'harm-outcome-is-primary /protocol/harms/outcomes/1',
      'duplicate-harm-outcome /protocol/harms/outcomes/3',
    ])
    protocol.harms.outcomes = ['settled_6m']
    const put = await h.json('PUT', `/trials/${harmed}/protocol`, {
      token: officer(),
      body: { protocol },
    })
    expect(put.status).toBe(200)
    h.nextSeeds.push('1f2c1e7a5b3d4c6e8f0a1b2c3d4e5f6071829304a5b6c7d8e9f0a1b2c3d4e5f6')
    expect((await h.json('POST', `/trials/${harmed}/register`, { token: officer() })).status).toBe(
      200
    )
    expect((await h.json('POST', `/trials/${harmed}/recruit`, { token: officer() })).status).toBe(
      200
    )
    await enrolExampleHouseholds(h, harmed, 12, 'HA')
    const lines = ['household_ref,settled_6m,settled_6m.missing']
    for (let i = 0; i < 12; i++)
      lines.push(i === 3 ? `HA-${i},,moved_away` : `HA-${i},${i % 3 ? 1 : 0},`)
    const up = await h.request('POST', `/trials/${harmed}/imports?kind=outcome`, {
      token: h.cast.evaluatorA.token,
      raw: lines.join('\n'),
      headers: { 'content-type': 'text/csv' },
    })
    expect(up.status, await up.clone().text()).toBe(201)
    const report = await h.json('GET', `/trials/${harmed}/report`, { token: officer() })
    expect(report.status).toBe(200)
    const harm = report.body.harms
    expect(harm).toMatchObject({ assessment: 'systematic' })
    expect(harm.outcomes.map((o: { name: string }) => o.name)).toEqual(['settled_6m'])
    const byArm = await rows(
      sql`select e.arm, count(o.value_number)::int as n, avg(o.value_number)::float8 as mean from enrolments e join observations o on o.enrolment_id = e.id and o.variable = 'settled_6m' where e.trial_id = ${harmed} group by e.arm`
    )
    expect(byArm.reduce((n, r) => n + (r.n as number), 0)).toBe(11)
    for (const a of harm.outcomes[0].by_arm) {
      const db = byArm.find((r) => r.arm === a.arm)!
      expect(a.n).toBe(db.n)
      expect(a.mean).toBeCloseTo(db.mean as number, 12)
    }
    // The harm outcome is reported apart from the results.
    expect(report.body.results.some((r: { outcome: string }) => r.outcome === 'settled_6m')).toBe(
      false
    )
  })
})
