import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { main as reproduce } from '../../src/cli/reproduce'
import { sha256Hex } from '../../trials/hash'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { serveHarness } from '../support/browser'
import { runCli } from '../support/cli'
import { completeDataCollection, createRecruitingTrial } from '../support/fixtures'
import { createHarness, testConfig, type Harness } from '../support/harness'
import { simulateOutcomes } from '../support/outcomes'

let h: Harness
let trialId: string
beforeAll(async () => {
  h = await createHarness()
  ;({ trialId } = await createRecruitingTrial(h))
  const households = Array.from({ length: 200 }, (_, i) => ({
    household_ref: `CASE/${String(i).padStart(5, '0')}`,
    baseline: {
      council_area: exampleCouncilAreas[i % 5]!,
      household_type: exampleHouseholdTypes[(i * 7) % 3]!,
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
  await h.json('POST', `/trials/${trialId}/close`, { token: h.cast.officerA.token })
})
afterAll(async () => {
  await h?.close()
})

describe('the publishable dataset', () => {
  it('is published without a token only once the final results are', async () => {
    const closed = await h.json('GET', `/registry/${trialId}/dataset.json`)
    expect(closed.status).toBe(409)
    expect(closed.body).toMatchObject({
      type: '/problems/results-not-public',
      trial_status: 'closed',
    })
    await completeDataCollection(h, trialId)
    expect((await h.json('GET', `/registry/${trialId}/dataset.json`)).status).toBe(409)
    const run = await h.json('POST', `/trials/${trialId}/analyses`, {
      token: h.cast.evaluatorA.token,
    })
    expect(run.status).toBe(201)
    expect((await h.json('GET', `/registry/${trialId}/dataset.json`)).status).toBe(200)
    expect(
      (await h.json('GET', '/registry/00000000-0000-4000-8000-000000000000/dataset.json')).status
    ).toBe(404)
  })

  it("holds the ledger's pseudonyms and only the variables the registered plan reads", async () => {
    const published = (await h.json('GET', `/registry/${trialId}/dataset.json`)).body
    const ledger = (await h.json('GET', `/registry/${trialId}/allocations.json`)).body
    expect(published.columns).toEqual([
      'id',
      'arm',
      'stratum',
      'block',
      'age_head',
      'prior_presentations',
      'in_work',
      'homeless_6m',
      'days_in_temp_accommodation',
      'settled_6m',
    ])
    // Missingness reasons, a process measure no analysis reads, and the categorical strata fields (their
    // values are in `stratum` and in the ledger already) stay with the evaluator.
    expect(published.withheld).toEqual(
      expect.arrayContaining([
        'homeless_6m.missing',
        'age_head.missing',
        'attended_mediation',
        'council_area',
        'household_type',
      ])
    )
    expect(published.rows).toBe(200)
    expect(published.sha256).toBe(sha256Hex(published.csv))
    expect(published.csv).not.toContain('CASE/')
    expect(published.csv).not.toMatch(/moved_away|withdrew_consent|lost_to_follow_up/)
    const ids = published.csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line: string) => line.split(',')[0])
    expect(ids).toEqual(ledger.entries.map((e: { household: string }) => e.household))
    // The full dataset it was cut from is the one the published run used.
    expect(published.source_dataset_hash).toBe(published.run.dataset_hash)
    expect(published.run).toMatchObject({ kind: 'planned', stage: 'final' })
  })
})

describe('reproducing from public material alone', () => {
  let dir: string
  let record: any
  let ledger: any
  let published: any
  beforeAll(async () => {
    record = (await h.json('GET', `/registry/${trialId}/record.json`)).body
    ledger = (await h.json('GET', `/registry/${trialId}/allocations.json`)).body
    published = (await h.json('GET', `/registry/${trialId}/dataset.json`)).body
    dir = mkdtempSync(join(tmpdir(), 'tw-public-reproduce-'))
    writeFileSync(join(dir, 'record.json'), JSON.stringify(record))
    writeFileSync(join(dir, 'allocations.json'), JSON.stringify(ledger))
    writeFileSync(join(dir, 'dataset.json'), JSON.stringify(published))
  })
  const files = (datasetFile = 'dataset.json', ledgerFile = 'allocations.json') =>
    runCli(reproduce, [join(dir, 'record.json'), join(dir, ledgerFile), join(dir, datasetFile)])

  it('re-derives every allocation and every number of the published run', async () => {
    const ok = await files()
    expect(ok.status, ok.stderr).toBe(0)
    const report = JSON.parse(ok.stdout)
    expect(report).toMatchObject({ ok: true, first_difference: null })
    expect(report.allocations).toMatchObject({ ok: true, allocations_checked: 200 })
    expect(report.dataset.map((c: { ok: boolean }) => c.ok)).toEqual([true, true, true])
    expect(report.reproduction).toMatchObject({
      ok: true,
      mismatches: [],
      // The test server names its engine 0.0.0-test; the command runs as the package's version.
      engine: { run: testConfig.engine, differs: true },
    })
    expect(ok.stderr).toBe(
      `note: the run was made with engine ${testConfig.engine}; this is engine ${report.reproduction.engine.current}\n`
    )
  })

  it('names the first difference when the published numbers, the data or an allocation were changed', async () => {
    // A published estimate edited: the re-derived number differs.
    const run = structuredClone(published)
    run.run.report.comparisons[0].result.estimate += 0.01
    writeFileSync(join(dir, 'run-edited.json'), JSON.stringify(run))
    const numbers = await files('run-edited.json')
    expect(numbers.status).toBe(1)
    expect(numbers.stderr).toContain(
      'reproduction failed: numbers: 1 field(s) differ (first: /comparisons/0/result/estimate'
    )
    // One outcome changed, with the dataset's hash restated to match: the numbers no longer reproduce.
    const lines = published.csv.split('\n')
    const column = lines[0].split(',').indexOf('homeless_6m')
    const row = lines.findIndex((l: string, i: number) => i > 0 && l.split(',')[column] === '0')
    const cells = lines[row].split(',')
    cells[column] = '1'
    lines[row] = cells.join(',')
    const outcome = { ...published, csv: lines.join('\n') }
    outcome.sha256 = sha256Hex(outcome.csv)
    writeFileSync(join(dir, 'outcome-edited.json'), JSON.stringify(outcome))
    const data = await files('outcome-edited.json')
    expect(data.status).toBe(1)
    expect(JSON.parse(data.stdout).first_difference).toMatch(/^numbers: /)
    // A household moved to the other arm in the dataset: named by row against the ledger.
    const arms = published.csv.split('\n')
    const moved = arms[7].split(',')
    moved[1] = moved[1] === 'usual_care' ? 'family_mediation' : 'usual_care'
    arms[7] = moved.join(',')
    const arm = { ...published, csv: arms.join('\n') }
    arm.sha256 = sha256Hex(arm.csv)
    writeFileSync(join(dir, 'arm-edited.json'), JSON.stringify(arm))
    const armReport = await files('arm-edited.json')
    expect(armReport.status).toBe(1)
    expect(JSON.parse(armReport.stdout).first_difference).toMatch(
      /^dataset_allocations: row 7 \(hh_[0-9a-f]{32}\) is in arm /
    )
    // The CSV edited without restating its hash.
    writeFileSync(
      join(dir, 'hash-stale.json'),
      JSON.stringify({ ...published, csv: lines.join('\n') })
    )
    expect(JSON.parse((await files('hash-stale.json')).stdout).first_difference).toMatch(
      /^dataset_sha256: /
    )
    // An allocation changed in the ledger: the allocations fail first.
    const edited = structuredClone(ledger)
    edited.entries[3].arm =
      edited.entries[3].arm === 'usual_care' ? 'family_mediation' : 'usual_care'
    writeFileSync(join(dir, 'ledger-edited.json'), JSON.stringify(edited))
    const allocation = await files('dataset.json', 'ledger-edited.json')
    expect(allocation.status).toBe(1)
    expect(JSON.parse(allocation.stdout).first_difference).toMatch(/^ledger_chain: entry 4 /)
  })

  it('fetches the three documents from the registry URL, with no token', async () => {
    const { base, server } = await serveHarness(h)
    try {
      const fetched = await runCli(reproduce, [`${base}/registry/${trialId}`])
      expect(fetched.status, fetched.stderr).toBe(0)
      expect(JSON.parse(fetched.stdout)).toMatchObject({ ok: true, trial_id: trialId })
    } finally {
      server.close()
    }
  })

  // In-process, as the other CLI tests: test/src/cli/bin.test.ts checks that every npm script of a
  // command (`npm run reproduce` among them) runs its main, and runs one of them as a process.
  it('runs as `npm run reproduce` from the downloaded files', async () => {
    const run = await runCli(reproduce, [
      join(dir, 'record.json'),
      join(dir, 'allocations.json'),
      join(dir, 'dataset.json'),
    ])
    expect(run.status, run.stderr).toBe(0)
    expect(JSON.parse(run.stdout).ok).toBe(true)
  })
})
