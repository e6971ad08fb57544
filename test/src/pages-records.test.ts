import { beforeAll, describe, expect, it } from 'vitest'
import { openSession, resolveSession } from '../../src/services/sessions'
import { useHarness } from '../support/harness'
import { createRecruitingTrial, enrolExampleHouseholds } from '../support/fixtures'

const h = useHarness()
let trialId: string
let officer: { cookie: string; csrf: string }
/** The 1,003rd household presented: past the first page (1,000) of the enrolment list. */
let late: { household: string; arm: string }
const LATE_REF = 'LATE-1002'

beforeAll(async () => {
  ;({ trialId } = await createRecruitingTrial(h))
  const enrolled = await enrolExampleHouseholds(h, trialId, 1_005, 'LATE')
  late = enrolled[1_002]!
  const opened = await openSession(h.open.db, h.cast.officerA.token, h.now.value)
  const state = await resolveSession(h.open.db, opened.secret, h.now.value)
  if (state.state !== 'active') throw new Error('no session')
  officer = { cookie: `tw_session=${opened.secret}`, csrf: state.csrfToken }
}, 120_000)

const get = (path: string) => h.app.request(path, { headers: { cookie: officer.cookie } })
const post = (path: string, fields: Record<string, string>) =>
  h.app.request(path, {
    method: 'POST',
    headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: officer.csrf, ...fields }).toString(),
  })

describe('record pages in a trial of more than 1,000 households', () => {
  it('lists every enrolled household for adherence, past the first page of enrolments', async () => {
    const res = await get(`/app/trials/${trialId}/adherence`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toContain(`/app/trials/${trialId}/adherence/${late.household}`)
    expect(html).toContain('Record household 1003<')
    expect(html).toContain('Record household 1005<')
    expect(html).toMatch(/0 of\s*1005 households are recorded/)
  })

  it('records adherence for household 1,003 through its form', async () => {
    const form = await get(`/app/trials/${trialId}/adherence/${late.household}`)
    expect(form.status).toBe(200)
    expect(await form.text()).toContain('Household 1003, allocated to')
    const saved = await post(`/app/trials/${trialId}/adherence/${late.household}`, {
      status: 'received_as_allocated',
      date: '2026-03-02',
    })
    expect(saved.status).toBe(303)
    const held = await h.json('GET', `/trials/${trialId}/households/${late.household}/adherence`, {
      token: h.cast.officerA.token,
    })
    expect(held.status).toBe(200)
    expect(held.body.current).toMatchObject({
      household: late.household,
      arm: late.arm,
      status: 'received_as_allocated',
      date: '2026-03-02',
    })
    const list = await (await get(`/app/trials/${trialId}/adherence`)).text()
    expect(list).toContain('Change household 1003<')
    expect(list).toMatch(/1 of\s*1005 households are recorded/)
  })

  it('excludes household 1,003 and names it by its sequence in the list of exclusions', async () => {
    const saved = await post(`/app/trials/${trialId}/exclusions`, {
      household_ref: LATE_REF,
      reason: 'withdrew consent for the use of its data',
      date: '2026-03-02',
    })
    expect(saved.status).toBe(303)
    const html = await (await get(`/app/trials/${trialId}/exclusions`)).text()
    expect(html).toContain('Excluded so far: 1 household')
    expect(html).toContain('Household 1003<')
  })
})
