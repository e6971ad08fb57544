import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config'
import { DEFAULT_RATE_LIMITS } from '../../src/middleware/rate-limit'
import { createToken } from '../../src/services/accounts'
import { createRecruitingTrial } from '../support/fixtures'
import { useHarness } from '../support/harness'

const areas = ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield']
const types = ['single_under_25', 'single_25_plus', 'family_with_children']
const household = (i: number) => ({
  household_ref: `RL-${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: areas[i % 5]!,
    household_type: types[(i * 7) % 3]!,
    age_head: 30,
    prior_presentations: 0,
    in_work: 1,
  },
})

let trialId: string

const h = useHarness({
  rateLimits: {
    enrolment: { burst: 3, perMinute: 60 },
    import: { burst: 2, perMinute: 6 },
    analysis: { burst: 1, perMinute: 1 },
  },
})

beforeAll(async () => {
  trialId = (await createRecruitingTrial(h)).trialId
})

const enrolmentCount = async () => {
  const result = await h.open.db.execute(
    sql`select count(*)::int as n from enrolments where trial_id = ${trialId}`
  )
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as {
    n: number
  }[]
  return rows[0]!.n
}

const enrol = (i: number, token = h.cast.officerA.token) =>
  h.json('POST', `/trials/${trialId}/enrolments`, { token, body: household(i) })

function expectLimited(res: { status: number; body: any; headers: Headers }, wait: number) {
  expect(res.status).toBe(429)
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
  expect(res.headers.get('retry-after')).toBe(String(wait))
  expect(res.body).toMatchObject({
    type: '/problems/rate-limited',
    status: 429,
    retry_after_seconds: wait,
  })
}

describe('rate limits per token', () => {
  it('answers enrolments over the budget with 429 and Retry-After, enrolling nothing', async () => {
    for (let i = 0; i < 3; i++) expect((await enrol(i)).status).toBe(201)
    const refused = await enrol(3)
    // 60 a minute: the next request is possible one second later.
    expectLimited(refused, 1)
    expect(refused.body.route).toBe('enrolment')
    expect(await enrolmentCount()).toBe(3)

    // The budget is per token: another token of the same officer is not affected.
    const second = await createToken(
      h.open.db,
      h.now.value,
      { id: null },
      {
        userId: h.cast.officerA.userId,
        label: 'second device',
      }
    )
    expect((await enrol(4, second.token)).status).toBe(201)

    // The bucket refills with time.
    h.now.value = new Date(h.now.value.getTime() + 1_000)
    expect((await enrol(5)).status).toBe(201)
    expectLimited(await enrol(6), 1)
    expect(await enrolmentCount()).toBe(5)
  })

  it('limits the batch route from the same budget', async () => {
    h.now.value = new Date(h.now.value.getTime() + 60_000)
    let next = 100
    const batch = () =>
      h.json('POST', `/trials/${trialId}/enrolments/batch`, {
        token: h.cast.officerA.token,
        body: { households: [household(next++)] },
      })
    for (let i = 0; i < 3; i++) expect((await batch()).status).toBe(201)
    expectLimited(await batch(), 1)
  })

  it('limits imports', async () => {
    const upload = () =>
      h.json('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
        token: h.cast.officerA.token,
        raw: 'household_ref,no_such_variable\nRL-00000,1\n',
        headers: { 'content-type': 'text/csv' },
      })
    for (let i = 0; i < 2; i++) expect((await upload()).status).not.toBe(429)
    // 6 a minute: one every 10 seconds.
    expectLimited(await upload(), 10)
    h.now.value = new Date(h.now.value.getTime() + 10_000)
    expect((await upload()).status).not.toBe(429)
  })

  it('limits analyses and design diagnoses together', async () => {
    const run = () =>
      h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorA.token })
    // The trial is still recruiting: refused (409), but the request counts.
    expect((await run()).status).toBe(409)
    expectLimited(await run(), 60)
    const diagnosis = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.evaluatorA.token,
      body: {},
    })
    expectLimited(diagnosis, 60)
  })

  it('reads limits from RATE_LIMITS, on by default', () => {
    const key = 'k'.repeat(32)
    expect(loadConfig({ PSEUDONYM_KEY: key }).rateLimits).toEqual(DEFAULT_RATE_LIMITS)
    expect(loadConfig({ PSEUDONYM_KEY: key, RATE_LIMITS: 'off' }).rateLimits).toBeUndefined()
    expect(loadConfig({ PSEUDONYM_KEY: key, RATE_LIMITS: 'import=5/10' }).rateLimits).toEqual({
      ...DEFAULT_RATE_LIMITS,
      import: { burst: 5, perMinute: 10 },
    })
    expect(() => loadConfig({ PSEUDONYM_KEY: key, RATE_LIMITS: 'import=5' })).toThrow(/RATE_LIMITS/)
  })
})
