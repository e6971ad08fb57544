// Bulk import of outcomes through the API on PostgreSQL: POST /trials/{id}/imports with a 100,000-row CSV
// (household_ref, homeless_6m), sent in-process with app.request against postgres.js, so the figure covers
// streaming, parsing, validation against the protocol, pseudonymisation (HMAC-SHA-256 per row), the
// enrolment and already-recorded checks and the one-transaction write, but not a TCP hop. The reference is
// PostgreSQL's own COPY of the same 100,000 observation rows into the same table (same indexes, checks and
// foreign keys), preformatted in memory, through postgres.js on the same server.
// Uses DATABASE_URL, or postgres://postgres:postgres@127.0.0.1:5432 when it answers, and works in a scratch
// database it drops afterwards. Run alone: npx tsx bench/import.ts (writes bench/results/import.json)
import { mkdirSync, writeFileSync } from 'node:fs'
import { cpus, loadavg } from 'node:os'
import path from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import postgres from 'postgres'
import { pseudonymise } from '../src/services/pseudonym'
import { benchConfig, buildApp, createRecruitingTrial, seedOfficer } from './support/enrolment-app'
import { round, summarise } from './support/measure'
import { createScratchDatabase, findServer, openMigrated } from './support/postgres'
import { perSecond, speedRatio, type BenchmarkReport, type Row } from './support/report'
import { runIfMain } from './support/standalone'

const ROWS = 100_000
const REPEATS = 3
const GOAL_RATIO = 0.5
const goal = `at least ${GOAL_RATIO} of PostgreSQL COPY's row rate`
const title = 'Outcome import, 100,000 CSV rows through the API vs COPY'

const ref = (i: number) => `BENCH-${String(i).padStart(7, '0')}`

export async function runImport(): Promise<BenchmarkReport> {
  const found = await findServer()
  if (!found.ok) {
    return { name: 'import', title, goal, rows: [], notes: [found.reason], details: {} }
  }
  const scratch = await createScratchDatabase(found.server.url)
  const open = await openMigrated(scratch.url)
  const raw = postgres(scratch.url, { max: 1, onnotice: () => {} })
  try {
    const app = buildApp(open.db)
    const token = await seedOfficer(open.db)
    const trialId = await createRecruitingTrial(app, token)
    const [trial] = await raw<{ council_id: string; officer: string }[]>`
      select t.council_id, u.id as officer from trials t join users u on u.council_id = t.council_id where t.id = ${trialId}`
    // 100,000 enrolled households, inserted directly: the allocator is not what is measured here.
    const units = Array.from({ length: ROWS }, (_, i) => ({
      h: pseudonymise(benchConfig.pseudonymKey, trial!.council_id, ref(i)),
      a: i % 2 ? 'family_mediation' : 'usual_care',
      s: i + 1,
    }))
    await raw`
      insert into enrolments (trial_id, sequence, household, unit, arm, algorithm, protocol_version, enrolled_by, enrolled_at)
      select ${trialId}::uuid, r.s, r.h, '{}'::jsonb, r.a, 'bench', 1, ${trial!.officer}::uuid, now()
      from json_to_recordset(${JSON.stringify(units)}::text::json) as r(h text, a text, s int)`
    await raw`analyze enrolments`
    const enrolmentIds = (
      await raw<
        { id: string }[]
      >`select id from enrolments where trial_id = ${trialId} order by sequence`
    ).map((r) => r.id)

    const csv =
      [
        'household_ref,homeless_6m',
        ...Array.from({ length: ROWS }, (_, i) => `${ref(i)},${(i * 7) % 3 === 0 ? 1 : 0}`),
      ].join('\n') + '\n'
    const now = new Date().toISOString()
    const copyText = enrolmentIds
      .map(
        (id, i) =>
          `${trialId}\t${id}\toutcome\thomeless_6m\t${(i * 7) % 3 === 0 ? 1 : 0}\t\\N\t\\N\t1\timport:outcome\t${trial!.officer}\t${now}\n`
      )
      .join('')
    const reset = () => raw`truncate observation_history, observations, data_imports`

    const api: number[] = []
    const copy: number[] = []
    // One untimed round of each first (JIT, plan caches), then alternate so drift hits both alike.
    for (let r = -1; r < REPEATS; r++) {
      await reset()
      let t0 = process.hrtime.bigint()
      const res = await app.request(`/trials/${trialId}/imports?kind=outcome`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' },
        body: csv,
      })
      const apiSeconds = Number(process.hrtime.bigint() - t0) / 1e9
      const body = (await res.json()) as { created?: number }
      if (res.status !== 201 || body.created !== ROWS)
        throw new Error(`import answered ${res.status}: ${JSON.stringify(body).slice(0, 300)}`)
      await reset()
      t0 = process.hrtime.bigint()
      const writable =
        await raw`copy observations (trial_id, enrolment_id, kind, variable, value_number, value_text, missing_reason, version, source, recorded_by, recorded_at) from stdin`.writable()
      await pipeline(Readable.from([copyText]), writable)
      const copySeconds = Number(process.hrtime.bigint() - t0) / 1e9
      const [{ n }] = await raw<{ n: number }[]>`select count(*)::int as n from observations`
      if (n !== ROWS) throw new Error(`COPY wrote ${n} rows`)
      if (r >= 0) {
        api.push(apiSeconds)
        copy.push(copySeconds)
      }
    }
    const apiTiming = summarise(api, 1)
    const copyTiming = summarise(copy, 1)
    const apiRate = perSecond(round(ROWS / apiTiming.median))
    const copyRate = perSecond(round(ROWS / copyTiming.median))
    const ratio = round(speedRatio(apiRate, copyRate), 3)
    const rows: Row[] = [
      {
        measure: 'outcome rows imported per second (100,000-row CSV)',
        trialworks: apiRate,
        reference: { tool: 'PostgreSQL COPY', value: copyRate },
        ratio,
        goal,
        goalMet: ratio >= GOAL_RATIO,
      },
    ]
    const details = {
      rows: ROWS,
      repeats: REPEATS,
      csv_bytes: Buffer.byteLength(csv),
      api_seconds: { median: round(apiTiming.median), runs: api.map((s) => round(s)) },
      copy_seconds: { median: round(copyTiming.median), runs: copy.map((s) => round(s)) },
      api_rows_per_second: apiRate.value,
      copy_rows_per_second: copyRate.value,
      ratio_api_to_copy: ratio,
      goal_ratio: GOAL_RATIO,
      goal_met: ratio >= GOAL_RATIO,
      transport: 'in-process app.request, postgres.js to PostgreSQL on the same machine',
      postgres: found.server.version,
      settings: found.server.settings,
      node: process.version,
      cpus: cpus().length,
      // Other work on the machine slows both sides; the ratio is the figure to compare.
      load_average_1m_at_end: round(loadavg()[0]!, 3),
    }
    const notes = [
      'API figure: request to response, including validation, pseudonymisation and the all-or-nothing write; COPY: the same rows preformatted',
    ]
    const results = path.join(import.meta.dirname, 'results')
    mkdirSync(results, { recursive: true })
    writeFileSync(
      path.join(results, 'import.json'),
      JSON.stringify({ benchmark: 'import', title, goal, ...details }, null, 2) + '\n'
    )
    return { name: 'import', title, goal, rows, notes, details }
  } finally {
    await raw.end({ timeout: 1 })
    await open.close()
    await scratch.drop()
  }
}

runIfMain(import.meta.url, runImport)
