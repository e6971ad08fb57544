import { beforeAll, describe, expect, it } from 'vitest'
import { openSession, resolveSession } from '../../src/services/sessions'
import { useHarness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'

const h = useHarness()
let trialId: string
let officer: { cookie: string; csrf: string }

beforeAll(async () => {
  ;({ trialId } = await createRecruitingTrial(h))
  const opened = await openSession(h.open.db, h.cast.officerA.token, h.now.value)
  const state = await resolveSession(h.open.db, opened.secret, h.now.value)
  if (state.state !== 'active') throw new Error('no session')
  officer = { cookie: `tw_session=${opened.secret}`, csrf: state.csrfToken }
})

const post = (path: string, fields: Record<string, string>) =>
  h.app.request(path, {
    method: 'POST',
    headers: { cookie: officer.cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ csrf_token: officer.csrf, ...fields }).toString(),
  })

const enrolments = async () =>
  (await h.json('GET', `/trials/${trialId}/enrolments`, { token: h.cast.officerA.token })).body
    .enrolments as Array<{ arm: string }>

describe('officer pages', () => {
  it('keeps what was typed and enrols nothing when a value is missing', async () => {
    const res = await post(`/app/trials/${trialId}/enrol`, {
      household_ref: 'HX-1001',
      'baseline-council_area': 'leeds',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('govuk-error-summary')
    expect(html).toContain('href="#baseline-household_type"')
    expect(html).toContain('value="HX-1001"')
    expect(await enrolments()).toEqual([])
  })

  it('shows the arm after enrolment, and the original arm when the household presents again', async () => {
    const fields = {
      household_ref: 'HX-1001',
      'baseline-council_area': 'leeds',
      'baseline-household_type': 'single_under_25',
      'baseline-age_head': '19',
    }
    const first = await (await post(`/app/trials/${trialId}/enrol`, fields)).text()
    const [row] = await enrolments()
    const arm = row!.arm === 'usual_care' ? 'Usual care' : 'Family mediation'
    expect(first).toContain('Household enrolled')
    expect(first).toContain(`Arm: <strong>${arm}</strong>`)
    const again = await (await post(`/app/trials/${trialId}/enrol`, fields)).text()
    expect(again).toContain('Already enrolled')
    expect(again).toContain(`Arm: <strong>${arm}</strong>`)
    expect(again).toContain('keeps its original arm')
    expect(await enrolments()).toHaveLength(1)
  })

  it('shows a value of the wrong type beside its field', async () => {
    const res = await post(`/app/trials/${trialId}/enrol`, {
      household_ref: 'HX-2002',
      'baseline-council_area': 'leeds',
      'baseline-household_type': 'single_under_25',
      'baseline-age_head': 'nineteen',
    })
    expect(res.status).toBe(422)
    const html = await res.text()
    expect(html).toContain('href="#baseline-age_head"')
    expect(html).toContain('value="nineteen"')
  })

  it('offers a template CSV with the trial’s columns', async () => {
    const res = await h.app.request(`/app/trials/${trialId}/template.csv?kind=outcome`, {
      headers: { cookie: officer.cookie },
    })
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    expect((await res.text()).split('\r\n')[0]).toBe(
      'household_ref,homeless_6m,homeless_6m.missing,days_in_temp_accommodation,days_in_temp_accommodation.missing,settled_6m,settled_6m.missing'
    )
  })

  it('counts on the dashboard the outcomes that fall due this month, six months after randomisation', async () => {
    // One household was randomised on 2 March 2026; its three outcomes (primary and two secondary, all at
    // P6M from randomisation) fall due on 2 September 2026, so September shows 3 and the months around it 0.
    const dueOnDashboard = async (at: string) => {
      h.now.value = new Date(at)
      // A session of the day: the one opened in March has long expired.
      const { secret } = await openSession(h.open.db, h.cast.officerA.token, h.now.value)
      const cookie = `tw_session=${secret}`
      const html = await (await h.app.request('/app', { headers: { cookie } })).text()
      const row = html.split('<tr').find((r) => r.includes(`href="/app/trials/${trialId}"`))
      const cells = [...(row ?? '').matchAll(/<td[^>]*>(.*?)<\/td>/gs)].map((m) => m[1]!.trim())
      return cells.at(-1)
    }
    const started = h.now.value
    try {
      expect(await enrolments()).toHaveLength(1)
      expect(await dueOnDashboard('2026-08-20T09:00:00.000Z')).toBe('0')
      expect(await dueOnDashboard('2026-09-20T09:00:00.000Z')).toBe('3')
      expect(await dueOnDashboard('2026-10-20T09:00:00.000Z')).toBe('0')
    } finally {
      h.now.value = started
    }
  })
})
