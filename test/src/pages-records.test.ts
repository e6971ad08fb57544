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

describe('the record routes answer as their OpenAPI response schemas say', () => {
  it('gives the screening log, adherence, exclusions and histories exactly the documented fields', async () => {
    const token = h.cast.officerA.token
    const screened = await h.json('POST', `/trials/${trialId}/screening`, {
      token,
      body: { entries: [{ week: '2026-W10', reason: 'declined', count: 2 }] },
    })
    expect(screened.status).toBe(201)
    const doc = (await h.json('GET', '/openapi.json')).body
    const resolve = (s: any): any => (s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()] : s)
    const documented = (path: string) =>
      resolve(doc.paths[path].get.responses['200'].content['application/json'].schema)
    const keys = (o: object) => Object.keys(o).sort()
    const fieldsOf = (s: any) => keys(resolve(s).properties)

    const log = await h.json('GET', `/trials/${trialId}/screening`, { token })
    const logSchema = documented('/trials/{id}/screening')
    expect(keys(log.body)).toEqual(fieldsOf(logSchema))
    expect(keys(log.body.records[0])).toEqual(fieldsOf(logSchema.properties.records.items))
    expect(log.body).toMatchObject({ trial_id: trialId, total: 2 })

    const history = await h.json(
      'GET',
      `/trials/${trialId}/screening/${log.body.records[0].id}/history`,
      { token }
    )
    const historySchema = documented('/trials/{id}/screening/{recordId}/history')
    expect(keys(history.body)).toEqual(['current', 'history'])
    expect(keys(history.body.current)).toEqual(fieldsOf(historySchema.properties.current))

    const adherence = await h.json('GET', `/trials/${trialId}/adherence`, { token })
    const adherenceSchema = documented('/trials/{id}/adherence')
    expect(keys(adherence.body)).toEqual(fieldsOf(adherenceSchema))
    expect(keys(adherence.body.records[0])).toEqual(
      fieldsOf(adherenceSchema.properties.records.items)
    )

    const exclusions = await h.json('GET', `/trials/${trialId}/exclusions`, { token })
    const exclusionsSchema = documented('/trials/{id}/exclusions')
    expect(keys(exclusions.body)).toEqual(fieldsOf(exclusionsSchema))
    expect(keys(exclusions.body.records[0])).toEqual(
      fieldsOf(exclusionsSchema.properties.records.items)
    )

    for (const kind of ['adherence', 'exclusion']) {
      const held = await h.json('GET', `/trials/${trialId}/households/${LATE_REF}/${kind}`, {
        token,
      })
      expect(held.status).toBe(200)
      const schema = documented(`/trials/{id}/households/{household}/${kind}`)
      expect(keys(held.body)).toEqual(fieldsOf(schema))
      expect(keys(held.body.current)).toEqual(fieldsOf(schema.properties.current))
    }
  })
})
