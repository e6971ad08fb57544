// Enrolment under load through HTTP on PostgreSQL, beside pgbench's TPC-B-like script on the same server in the
// same run. Every scenario sends POST /trials/{id}/enrolments from N concurrent clients (1, 16, 50), each client
// sending its next request as soon as the previous one is answered, for a fixed time: into one trial (every
// request queues on the same trial row lock) and into 20 trials at once, through one API process and through two
// (requests alternate between them, as behind a load balancer). pgbench runs `-c N -j 2 -T s` at the same client
// counts in a scratch database initialised with `pgbench -i`. A sequential pair measures the scale-out goal: one
// client, two processes, a trial already holding 10,000 households, against one process and an empty trial.
//
// Run alone: npx tsx bench/enrolment-load.ts [--quick] [--seconds=N] [--pgbench-seconds=N] [--prior=N]
//   --quick: 3 s per scenario, pgbench -T 5, 2,000 prior households (about a minute and a half).
// BENCH_PORTS=8807,8817 picks the two API processes' ports (default: ephemeral ports).
// The full run writes bench/results/enrolment-load.json and the table in bench/README.md; --quick writes
// bench/results/enrolment-load-quick.json only.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { ChildProcess } from 'node:child_process'
import postgres from 'postgres'
import type { App } from '../src/app'
import { startApiProcess, stopApiProcess } from './support/api-process'
import { closeConnections, request } from './support/http-client'
import {
  buildApp,
  createRecruitingTrial,
  household,
  post,
  seedOfficer,
} from './support/enrolment-app'
import { pgbenchTpcb, quantile, type TpcbResult } from './support/pgbench'
import { createScratchDatabase, findServer, openMigrated } from './support/postgres'
import { round } from './support/measure'
import { perSecond, type BenchmarkReport, type Row } from './support/report'
import { runIfMain } from './support/standalone'
import { walMeter, walPer, walTotal, type WalWritten } from './support/wal'

const CLIENTS = [1, 16, 50] as const
const MANY_TRIALS = 20
const WARM_UP_PER_PROCESS = 3_000

interface Settings {
  quick: boolean
  seconds: number
  pgbenchSeconds: number
  prior: number
  ports: number[]
  /** Only the two sequential scenarios and pgbench at one client, printed and not written anywhere. */
  sequentialOnly: boolean
}

function settingsFrom(argv: readonly string[]): Settings {
  const flag = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const quick = argv.includes('--quick')
  const sequentialOnly = argv.includes('--sequential')
  const ports = (process.env.BENCH_PORTS ?? '0,0').split(',').map(Number)
  return {
    quick,
    sequentialOnly,
    seconds: Number(flag('seconds') ?? (quick ? 3 : 10)),
    pgbenchSeconds: Number(flag('pgbench-seconds') ?? (quick ? 5 : 20)),
    prior: Number(flag('prior') ?? (quick ? 2_000 : 10_000)),
    ports: [ports[0] ?? 0, ports[1] ?? 0],
  }
}

interface LoadResult {
  processes: number
  clients: number
  trials: number
  prior: number
  seconds: number
  enrolled: number
  failed: number
  first_failure?: string
  per_second: number
  latency_ms: { p50: number; p99: number; max: number }
  /** CPU time of the API process(es) per enrolment: independent of other work on the machine. */
  api_cpu_ms_per_enrolment: number
  /**
   * WAL written per enrolment in the scenario's database (sequential scenarios, when pg_walinspect is available):
   * a count, so it does not move with the machine's load. Each sequential scenario starts after a CHECKPOINT, so
   * it includes the full-page images that the first change to each page after a checkpoint writes.
   */
  wal_per_enrolment?: ReturnType<typeof walPer>
}

/** CPU microseconds used so far by each API process. */
async function cpuOf(bases: readonly string[]): Promise<number> {
  let total = 0
  for (const base of bases) {
    const usage = JSON.parse((await request(`${base}/__bench/cpu`)).text) as {
      user: number
      system: number
    }
    total += usage.user + usage.system
  }
  return total
}

/** Household references never repeat within a run, so every request is a fresh enrolment. */
let nextHousehold = 1_000_000

/** What one run of {@link collect} saw: the raw figures, so several runs can be pooled into one result. */
interface Slice {
  latencies: number[]
  failed: number
  firstFailure?: string
  wallSeconds: number
  cpuMicros: number
}

/**
 * `clients` concurrent loops for `seconds`: client c's r-th request goes to trial (c + r*clients) mod trials and
 * to process (c + r) mod processes, so one client alternates processes and every trial gets an even share.
 */
async function collect(
  bases: readonly string[],
  token: string,
  trialIds: readonly string[],
  clients: number,
  seconds: number
): Promise<Slice> {
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
  const slice: Slice = { latencies: [], failed: 0, wallSeconds: 0, cpuMicros: 0 }
  const cpuBefore = await cpuOf(bases)
  const start = performance.now()
  const deadline = start + seconds * 1000
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      for (let r = 0; performance.now() < deadline; r++) {
        const trialId = trialIds[(c + r * clients) % trialIds.length]!
        const base = bases[(c + r) % bases.length]!
        const body = JSON.stringify(household(nextHousehold++))
        const t0 = performance.now()
        const res = await request(`${base}/trials/${trialId}/enrolments`, {
          method: 'POST',
          headers,
          body,
        })
        const elapsed = performance.now() - t0
        if (res.status === 201) slice.latencies.push(elapsed)
        else {
          slice.failed += 1
          slice.firstFailure ??= `${res.status} ${res.text.slice(0, 200)}`
        }
      }
    })
  )
  slice.wallSeconds = (performance.now() - start) / 1000
  slice.cpuMicros = (await cpuOf(bases)) - cpuBefore
  return slice
}

/** One result from one or more slices of the same scenario: their enrolments and seconds added up. */
function summarise(
  slices: readonly Slice[],
  scenario: { processes: number; clients: number; trials: number; prior: number }
): LoadResult {
  const latencies = slices.flatMap((s) => s.latencies).sort((a, b) => a - b)
  const wall = slices.reduce((sum, s) => sum + s.wallSeconds, 0)
  const cpu = slices.reduce((sum, s) => sum + s.cpuMicros, 0)
  const failed = slices.reduce((sum, s) => sum + s.failed, 0)
  const firstFailure = slices.find((s) => s.firstFailure)?.firstFailure
  return {
    ...scenario,
    seconds: round(wall, 3),
    enrolled: latencies.length,
    failed,
    ...(firstFailure ? { first_failure: firstFailure } : {}),
    per_second: round(latencies.length / wall, 4),
    latency_ms: {
      p50: round(quantile(latencies, 0.5), 3),
      p99: round(quantile(latencies, 0.99), 3),
      max: round(latencies.at(-1) ?? Number.NaN, 3),
    },
    api_cpu_ms_per_enrolment: round(cpu / 1000 / Math.max(1, latencies.length), 3),
  }
}

/** {@link collect} once, summarised. */
async function drive(
  bases: readonly string[],
  token: string,
  trialIds: readonly string[],
  clients: number,
  seconds: number,
  prior: number
): Promise<LoadResult> {
  const slice = await collect(bases, token, trialIds, clients, seconds)
  return summarise([slice], { processes: bases.length, clients, trials: trialIds.length, prior })
}

async function freshTrials(app: App, token: string, count: number): Promise<string[]> {
  const ids: string[] = []
  for (let i = 0; i < count; i++) ids.push(await createRecruitingTrial(app, token))
  return ids
}

/** A recruiting trial already holding `prior` households, enrolled in batches of 2,000. */
async function trialWithPrior(app: App, token: string, prior: number): Promise<string> {
  const [trialId] = await freshTrials(app, token, 1)
  for (let from = 0; from < prior; from += 2_000) {
    const households = Array.from({ length: Math.min(2_000, prior - from) }, () =>
      household(nextHousehold++)
    )
    const res = await post(app, token, `/trials/${trialId}/enrolments/batch`, { households })
    if (res.status !== 201)
      throw new Error(`batch of ${households.length}: ${JSON.stringify(res.body).slice(0, 300)}`)
  }
  return trialId!
}

/**
 * Lets the database settle before a sequential scenario: `VACUUM (ANALYZE)` and `CHECKPOINT`, so that the
 * maintenance owed for rows just written (by the scenarios before, or by filling a trial with 10,000 households
 * in a few seconds, which a real trial does over months) runs now rather than on the same two cores during
 * the timed seconds. Both sequential scenarios get it, so they are compared alike.
 */
async function settle(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    await sql`vacuum (analyze)`
    await sql`checkpoint`
  } finally {
    await sql.end({ timeout: 1 })
  }
}

/** Gaps or repeats in any trial's sequence numbers, and households enrolled twice into one trial. */
async function integrity(databaseUrl: string) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  try {
    const rows = await sql<{ trials: number; enrolments: number; broken: number }[]>`
      select count(*)::int as trials, coalesce(sum(n), 0)::int as enrolments,
             count(*) filter (where n <> top or n <> distinct_sequences or n <> distinct_households)::int as broken
      from (select trial_id, count(*) as n, max(sequence) as top, count(distinct sequence) as distinct_sequences,
                   count(distinct household) as distinct_households
            from enrolments group by trial_id) per_trial`
    return rows[0]!
  } finally {
    await sql.end({ timeout: 1 })
  }
}

const ms = (value: number) => (Number.isFinite(value) ? `${round(value, 3)}` : '-')

const walCell = (l: LoadResult) =>
  l.wal_per_enrolment ? `${l.wal_per_enrolment.kib} (${l.wal_per_enrolment.full_page_images})` : '-'

/** ", WAL ... per enrolment" when the scenario's WAL was counted. */
const walNote = (l: LoadResult) =>
  l.wal_per_enrolment
    ? `, WAL ${l.wal_per_enrolment.kib} KiB in ${l.wal_per_enrolment.records} records per enrolment (${l.wal_per_enrolment.full_page_images} full-page images, ${l.wal_per_enrolment.full_page_kib} KiB)`
    : ''

function markdownTable(
  loads: readonly LoadResult[],
  pgbench: readonly TpcbResult[],
  sequential: Sequential,
  prior: number,
  goals: readonly { goal: string; figure: string; met: boolean }[],
  header: string
): string {
  const byClients = new Map(pgbench.map((p) => [p.clients, p]))
  const lines = [
    header,
    '',
    '| processes | clients | trials | enrolments/s | p50 ms | p99 ms | API CPU ms / enrolment | pgbench TPC-B tps (same clients) | pgbench p50 / p99 ms |',
    '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const l of loads) {
    const p = byClients.get(l.clients)
    const pg = p?.ok ? `${round(p.tps, 4)}` : 'skipped'
    const pgLatency = p?.ok ? `${ms(p.latency_ms.p50)} / ${ms(p.latency_ms.p99)}` : '-'
    lines.push(
      `| ${l.processes} | ${l.clients} | ${l.trials} | ${round(l.per_second, 4)}${l.failed ? ` (${l.failed} failed)` : ''} | ${ms(l.latency_ms.p50)} | ${ms(l.latency_ms.p99)} | ${ms(l.api_cpu_ms_per_enrolment)} | ${pg} | ${pgLatency} |`
    )
  }
  const sequentialRow = (label: string, l: LoadResult) =>
    `| ${label} | ${round(l.per_second, 4)} | ${ms(l.latency_ms.p50)} | ${ms(l.latency_ms.p99)} | ${ms(l.api_cpu_ms_per_enrolment)} | ${walCell(l)} |`
  const pg1 = sequential.pgbench
  lines.push(
    '',
    `| sequential, one client (${SEQUENTIAL_ROUNDS} interleaved rounds) | enrolments/s | p50 ms | p99 ms | API CPU ms / enrolment | WAL KiB / enrolment (full-page images) |`,
    '|---|---:|---:|---:|---:|---:|',
    sequentialRow('1 process, 0 prior', sequential.base),
    sequentialRow(
      `2 processes (alternating), ${prior.toLocaleString('en-GB')} prior`,
      sequential.scaled
    ),
    sequentialRow('2 processes (alternating), 0 prior', sequential.alternating),
    pg1
      ? `| pgbench TPC-B, 1 client (tps; median p50 and p99 of its slices) | ${pg1.tps} | ${ms(pg1.p50_ms)} | ${ms(pg1.p99_ms)} | - | - |`
      : '| pgbench TPC-B, 1 client | skipped | - | - | - | - |',
    '',
    '| goal | measured | met |',
    '|---|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.figure} | ${g.met ? 'yes' : 'NO'} |`)
  )
  return lines.join('\n')
}

function updateReadme(table: string): void {
  const file = path.join(import.meta.dirname, 'README.md')
  if (!existsSync(file)) return
  const text = readFileSync(file, 'utf8')
  const startMark = '<!-- enrolment-load:start -->'
  const endMark = '<!-- enrolment-load:end -->'
  const a = text.indexOf(startMark)
  const b = text.indexOf(endMark)
  if (a < 0 || b < a) return
  writeFileSync(file, `${text.slice(0, a + startMark.length)}\n\n${table}\n\n${text.slice(b)}`)
}

export async function runEnrolmentLoad(
  argv: readonly string[] = process.argv.slice(2)
): Promise<BenchmarkReport> {
  const settings = settingsFrom(argv)
  const title = 'Enrolment under load through HTTP, beside pgbench TPC-B'
  const goal =
    '2 processes at 10k prior >= 90% of 1 process at 0; 1 client >= 1/3 pgbench; 50 clients p99 < 100 ms; 20 trials >= 5x'
  const found = await findServer()
  if (!found.ok) {
    return {
      name: 'enrolment-load',
      title,
      goal,
      rows: [],
      notes: [`skipped: ${found.reason}`],
      details: { skipped: found.reason },
    }
  }
  const loadBefore = os.loadavg().map((l) => round(l, 3))
  const scratch = await createScratchDatabase(found.server.url)
  const pgbenchDatabase = await createScratchDatabase(found.server.url)
  const open = await openMigrated(scratch.url)
  const servers: ChildProcess[] = []
  try {
    const app = buildApp(open.db)
    const token = await seedOfficer(open.db)
    const processes = []
    for (const port of settings.ports) {
      const started = await startApiProcess(scratch.url, port)
      servers.push(started.child)
      processes.push(started.base)
    }
    // Warm-up: every process serves requests before any timed scenario, so JIT compilation is out of the figures.
    // Measured on one process, its CPU per enrolment falls from 3.6 ms over the first 500 requests to 1.2-1.3 ms
    // and stays there from about the 2,500th, so each process serves WARM_UP_PER_PROCESS before any timing.
    const warmUpTrials = await freshTrials(app, token, 4)
    const warmUp = settings.quick ? 500 : WARM_UP_PER_PROCESS
    for (let served = 0; served < warmUp * processes.length;) {
      const warm = await drive(processes, token, warmUpTrials, 4, 2, 0)
      if (warm.enrolled === 0)
        throw new Error(`the warm-up enrolled nobody: ${warm.first_failure ?? 'no answer'}`)
      served += warm.enrolled
    }

    const loads: LoadResult[] = []
    if (settings.sequentialOnly)
      return await sequentialOnly(app, token, processes, settings, scratch.url, pgbenchDatabase.url)
    for (const processCount of [1, 2]) {
      const bases = processes.slice(0, processCount)
      for (const clients of CLIENTS) {
        for (const trialCount of [1, MANY_TRIALS]) {
          const trialIds = await freshTrials(app, token, trialCount)
          const result = await drive(bases, token, trialIds, clients, settings.seconds, 0)
          process.stderr.write(
            `${processCount} process(es), ${clients} client(s), ${trialCount} trial(s): ${result.per_second}/s p50 ${result.latency_ms.p50} ms p99 ${result.latency_ms.p99} ms${result.failed ? `, ${result.failed} failed` : ''}\n`
          )
          loads.push(result)
        }
      }
    }
    const sequential = await sequentialScenarios(
      app,
      token,
      processes,
      settings,
      scratch.url,
      pgbenchDatabase.url
    )
    const { base, scaled } = sequential
    process.stderr.write(
      `sequential: 1 process 0 prior ${base.per_second}/s; 2 processes ${settings.prior} prior ${scaled.per_second}/s; 2 processes 0 prior ${sequential.alternating.per_second}/s; pgbench 1 client ${sequential.pgbench?.tps ?? '-'} tps\n`
    )
    await Promise.all(servers.splice(0).map(stopApiProcess))
    const checked = await integrity(scratch.url)

    const pgbench = pgbenchTpcb(pgbenchDatabase.url, CLIENTS, settings.pgbenchSeconds)
    const loadAfter = os.loadavg().map((l) => round(l, 3))
    const pg = new Map(pgbench.map((p) => [p.clients, p]))
    const find = (processes: number, clients: number, trials: number) =>
      loads.find((l) => l.processes === processes && l.clients === clients && l.trials === trials)!

    const goals: { goal: string; figure: string; met: boolean }[] = []
    const scaleOut = scaled.per_second / base.per_second
    goals.push({
      goal: `2 processes at ${settings.prior.toLocaleString('en-GB')} prior >= 90 % of 1 process at 0 prior`,
      figure: `${round(scaled.per_second, 4)}/s vs ${round(base.per_second, 4)}/s = ${round(100 * scaleOut, 3)} %`,
      met: scaleOut >= 0.9,
    })
    const pg1 = sequential.pgbench
    if (pg1) {
      goals.push({
        goal: '1 sequential client >= 1/3 of pgbench TPC-B at 1 client (same rounds)',
        figure: `${round(base.per_second, 4)}/s vs ${round(pg1.tps, 4)} tps = ${round(base.per_second / pg1.tps, 3)}`,
        met: base.per_second >= pg1.tps / 3,
      })
    }
    for (const processCount of [1, 2]) {
      const fifty = find(processCount, 50, 1)
      goals.push({
        goal: `50 clients into one trial, ${processCount} process(es): p99 < 100 ms`,
        figure: `p99 ${ms(fifty.latency_ms.p99)} ms`,
        met: fifty.latency_ms.p99 < 100,
      })
      const spread = find(processCount, 50, MANY_TRIALS)
      goals.push({
        goal: `50 clients into 20 trials, ${processCount} process(es): >= 5x one trial`,
        figure: `${round(spread.per_second, 4)}/s vs ${round(fifty.per_second, 4)}/s = x${round(spread.per_second / fifty.per_second, 3)}`,
        met: spread.per_second >= 5 * fifty.per_second,
      })
    }

    const header = `${new Date().toISOString().slice(0, 10)}; ${settings.quick ? 'quick mode; ' : ''}${settings.seconds} s per scenario, pgbench -T ${settings.pgbenchSeconds}; Node ${process.version}, ${os.cpus()[0]?.model ?? 'cpu'} (${os.cpus().length} cores); load average ${loadBefore.join(', ')} at start, ${loadAfter.join(', ')} at end (the machine is shared: other work ran on the same cores, so every figure, ours and pgbench's, is lower than on an idle machine). Integrity: ${checked.enrolments} enrolments in ${checked.trials} trials, ${checked.broken} trials with a gap or repeat.`
    const table = markdownTable(loads, pgbench, sequential, settings.prior, goals, header)
    const rows: Row[] = []
    for (const l of loads) {
      const p = pg.get(l.clients)
      rows.push({
        measure: `${l.clients} client(s), ${l.trials} trial(s), ${l.processes} process(es); p50 ${ms(l.latency_ms.p50)} ms, p99 ${ms(l.latency_ms.p99)} ms`,
        trialworks: perSecond(l.per_second),
        reference: p?.ok
          ? { tool: `pgbench TPC-B, ${l.clients} client(s)`, value: perSecond(round(p.tps, 4)) }
          : { tool: 'pgbench', skipped: p && !p.ok ? p.reason : 'not run' },
        ...(p?.ok ? { ratio: round(l.per_second / p.tps, 3) } : {}),
      })
    }
    rows.push(
      {
        measure: 'sequential, 1 process, 0 prior',
        trialworks: perSecond(base.per_second),
      },
      {
        measure: `sequential, 2 processes, ${settings.prior} prior`,
        trialworks: perSecond(scaled.per_second),
        ratio: round(scaleOut, 3),
        goal: goals[0]!.goal,
        goalMet: goals[0]!.met,
      }
    )
    const details = {
      settings,
      postgres: { version: found.server.version, settings: found.server.settings },
      load_average: { start: loadBefore, end: loadAfter },
      protocol:
        'family mediation example: stratified permuted blocks of 4 or 6, 5 areas x 3 household types',
      loads,
      sequential: {
        rounds: SEQUENTIAL_ROUNDS,
        one_process_zero_prior: base,
        two_processes_with_prior: scaled,
        two_processes_zero_prior: sequential.alternating,
        pgbench_one_client: sequential.pgbench,
      },
      pgbench,
      integrity: checked,
      goals,
    }
    const results = path.join(import.meta.dirname, 'results')
    mkdirSync(results, { recursive: true })
    writeFileSync(
      path.join(results, settings.quick ? 'enrolment-load-quick.json' : 'enrolment-load.json'),
      `${JSON.stringify({ benchmark: 'enrolment-load', title, table, ...details }, null, 2)}\n`
    )
    if (!settings.quick) updateReadme(table)
    process.stderr.write(`\n${table}\n\n`)
    return {
      name: 'enrolment-load',
      title,
      goal,
      rows,
      notes: [
        'Each scenario: N clients each send their next enrolment as soon as the previous one is answered; "2 processes" alternates requests between two API processes. pgbench: built-in TPC-B-like script, scale 1, at the same client counts on the same server.',
        ...goals.map((g) => `${g.met ? 'met' : 'NOT met'}: ${g.goal}: ${g.figure}`),
      ],
      details,
    }
  } finally {
    closeConnections()
    await Promise.all(servers.map(stopApiProcess))
    await open.close()
    await scratch.drop()
    await pgbenchDatabase.drop()
  }
}

/** The rounds the sequential scenarios and pgbench at one client are interleaved in. */
const SEQUENTIAL_ROUNDS = 5

/** The sequential scenarios, each pooled over its slices of the interleaved rounds. */
interface Sequential {
  /** One process, an empty trial. */
  base: LoadResult
  /** Two processes taking turns, a trial already holding `settings.prior` households. */
  scaled: LoadResult
  /** Two processes taking turns, an empty trial: the cost of taking turns alone, without the prior households. */
  alternating: LoadResult
  /** pgbench's TPC-B-like script at one client, in the same rounds. */
  pgbench: {
    tps: number
    transactions: number
    p50_ms: number
    p99_ms: number
    slices: TpcbResult[]
  } | null
}

/**
 * One client enrolling sequentially: through one process into an empty trial (`base`), alternating between two
 * processes into a trial already holding `settings.prior` households (`scaled`) and into an empty trial
 * (`alternating`), and pgbench at one client. This machine's speed drifts by 20-40 % over minutes, more than the
 * differences these compare, so they are not run one after the other: they take turns in slices of
 * `settings.seconds / SEQUENTIAL_ROUNDS` over SEQUENTIAL_ROUNDS rounds, each round starting with a different one,
 * and each figure pools its slices. A drift then reaches all four alike, and the ratios the goals take (scaled
 * over base, base over pgbench) compare like with like.
 */
async function sequentialScenarios(
  app: ReturnType<typeof buildApp>,
  token: string,
  processes: string[],
  settings: Settings,
  databaseUrl: string,
  pgbenchUrl: string
): Promise<Sequential> {
  const meter = await walMeter(databaseUrl)
  try {
    const [fresh, freshPair] = await freshTrials(app, token, 2)
    const scaledTrial = await trialWithPrior(app, token, settings.prior)
    // pgbench's tables, and a first untimed second of it.
    const pgbenchReady = pgbenchTpcb(pgbenchUrl, [1], 1)[0]?.ok === true
    await settle(databaseUrl)
    // Each scenario's processes, trial and prior households, and what its slices saw.
    const scenario = (bases: string[], trial: string, prior: number) => ({
      bases,
      trial,
      prior,
      slices: [] as Slice[],
      wal: [] as WalWritten[],
    })
    const scenarios = [
      scenario(processes.slice(0, 1), fresh, 0),
      scenario(processes, scaledTrial, settings.prior),
      scenario(processes, freshPair, 0),
    ]
    const pgbenchSlices: TpcbResult[] = []
    const seconds = Math.max(1, Math.round(settings.seconds / SEQUENTIAL_ROUNDS))
    for (let round = 0; round < SEQUENTIAL_ROUNDS; round++) {
      for (let k = 0; k <= scenarios.length; k++) {
        const which = (round + k) % (scenarios.length + 1)
        const current = scenarios[which]
        if (!current) {
          if (pgbenchReady) pgbenchSlices.push(...pgbenchTpcb(pgbenchUrl, [1], seconds, false))
          continue
        }
        const from = await meter?.mark()
        current.slices.push(await collect(current.bases, token, [current.trial], 1, seconds))
        if (meter && from !== undefined) current.wal.push(await meter.since(from))
      }
    }
    const [base, scaled, alternating] = scenarios.map((s) => {
      const result = summarise(s.slices, {
        processes: s.bases.length,
        clients: 1,
        trials: 1,
        prior: s.prior,
      })
      return s.wal.length
        ? { ...result, wal_per_enrolment: walPer(walTotal(s.wal), result.enrolled) }
        : result
    }) as [LoadResult, LoadResult, LoadResult]
    const ran = pgbenchSlices.flatMap((p) => (p.ok ? [p] : []))
    const middle = (values: number[]) =>
      quantile(
        [...values].sort((a, b) => a - b),
        0.5
      )
    const pgbench = ran.length
      ? {
          tps: round(ran.reduce((sum, p) => sum + p.tps, 0) / ran.length, 4),
          transactions: ran.reduce((sum, p) => sum + p.transactions, 0),
          p50_ms: middle(ran.map((p) => p.latency_ms.p50)),
          p99_ms: middle(ran.map((p) => p.latency_ms.p99)),
          slices: pgbenchSlices,
        }
      : null
    return { base, scaled, alternating, pgbench }
  } finally {
    await meter?.close()
  }
}

/**
 * `--sequential`: the interleaved sequential scenarios and pgbench at one client (see
 * {@link sequentialScenarios}), printed, for quick comparisons while working on the enrolment path.
 */
async function sequentialOnly(
  app: ReturnType<typeof buildApp>,
  token: string,
  processes: string[],
  settings: Settings,
  databaseUrl: string,
  pgbenchUrl: string
): Promise<BenchmarkReport> {
  const { base, scaled, alternating, pgbench } = await sequentialScenarios(
    app,
    token,
    processes,
    settings,
    databaseUrl,
    pgbenchUrl
  )
  const line = (l: LoadResult) =>
    `${l.per_second}/s, p50 ${l.latency_ms.p50} ms, API CPU ${l.api_cpu_ms_per_enrolment} ms per enrolment${walNote(l)}`
  const share = (l: LoadResult) => `${round((100 * l.per_second) / base.per_second, 3)} %`
  const notes = [
    `1 process, 0 prior: ${line(base)}`,
    `2 processes, ${settings.prior} prior: ${line(scaled)} (${share(scaled)})`,
    `2 processes, 0 prior: ${line(alternating)} (${share(alternating)})`,
    pgbench
      ? `pgbench TPC-B, 1 client: ${pgbench.tps} tps (1 process is x${round(base.per_second / pgbench.tps, 3)})`
      : 'pgbench: not run',
  ]
  process.stderr.write(`${notes.join('\n')}\n`)
  return {
    name: 'enrolment-load',
    title: 'sequential only',
    goal: '',
    rows: [],
    notes,
    details: {},
  }
}

runIfMain(import.meta.url, () => runEnrolmentLoad())
