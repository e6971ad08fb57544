import { describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'
import { createDraftTrial, createRecruitingTrial } from '../support/fixtures'

const h = useHarness()

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

describe('one way to write a stratum', () => {
  it('enrolments, progress and dataset.csv all write it as the values joined by |', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const res = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: {
        household_ref: 'HOC-STRATUM-1',
        baseline: {
          council_area: 'leeds',
          household_type: 'single_under_25',
          age_head: 22,
          prior_presentations: 0,
          in_work: 1,
        },
      },
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    // Concealment: the enrolling officer is not shown the stratum while the seed is secret.
    expect(res.body.stratum).toBeNull()
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const list = await h.json('GET', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
    })
    expect(list.body.enrolments[0].stratum).toBe('leeds|single_under_25')
    const progress = await h.json('GET', `/trials/${trialId}/progress`, {
      token: h.cast.officerA.token,
    })
    expect(progress.body.enrolment.by_stratum.map((s: { stratum: string }) => s.stratum)).toEqual([
      'leeds|single_under_25',
    ])
    const csv = await (
      await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: h.cast.officerA.token })
    ).text()
    expect(csv.split('\n')[1]!.split(',')[2]).toBe('leeds|single_under_25')
  })
})
