import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'
import { createDraftTrial, createRecruitingTrial } from '../support/fixtures'

const h = useHarness()
const reason = 'The outcome data source for this period is final'

async function enrolled(n: number) {
  const { trialId, interventionId, seed } = await createRecruitingTrial(h)
  const households = Array.from({ length: n }, (_, i) => ({
    household_ref: `LC-${trialId.slice(0, 8)}-${i}`,
    baseline: {
      council_area: exampleCouncilAreas[i % 5]!,
      household_type: exampleHouseholdTypes[(i * 7) % 3]!,
      age_head: 20 + ((i * 13) % 40),
      prior_presentations: i % 4,
      in_work: i % 2,
    },
  }))
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: { households },
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  const units = batch.body.enrolments as Array<{ household: string; arm: string }>
  return { trialId, interventionId, seed, units }
}

function outcomeCsv(units: Array<{ household: string; arm: string }>) {
  return [
    'household,homeless_6m',
    ...units.map((u, i) => `${u.household},${(i * 7) % 3 === 0 ? 1 : 0}`),
  ].join('\n')
}

const importOutcomes = (trialId: string, csv: string) =>
  h.json('POST', `/trials/${trialId}/imports?kind=outcome`, {
    token: h.cast.evaluatorA.token,
    raw: csv,
    headers: { 'content-type': 'text/csv' },
  })
const analyse = (trialId: string) =>
  h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorA.token })
const status = async (trialId: string) =>
  (await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })).body.status

describe('interim and final analyses', () => {
  let trial: Awaited<ReturnType<typeof enrolled>>

  beforeAll(async () => {
    trial = await enrolled(40)
    await h.json('POST', `/trials/${trial.trialId}/close`, { token: h.cast.officerA.token })
  })

  it('an analysis run after close is interim, leaves the trial closed, and outcomes are still accepted', async () => {
    const run = await analyse(trial.trialId)
    expect(run.status).toBe(201)
    expect(run.body.stage).toBe('interim')
    expect(run.body.report.stage).toBe('interim')
    expect(run.body.report.notice).toMatch(/^Interim/)
    expect(await status(trial.trialId)).toBe('closed')
    const control = trial.units.filter((u) => u.arm === 'usual_care')
    const imported = await importOutcomes(trial.trialId, outcomeCsv(control))
    expect(imported.status).toBe(201)
    expect(imported.body.created).toBe(control.length)
  })

  it('an interim run is neither pooled in the evidence summary nor rated', async () => {
    const summary = await h.json('GET', `/interventions/${trial.interventionId}/evidence`, {
      token: h.cast.centre.token,
    })
    expect(summary.status).toBe(200)
    expect(summary.body.trials.map((t: { trial_id: string }) => t.trial_id)).not.toContain(
      trial.trialId
    )
    const rating = await h.json('POST', `/trials/${trial.trialId}/ratings`, {
      token: h.cast.evaluatorA.token,
      body: { declared: { outcome_source: 'administrative' } },
    })
    expect(rating.status).toBe(409)
    expect(rating.body.type).toBe('/problems/not-analysed')
    // Nor shown as the trial's result on its public registry entry or the public evidence page.
    const entry = await (await h.request('GET', `/registry/${trial.trialId}`)).text()
    expect(entry).not.toContain('Results of the registered analysis')
    expect(entry).not.toMatch(/not estimable/i)
    const evidence = await (await h.request('GET', `/evidence/${trial.interventionId}`)).text()
    expect(evidence).not.toContain(`/registry/${trial.trialId}`)
  })

  it('the final analysis waits for data collection to be complete', async () => {
    expect((await analyse(trial.trialId)).body.stage).toBe('interim')
    const early = await h.json('POST', `/trials/${trial.trialId}/complete-data-collection`, {
      token: h.cast.evaluatorA.token,
    })
    expect(early.status).toBe(422)
    expect(early.body.errors[0]).toMatchObject({ pointer: '/reason', code: 'reason-required' })
    expect(early.body.pending.map((p: { outcome: string }) => p.outcome)).toContain('homeless_6m')
    const short = await h.json('POST', `/trials/${trial.trialId}/complete-data-collection`, {
      token: h.cast.evaluatorA.token,
      body: { reason: 'done' },
    })
    expect(short.status).toBe(422)
    expect(await status(trial.trialId)).toBe('closed')
    const done = await h.json('POST', `/trials/${trial.trialId}/complete-data-collection`, {
      token: h.cast.evaluatorA.token,
      body: { reason },
    })
    expect(done.status).toBe(200)
    expect(done.body.status).toBe('data_complete')
    expect(done.body.data_complete_at).toBe(h.now.value.toISOString())
  })

  it('refuses the final analysis with 422 while an arm has no primary outcome recorded', async () => {
    const res = await analyse(trial.trialId)
    expect(res.status).toBe(422)
    expect(res.body.type).toBe('/problems/outcomes-missing')
    expect(res.body.missing).toEqual([{ outcome: 'homeless_6m', arm: 'family_mediation' }])
    expect(await status(trial.trialId)).toBe('data_complete')
  })

  it('runs the final analysis once, and re-running it on unchanged data returns the same run', async () => {
    const treated = trial.units.filter((u) => u.arm !== 'usual_care')
    expect((await importOutcomes(trial.trialId, outcomeCsv(treated))).status).toBe(201)
    const final = await analyse(trial.trialId)
    expect(final.status).toBe(201)
    expect(final.body.stage).toBe('final')
    expect(await status(trial.trialId)).toBe('analysed')
    const again = await analyse(trial.trialId)
    expect(again.status).toBe(200)
    expect(again.body.id).toBe(final.body.id)
    // The final run, and only it, is the result the public registry entry shows.
    const entry = await (await h.request('GET', `/registry/${trial.trialId}`)).text()
    expect(entry).toContain('Results of the registered analysis')
    expect(entry).toContain(final.body.dataset_hash)
    const evidence = await (await h.request('GET', `/evidence/${trial.interventionId}`)).text()
    expect(evidence).toContain(`/registry/${trial.trialId}`)
    // The intervention's only trial is shown as its own estimate, in words and in the forest plot,
    // not pooled on 0 df.
    expect(evidence).toContain('Single trial (')
    expect(evidence).not.toMatch(/Pooled|REML|0 df/)
    expect(evidence).not.toContain('class="pooled"')
    // Numbers in page text are rounded, never printed to 16 digits.
    expect(entry.match(/\d\.\d{5,}/g)).toBeNull()
    expect(evidence.match(/\d\.\d{5,}/g)).toBeNull()
    const runs = (
      await h.json('GET', `/trials/${trial.trialId}/analyses`, { token: h.cast.evaluatorA.token })
    ).body.runs as Array<{ stage: string }>
    expect(runs.map((r) => r.stage).sort()).toEqual(['final', 'interim', 'interim'])
    // Outcome recording ends with the final analysis.
    expect((await importOutcomes(trial.trialId, outcomeCsv(treated))).status).toBe(409)
  })
})

describe('completing data collection', () => {
  it('needs no reason once every follow-up window has passed, and is for the trial’s staff', async () => {
    const { trialId } = await enrolled(6)
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    const before = h.now.value
    h.now.value = new Date('2027-03-02T09:00:00.000Z')
    try {
      expect(
        (
          await h.json('POST', `/trials/${trialId}/complete-data-collection`, {
            token: h.cast.officerB.token,
          })
        ).status
      ).toBe(404)
      const res = await h.json('POST', `/trials/${trialId}/complete-data-collection`, {
        token: h.cast.officerA.token,
      })
      expect(res.status).toBe(200)
      expect(res.body.status).toBe('data_complete')
    } finally {
      h.now.value = before
    }
  })

  it('is refused before recruitment has closed', async () => {
    const { trialId } = await enrolled(4)
    const res = await h.json('POST', `/trials/${trialId}/complete-data-collection`, {
      token: h.cast.evaluatorA.token,
      body: { reason },
    })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/invalid-transition')
  })
})

describe('withdrawn trials', () => {
  it('a draft withdrawn before registration is not public', async () => {
    const { trialId } = await createDraftTrial(h)
    const withdrawn = await h.json('POST', `/trials/${trialId}/withdraw`, {
      token: h.cast.officerA.token,
      body: { reason: 'The service was decommissioned before launch' },
    })
    expect(withdrawn.body.status).toBe('withdrawn')
    expect((await h.json('GET', `/trials/${trialId}/registration`)).status).toBe(404)
    expect((await h.request('GET', `/registry/${trialId}`)).status).toBe(404)
    const list = await (await h.request('GET', '/')).text()
    expect(list).not.toContain(`/registry/${trialId}`)
    // Nor any of the registry's documents and exports.
    const answers: string[] = []
    for (const doc of [
      'protocol',
      'who-trds.json',
      'report',
      'summary',
      'consort.svg',
      'record.json',
      'allocations.json',
      'dataset.json',
    ])
      answers.push(`${doc} ${(await h.request('GET', `/registry/${trialId}/${doc}`)).status}`)
    expect(answers.filter((a) => !a.endsWith(' 404'))).toEqual([])
  })

  it('a trial withdrawn after registration stays public and shows its seed', async () => {
    const { trialId, seed } = await createRecruitingTrial(h)
    const withdrawn = await h.json('POST', `/trials/${trialId}/withdraw`, {
      token: h.cast.officerA.token,
      body: { reason: 'Funding for the service ended mid-trial' },
    })
    expect(withdrawn.status).toBe(200)
    expect(withdrawn.body.seed).toBe(seed)
    const record = await h.json('GET', `/trials/${trialId}/registration`)
    expect(record.status).toBe(200)
    expect(record.body.seed).toBe(seed)
    const page = await (await h.request('GET', `/registry/${trialId}`)).text()
    expect(page).toContain(seed)
    expect(await (await h.request('GET', '/')).text()).toContain(`/registry/${trialId}`)
  })
})
