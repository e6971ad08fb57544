import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../analysis/data'
import { runAnalysis } from '../../analysis/run-analysis'
import { trials } from '../../src/db/schema'
import { registered } from '../../trials/commands'
import { main as reproduce } from '../../src/cli/reproduce'
import { loadAnalysisDataset } from '../../src/services/dataset'
import { runCli } from '../support/cli'
import { useHarness } from '../support/harness'
import { completeDataCollection, createRecruitingTrial } from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()
let trialId: string
const areas = exampleCouncilAreas
const types = exampleHouseholdTypes

beforeAll(async () => {
  ;({ trialId } = await createRecruitingTrial(h))
  const households = Array.from({ length: 240 }, (_, i) => ({
    household_ref: `REF-${i}`,
    baseline: {
      council_area: areas[i % 5]!,
      household_type: types[(i * 7) % 3]!,
      age_head: 18 + ((i * 13) % 45),
      prior_presentations: i % 4,
      in_work: (i * 3) % 2,
    },
  }))
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: { households },
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  await simulateOutcomes(h, trialId, h.cast.officerA.userId)
})

describe('running the registered analysis plan', () => {
  it('waits for recruitment to close', async () => {
    const res = await h.json('POST', `/trials/${trialId}/analyses`, {
      token: h.cast.evaluatorA.token,
    })
    expect(res.status).toBe(409)
  })

  it('is for evaluators with access to the trial', async () => {
    await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
    expect(
      (await h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.officerA.token })).status
    ).toBe(403)
    expect(
      (await h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.centre.token })).status
    ).toBe(403)
    expect(
      (await h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorNone.token }))
        .status
    ).toBe(404)
  })

  it('runs every planned comparison, records what it used, and marks the trial analysed', async () => {
    await completeDataCollection(h, trialId)
    const res = await h.json('POST', `/trials/${trialId}/analyses`, {
      token: h.cast.evaluatorA.token,
    })
    expect(res.status).toBe(201)
    const run = res.body
    // One naming convention in every response body: no camelCase key anywhere in the report.
    expect(JSON.stringify(run)).not.toMatch(/"[a-z]+[A-Z][A-Za-z]*":/)
    expect(run.report.families[0]).toHaveProperty('adjusted_p')
    const [trial] = await h.open.db.select().from(trials).where(eq(trials.id, trialId))
    expect(trial!.status).toBe('analysed')
    expect(run.protocol_hash).toBe(trial!.protocolHash)
    const dataset = await loadAnalysisDataset(h.open.db, registered(trial!))
    expect(run.dataset_hash).toBe(dataset.sha256)
    expect(run.report.comparisons.map((c: { analysis: string }) => c.analysis)).toEqual([
      'primary_itt',
      'primary_strata_fixed_effects',
      'days_in_ta',
      'settled',
    ])
    for (const c of run.report.comparisons) {
      expect(c.error).toBeNull()
      expect(c.arm).toBe('family_mediation')
      expect(c.control).toBe('usual_care')
    }
    // The primary comparison is exactly what the engine gives on the exported dataset.
    const primary = run.report.comparisons[0]
    const direct = runAnalysis(primary.spec, parseCsv(dataset.csv)) as Record<string, number>
    expect(primary.result.estimate).toBe(direct.estimate)
    expect(primary.result.std_error).toBe(direct.std_error)
    expect(primary.result.n).toBeLessThan(240)
    // Secondary outcomes are Holm-adjusted as a family of two; the primary is not adjusted.
    const [days, settled] = run.report.comparisons.slice(2)
    expect(days.adjusted).toMatchObject({
      family: 'secondary_outcomes',
      method: 'holm',
      family_size: 2,
    })
    const ps = [days.result.p_value, settled.result.p_value]
    expect(Math.min(days.adjusted.adjusted_p, settled.adjusted.adjusted_p)).toBeCloseTo(
      Math.min(1, 2 * Math.min(...ps)),
      12
    )
    expect(primary.adjusted).toBeNull()
    // Balance, attrition and the sample-ratio-mismatch test come with every run.
    expect(run.report.balance[0].result.covariates.map((b: { name: string }) => b.name)).toEqual([
      'age_head',
      'prior_presentations',
      'in_work',
    ])
    expect(run.report.attrition).toHaveLength(3)
    expect(run.report.attrition[0].result.n_randomised).toBe(240)
    expect(
      run.report.sample_ratio_mismatch.observed.reduce((a: number, b: number) => a + b, 0)
    ).toBe(240)
  })

  it('gives identical numbers when rerun on the same data', async () => {
    const first = (
      await h.json('GET', `/trials/${trialId}/analyses`, { token: h.cast.officerA.token })
    ).body.runs[0]
    const again = (
      await h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorA.token })
    ).body
    expect(again.report).toEqual(first.report)
    expect(again.dataset_hash).toBe(first.dataset_hash)
  })

  it('reproduces from public material with the reproduce command, and flags a changed dataset', async () => {
    const run = (
      await h.json('GET', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorA.token })
    ).body.runs.find((r: { kind: string }) => r.kind === 'planned')
    const dataset = await (
      await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: h.cast.evaluatorA.token })
    ).text()
    const registration = (await h.json('GET', `/trials/${trialId}/registration`)).body
    const dir = mkdtempSync(join(tmpdir(), 'tw-reproduce-'))
    writeFileSync(join(dir, 'run.json'), JSON.stringify(run))
    writeFileSync(join(dir, 'dataset.csv'), dataset)
    writeFileSync(join(dir, 'registration.json'), JSON.stringify(registration))
    const cli = (csv: string) =>
      runCli(reproduce, [join(dir, 'run.json'), join(dir, csv), join(dir, 'registration.json')])
    const ok = await cli('dataset.csv')
    expect(ok.status, ok.stderr).toBe(0)
    expect(JSON.parse(ok.stdout)).toMatchObject({ ok: true, mismatches: [] })
    // One outcome changed: the hash check fails and the changed numbers are listed.
    const lines = dataset.split('\n')
    const header = lines[0]!.split(',')
    const column = header.indexOf('homeless_6m')
    const row = lines.findIndex((l, i) => i > 0 && l.split(',')[column] === '0')
    const cells = lines[row]!.split(',')
    cells[column] = '1'
    lines[row] = cells.join(',')
    writeFileSync(join(dir, 'tampered.csv'), lines.join('\n'))
    const bad = await cli('tampered.csv')
    expect(bad.status).toBe(1)
    const report = JSON.parse(bad.stdout)
    expect(report.checks.find((c: { check: string }) => c.check === 'dataset').ok).toBe(false)
    expect(
      report.mismatches.some((m: { path: string }) => m.path === '/comparisons/0/result/estimate')
    ).toBe(true)
  })

  it('labels analyses outside the plan as exploratory', async () => {
    const rd = {
      name: 'rd_homeless',
      spec: {
        estimator: 'risk_difference',
        outcome: 'homeless_6m',
        treatment: 'arm',
        treatment_arm: 'family_mediation',
        control_arm: 'usual_care',
      },
    }
    const res = await h.json('POST', `/trials/${trialId}/analyses/exploratory`, {
      token: h.cast.evaluatorA.token,
      body: { analyses: [rd] },
    })
    expect(res.status).toBe(201)
    expect(res.body.kind).toBe('exploratory')
    expect(res.body.report.analyses[0]).toMatchObject({ label: 'exploratory', name: 'rd_homeless' })
    expect(typeof res.body.report.analyses[0].result.estimate).toBe('number')
    expect(JSON.stringify(res.body)).not.toContain('NaN')
  })

  it('refuses an exploratory spec that cannot run with 422 naming the field, and stores nothing', async () => {
    const runs = async () =>
      (await h.json('GET', `/trials/${trialId}/analyses`, { token: h.cast.officerA.token })).body
        .runs.length
    const before = await runs()
    const res = await h.json('POST', `/trials/${trialId}/analyses/exploratory`, {
      token: h.cast.evaluatorA.token,
      body: {
        analyses: [
          {
            name: 'fine',
            spec: {
              estimator: 'welch_t',
              outcome: 'homeless_6m',
              treatment: 'arm',
              treatment_arm: 'family_mediation',
              control_arm: 'usual_care',
            },
          },
          {
            name: 'bad_outcome',
            spec: {
              estimator: 'welch_t',
              outcome: 'no_such_column',
              treatment: 'arm',
              treatment_arm: 'family_mediation',
              control_arm: 'usual_care',
            },
          },
          {
            name: 'bad_covariate',
            spec: {
              estimator: 'ols',
              outcome: 'homeless_6m',
              treatment: 'arm',
              treatment_arm: 'family_mediation',
              control_arm: 'usual_care',
              covariates: ['age_head', 'shoe_size'],
            },
          },
        ],
      },
    })
    expect(res.status).toBe(422)
    expect(res.body).toMatchObject({ status: 422, type: '/problems/analysis-cannot-run' })
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        pointer: '/analyses/1/spec/outcome',
        code: 'missing-column',
        detail: expect.stringContaining('no_such_column'),
      }),
      expect.objectContaining({ pointer: '/analyses/2/spec/covariates/1', code: 'missing-column' }),
    ])
    expect(await runs()).toBe(before)
  })

  it('publishes the registered results on the public registry page', async () => {
    const run = (
      await h.json('GET', `/trials/${trialId}/analyses`, { token: h.cast.officerA.token })
    ).body.runs.find((r: { kind: string }) => r.kind === 'planned')
    const html = await (await h.request('GET', `/registry/${trialId}`)).text()
    expect(html).toContain('Results of the registered analysis')
    expect(html).toContain(run.report.comparisons[0].result.estimate.toFixed(3))
    expect(html).toContain('Holm within secondary outcomes')
    expect(html).toContain(run.dataset_hash.slice(0, 16))
  })

  it('diagnoses the registered design by simulation, reproducibly', async () => {
    const body = { effect: -0.12, simulations: 40, households: 400 }
    const a = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body,
    })
    expect(a.status).toBe(200)
    expect(a.body).toMatchObject({
      analysis: 'primary_itt',
      estimator: 'lin',
      simulations: 40,
      households: 400,
    })
    expect(a.body.power.value).toBeGreaterThan(0)
    expect(a.body).toHaveProperty('power.monte_carlo_std_error')
    expect(a.body).toHaveProperty('mean_estimand')
    expect(a.body).toHaveProperty('sd_estimate')
    // snake_case throughout, as every response body
    expect(JSON.stringify(a.body)).not.toMatch(/"[a-z]+[A-Z][A-Za-z]*":/)
    const b = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.evaluatorA.token,
      body,
    })
    expect(b.body).toEqual(a.body)
    const bad = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body: { effect: -0.9 },
    })
    expect(bad.status).toBe(422)
  })

  it("hides runs from other councils' officers", async () => {
    expect(
      (await h.json('GET', `/trials/${trialId}/analyses`, { token: h.cast.officerB.token })).status
    ).toBe(404)
  })
})
