import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../support/harness'
import { createDraftTrial, createRecruitingTrial } from '../support/fixtures'

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

describe('RFC 9457 problem documents', () => {
  it('keep the HTTP status code in status and give the trial status as trial_status', async () => {
    const { trialId } = await createDraftTrial(h)
    const enrol = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'HOC-1', baseline: {} },
    })
    expect(enrol.status, JSON.stringify(enrol.body)).toBe(409)
    expect(enrol.body).toMatchObject({ status: 409, trial_status: 'draft' })
    const upload = await h.json('POST', `/trials/${trialId}/imports?kind=outcome`, {
      token: h.cast.officerA.token,
      body: { rows: [] },
    })
    expect(upload.body).toMatchObject({ status: 409, trial_status: 'draft' })

    const recruiting = await createRecruitingTrial(h)
    const edit = await h.json('PUT', `/trials/${recruiting.trialId}/protocol`, {
      token: h.cast.officerA.token,
      body: { protocol: { title: 'x' } },
    })
    expect(edit.status).toBe(409)
    expect(edit.body).toMatchObject({ status: 409, trial_status: 'recruiting' })
  })
})
