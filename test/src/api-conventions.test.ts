import { describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'
import {
  completeDataCollection,
  createDraftTrial,
  createRecruitingTrial,
  enrolExampleHouseholds,
} from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

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

describe('households by their case reference', () => {
  const baseline = {
    council_area: 'leeds',
    household_type: 'single_under_25',
    age_head: 22,
    prior_presentations: 0,
    in_work: 1,
  }

  it("accept the council's own reference as well as the pseudonym, and never echo it", async () => {
    const { trialId } = await createRecruitingTrial(h)
    const enrolled = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'HOC-CASE-77', baseline },
    })
    expect(enrolled.status).toBe(201)
    const pseudonym = enrolled.body.household as string
    const put = await h.json('PUT', `/trials/${trialId}/households/HOC-CASE-77/observations`, {
      token: h.cast.officerA.token,
      body: { values: { homeless_6m: 1 } },
    })
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    expect(put.body.household).toBe(pseudonym)
    const byRef = await h.json('GET', `/trials/${trialId}/households/HOC-CASE-77/observations`, {
      token: h.cast.officerA.token,
    })
    const byPseudonym = await h.json(
      'GET',
      `/trials/${trialId}/households/${pseudonym}/observations`,
      {
        token: h.cast.officerA.token,
      }
    )
    expect(byRef.body).toEqual(byPseudonym.body)
    expect(JSON.stringify(byRef.body)).not.toContain('HOC-CASE-77')
    const history = await h.json(
      'GET',
      `/trials/${trialId}/households/HOC-CASE-77/observations/homeless_6m/history`,
      { token: h.cast.officerA.token }
    )
    expect(history.status).toBe(200)
    const unknown = await h.json('GET', `/trials/${trialId}/households/HOC-NOPE-1/observations`, {
      token: h.cast.officerA.token,
    })
    expect(unknown.status).toBe(404)
    expect(JSON.stringify(unknown.body)).not.toContain('HOC-NOPE-1')
  })

  it('adherence and exclusion records of a household are read by its case reference too', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const enrolled = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'HOC-CASE-88', baseline },
    })
    const pseudonym = enrolled.body.household as string
    const entry = { household_ref: 'HOC-CASE-88', date: '2026-03-02' }
    for (const [kind, body] of [
      ['adherence', { ...entry, status: 'received_as_allocated' }],
      ['exclusions', { ...entry, reason: 'referral found to be a duplicate' }],
    ] as const) {
      const res = await h.json('POST', `/trials/${trialId}/${kind}`, {
        token: h.cast.officerA.token,
        body: { entries: [body] },
      })
      expect(res.status, JSON.stringify(res.body)).toBe(201)
    }
    for (const kind of ['adherence', 'exclusion']) {
      const path = (household: string) => `/trials/${trialId}/households/${household}/${kind}`
      const byRef = await h.json('GET', path('HOC-CASE-88'), { token: h.cast.officerA.token })
      expect(byRef.status, JSON.stringify(byRef.body)).toBe(200)
      const byPseudonym = await h.json('GET', path(pseudonym), { token: h.cast.officerA.token })
      expect(byRef.body).toEqual(byPseudonym.body)
      expect(byRef.body.current.household).toBe(pseudonym)
      expect(JSON.stringify(byRef.body)).not.toContain('HOC-CASE-88')
      const unknown = await h.json('GET', path('HOC-NOPE-2'), { token: h.cast.officerA.token })
      expect(unknown.status).toBe(404)
      expect(JSON.stringify(unknown.body)).not.toContain('HOC-NOPE-2')
    }
  })

  it('batch enrolment echoes each row index; a household presented again with different values is warned', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const first = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: {
        households: [
          { household_ref: 'HOC-B-1', baseline },
          { household_ref: 'HOC-B-2', baseline: { ...baseline, age_head: 40 } },
        ],
      },
    })
    expect(first.status).toBe(201)
    expect(first.body.enrolments.map((e: { index: number }) => e.index)).toEqual([0, 1])
    const again = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: {
        households: [
          { household_ref: 'HOC-B-3', baseline },
          { household_ref: 'HOC-B-2', baseline: { ...baseline, age_head: 41, in_work: 0 } },
          { household_ref: 'HOC-B-1', baseline },
        ],
      },
    })
    expect(again.status).toBe(201)
    const [fresh, changed, same] = again.body.enrolments
    expect([fresh.index, changed.index, same.index]).toEqual([0, 1, 2])
    expect(fresh.replayed).toBe(false)
    expect(changed).toMatchObject({ replayed: true, arm: first.body.enrolments[1].arm })
    expect(changed.warnings).toEqual([
      expect.objectContaining({ code: 'baseline-differs', fields: ['age_head', 'in_work'] }),
    ])
    expect(same).toMatchObject({ replayed: true, arm: first.body.enrolments[0].arm })
    expect(same.warnings).toBeUndefined()
    // A correction recorded since enrolment is what the new presentation is compared with.
    await h.json('PUT', `/trials/${trialId}/households/HOC-B-2/observations`, {
      token: h.cast.officerA.token,
      body: { values: { age_head: 41 }, reason: 'date of birth checked' },
    })
    const single = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'HOC-B-2', baseline: { ...baseline, age_head: 41 } },
    })
    expect(single.status).toBe(200)
    expect(single.body.warnings).toBeUndefined()
    // A stratum value that differs is named too; the household keeps its arm.
    const moved = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: h.cast.officerA.token,
      body: { household_ref: 'HOC-B-1', baseline: { ...baseline, council_area: 'bradford' } },
    })
    expect(moved.status).toBe(200)
    expect(moved.body).toMatchObject({ replayed: true, arm: first.body.enrolments[0].arm })
    expect(moved.body.warnings).toEqual([
      expect.objectContaining({ code: 'baseline-differs', fields: ['council_area'] }),
    ])
  })
})

describe('logged and echoed paths', () => {
  it('replace a case reference given in place of a pseudonym', async () => {
    const { redactedPath } = await import('../../src/middleware/request-log')
    const pseudonym = 'hh_' + '0123456789abcdef'.repeat(2)
    expect(redactedPath('/trials/t1/households/HOC-00017/observations')).toBe(
      '/trials/t1/households/{case-ref}/observations'
    )
    expect(redactedPath(`/trials/t1/households/${pseudonym}/observations`)).toBe(
      `/trials/t1/households/${pseudonym}/observations`
    )
  })
})

describe('one naming convention in every response body', () => {
  it('every JSON body of a trial taken from registration to rating has snake_case keys only, and counts beside their arms', async () => {
    const { trialId, interventionId } = await createRecruitingTrial(h)
    const units = await enrolExampleHouseholds(h, trialId, 60, 'HOC-SNAKE')
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    await completeDataCollection(h, trialId)
    const run = await h.json('POST', `/trials/${trialId}/analyses`, {
      token: h.cast.evaluatorA.token,
    })
    expect(run.status, JSON.stringify(run.body)).toBe(201)
    const rating = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.centre.token,
      body: { declared: { outcome_source: 'administrative' } },
    })
    expect(rating.status, JSON.stringify(rating.body)).toBe(201)
    const reads = [
      `/trials/${trialId}`,
      `/trials/${trialId}/registration`,
      `/trials/${trialId}/versions`,
      `/trials/${trialId}/enrolments`,
      `/trials/${trialId}/allocation-export`,
      `/trials/${trialId}/progress`,
      `/trials/${trialId}/analyses`,
      `/trials/${trialId}/analyses/${run.body.id}`,
      `/trials/${trialId}/households/${units[0]!.household}/observations`,
      `/trials/${trialId}/households/${units[0]!.household}/observations/homeless_6m/history`,
      `/trials/${trialId}/ratings`,
      `/trials/${trialId}/screening`,
      `/trials/${trialId}/adherence`,
      `/trials/${trialId}/exclusions`,
      `/trials/${trialId}/consort`,
      `/trials/${trialId}/checklist`,
      `/trials/${trialId}/report`,
      `/trials/${trialId}/summary`,
      `/trials/${trialId}/registry-export/who-trds`,
      `/interventions/${interventionId}`,
      `/interventions/${interventionId}/evidence`,
      '/trials',
      '/interventions',
      '/councils',
      '/me',
    ]
    const camel = /"([a-z0-9]+[A-Z][A-Za-z0-9]*)":/g
    const found: string[] = []
    // Counts listed per arm (a list of two numbers in a two-arm trial) sit beside their arms.
    const unlabelled: string[] = []
    const countsBesideArms = (value: unknown, where: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => countsBesideArms(v, `${where}[${i}]`))
      else if (value && typeof value === 'object')
        for (const [key, v] of Object.entries(value)) {
          // (block_sizes lists the permuted-block sizes, not arms.)
          const counts =
            key !== 'block_sizes' &&
            Array.isArray(v) &&
            v.length === 2 &&
            v.every((x) => typeof x === 'number')
          const arms = (value as { arms?: unknown }).arms
          if (counts && !(Array.isArray(arms) && arms.length === 2))
            unlabelled.push(`${where}.${key}`)
          countsBesideArms(v, `${where}.${key}`)
        }
    }
    for (const path of reads) {
      const res = await h.json('GET', path, { token: h.cast.centre.token })
      expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200)
      for (const [, key] of JSON.stringify(res.body).matchAll(camel)) found.push(`${path} ${key}`)
      countsBesideArms(res.body, path)
    }
    expect([...new Set(found)]).toEqual([])
    expect(unlabelled).toEqual([])
  })
})
