import { eq } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { trials } from '../../src/db/schema'
import { backfillTrustRecords } from '../../src/services/trust-backfill'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { checkPage, hasChromium, launchBrowser, serveHarness } from '../support/browser'
import { createHarness, type Harness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

let h: Harness
beforeAll(async () => {
  h = await createHarness()
})
afterAll(async () => {
  await h?.close()
})

const officer = () => h.cast.officerA.token
const evaluator = () => h.cast.evaluatorA.token
const household = (i: number) => ({
  household_ref: `SEEN/${i}`,
  baseline: {
    council_area: exampleCouncilAreas[i % 5]!,
    household_type: exampleHouseholdTypes[(i * 7) % 3]!,
    age_head: 18 + ((i * 13) % 45),
    prior_presentations: i % 4,
    in_work: (i * 3) % 2,
  },
})

/** A closed trial of council A with `count` households and no outcome recorded yet. */
async function closedTrial(count = 60) {
  const { trialId } = await createRecruitingTrial(h)
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: officer(),
    body: { households: Array.from({ length: count }, (_, i) => household(i)) },
  })
  expect(batch.status).toBe(201)
  expect((await h.json('POST', `/trials/${trialId}/close`, { token: officer() })).status).toBe(200)
  return trialId
}

async function auditOf(trialId: string) {
  const res = await h.json('GET', `/trials/${trialId}/audit?limit=1000`, { token: officer() })
  expect(res.status).toBe(200)
  return res.body.entries as Array<{
    action: string
    actor_id: string
    actor_role: string
    at: string
    detail: Record<string, unknown>
  }>
}

/** Amends the primary analysis's standard errors: an analysis-plan deviation after recruitment. */
async function amendPrimaryAnalysis(trialId: string) {
  const current = (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body
  const amended = structuredClone(current.protocol)
  amended.analysis_plan.analyses[0].spec.se_type = 'HC1'
  const res = await h.json('POST', `/trials/${trialId}/amendments`, {
    token: officer(),
    body: { protocol: amended, reason: 'Use HC1 standard errors, as in the council report.' },
  })
  expect(res.status, JSON.stringify(res.body)).toBe(201)
  return res.body
}

describe('outcome-seen stamps', () => {
  let lateAmended = ''
  it('are not set by downloads that show no outcome, and every download is audited with who, role and what', async () => {
    const trialId = await closedTrial()
    const csv = await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: officer() })
    expect(csv.status).toBe(200)
    const exported = await h.json('GET', `/trials/${trialId}/allocation-export`, {
      token: evaluator(),
    })
    expect(exported.status).toBe(200)
    const trial = (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body
    expect(trial.outcomes_first_seen).toBeNull()
    const viewed = (await auditOf(trialId)).filter((e) => e.action === 'data.viewed')
    expect(viewed).toEqual([
      expect.objectContaining({
        actor_id: h.cast.officerA.userId,
        actor_role: 'officer',
        at: '2026-03-02T09:00:00.000Z',
        detail: {
          what: 'dataset.csv',
          data: ['baseline', 'outcome'],
          rows: 60,
          outcomes_recorded: 0,
        },
      }),
      expect.objectContaining({
        actor_id: h.cast.evaluatorA.userId,
        actor_role: 'evaluator',
        detail: { what: 'allocation-export', data: ['baseline'], rows: 60, outcomes_recorded: 0 },
      }),
    ])
    // An amendment now comes before outcomes were seen.
    expect((await amendPrimaryAnalysis(trialId)).outcomes_seen).toBe(false)
  })

  it('record the first outcome download once, and flag a later amendment on the API, the record and the page', async () => {
    const trialId = await closedTrial()
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    h.now.value = new Date('2026-04-01T10:00:00.000Z')
    const first = await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: evaluator() })
    expect(first.status).toBe(200)
    h.now.value = new Date('2026-04-02T10:00:00.000Z')
    expect(
      (await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: officer() })).status
    ).toBe(200)
    const seen = { at: '2026-04-01T10:00:00.000Z', how: 'download' }
    expect((await h.json('GET', `/trials/${trialId}`, { token: officer() })).body).toMatchObject({
      outcomes_first_seen: seen,
    })
    expect((await h.json('GET', `/trials/${trialId}/registration`)).body).toMatchObject({
      outcomes_first_seen: seen,
    })
    const entries = await auditOf(trialId)
    const stamps = entries.filter((e) => e.action === 'trial.outcomes-seen')
    expect(stamps).toEqual([
      expect.objectContaining({
        actor_id: h.cast.evaluatorA.userId,
        actor_role: 'evaluator',
        at: seen.at,
        detail: { how: 'download', what: 'dataset.csv' },
      }),
    ])
    expect(entries.filter((e) => e.action === 'data.viewed')).toHaveLength(2)

    const version = await amendPrimaryAnalysis(trialId)
    expect(version).toMatchObject({ version: 2, deviation: true, outcomes_seen: true })
    const record = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    expect(record.outcomes_first_seen).toEqual(seen)
    expect(record.versions.map((v: { outcomes_seen: boolean }) => v.outcomes_seen)).toEqual([
      false,
      true,
    ])
    const page = await (await h.request('GET', `/registry/${trialId}`)).text()
    expect(page).toContain('Outcome data first seen')
    expect(page).toContain('1 April 2026 (outcome data downloaded); amended after: version 2')
    expect(page).toContain('After outcomes seen')
    expect((await h.json('GET', '/audit/verify', { token: h.cast.centre.token })).body.ok).toBe(
      true
    )
    lateAmended = trialId
  })

  it.skipIf(!hasChromium)(
    'show on the registry page without accessibility errors',
    async () => {
      const { base, server } = await serveHarness(h)
      const browser = await launchBrowser()
      try {
        const tab = await browser.newPage()
        await tab.goto(`${base}/registry/${lateAmended}`)
        await checkPage(tab, 'registry-outcomes-seen')
        const row = tab.locator('.govuk-summary-list__row', { hasText: 'Outcome data first seen' })
        expect(await row.textContent()).toContain('amended after: version 2')
      } finally {
        await browser.close()
        server.close()
      }
    },
    60_000
  )

  it('record an exploratory analysis as the first sight of outcomes, in its transaction, and the planned run then carries the flagged deviation', async () => {
    const trialId = await closedTrial()
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    h.now.value = new Date('2026-05-01T08:00:00.000Z')
    const exploratory = await h.json('POST', `/trials/${trialId}/analyses/exploratory`, {
      token: evaluator(),
      body: {
        analyses: [
          {
            name: 'unadjusted',
            spec: {
              estimator: 'risk_difference',
              outcome: 'homeless_6m',
              treatment: 'arm',
              treatment_arm: 'family_mediation',
              control_arm: 'usual_care',
            },
          },
        ],
      },
    })
    expect(exploratory.status, JSON.stringify(exploratory.body)).toBe(201)
    const trial = (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body
    expect(trial.outcomes_first_seen).toEqual({
      at: '2026-05-01T08:00:00.000Z',
      how: 'exploratory-analysis',
    })
    const stamp = (await auditOf(trialId)).find((e) => e.action === 'trial.outcomes-seen')
    expect(stamp?.detail).toEqual({ how: 'exploratory-analysis', what: exploratory.body.id })

    h.now.value = new Date('2026-05-02T08:00:00.000Z')
    await amendPrimaryAnalysis(trialId)
    const planned = await h.json('POST', `/trials/${trialId}/analyses`, { token: evaluator() })
    expect(planned.status).toBe(201)
    expect(planned.body.report.deviations).toEqual([
      expect.objectContaining({ version: 2, outcomes_seen: true }),
    ])
    // The planned run does not move the stamp.
    expect(
      (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body.outcomes_first_seen
    ).toEqual({ at: '2026-05-01T08:00:00.000Z', how: 'exploratory-analysis' })
  })

  it('record the planned analysis when it is the first sight, and opening stored results does not move it', async () => {
    const trialId = await closedTrial()
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    h.now.value = new Date('2026-06-01T08:00:00.000Z')
    const planned = await h.json('POST', `/trials/${trialId}/analyses`, { token: evaluator() })
    expect(planned.status).toBe(201)
    h.now.value = new Date('2026-06-03T08:00:00.000Z')
    expect(
      (await h.json('GET', `/trials/${trialId}/analyses/${planned.body.id}`, { token: officer() }))
        .status
    ).toBe(200)
    expect((await h.json('GET', `/trials/${trialId}/report`, { token: officer() })).status).toBe(
      200
    )
    expect(
      (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body.outcomes_first_seen
    ).toEqual({ at: '2026-06-01T08:00:00.000Z', how: 'planned-analysis' })
    expect((await auditOf(trialId)).filter((e) => e.action === 'trial.outcomes-seen')).toHaveLength(
      1
    )
    // Every opening of stored results is audited, by role, after the stamp as before it.
    const opened = (await auditOf(trialId)).filter((e) => e.action === 'results.viewed')
    expect(opened.map((e) => [e.actor_role, e.at])).toEqual([
      ['officer', '2026-06-03T08:00:00.000Z'],
      ['officer', '2026-06-03T08:00:00.000Z'],
    ])
    // So is reading one household's values.
    const one = await h.json('GET', `/trials/${trialId}/households/SEEN%2F3/observations`, {
      token: evaluator(),
    })
    expect(one.status).toBe(200)
    const read = (await auditOf(trialId)).filter((e) => e.action === 'data.viewed').at(-1)
    expect(read).toMatchObject({
      actor_role: 'evaluator',
      detail: { what: 'household observations', data: ['baseline', 'outcome'], rows: 1 },
    })
  })

  it('are backfilled from the first analysis run of a trial analysed before stamps were recorded', async () => {
    const trialId = await closedTrial(40)
    await simulateOutcomes(h, trialId, h.cast.officerA.userId)
    h.now.value = new Date('2026-07-01T08:00:00.000Z')
    const run = await h.json('POST', `/trials/${trialId}/analyses`, { token: evaluator() })
    expect(run.status).toBe(201)
    // As a trial analysed before this change: no stamp.
    await h.open.db
      .update(trials)
      .set({ outcomesSeenAt: null, outcomesSeenBy: null })
      .where(eq(trials.id, trialId))
    await backfillTrustRecords(h.open.db)
    await backfillTrustRecords(h.open.db)
    expect(
      (await h.json('GET', `/trials/${trialId}`, { token: officer() })).body.outcomes_first_seen
    ).toEqual({ at: '2026-07-01T08:00:00.000Z', how: 'planned-analysis' })
    const stamps = (await auditOf(trialId)).filter((e) => e.action === 'trial.outcomes-seen')
    expect(stamps.map((e) => e.detail)).toEqual([
      { how: 'planned-analysis', what: run.body.id },
      { how: 'planned-analysis', what: run.body.id },
    ])
    expect(stamps[1]).toMatchObject({ actor_id: null, at: '2026-07-01T08:00:00.000Z' })
  })
})
