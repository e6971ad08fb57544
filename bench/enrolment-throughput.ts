// Sequential enrolment through the API on PostgreSQL: POST /trials/{id}/enrolments one household at a time,
// beside pgbench's single-row insert rate on the same server. Three ways in: in-process (app.request against
// postgres.js); HTTP to the API in its own Node process on 127.0.0.1; and HTTP alternating between two API
// processes. The API keeps each trial's allocator between enrolments, but only while no other process has
// enrolled into the trial; otherwise it reads and replays every prior unit. Alternating processes therefore
// takes the replay path on every request, as several API instances behind a load balancer would, and its cost
// grows with the trial: every rate is measured on trials already holding 0, 1,000, 5,000 and 10,000 households.
// Uses DATABASE_URL, or postgres://postgres:postgres@127.0.0.1:5432 when it answers, and works in a scratch
// database it drops afterwards. Run alone: npx tsx bench/enrolment-throughput.ts
import type { ChildProcess } from 'node:child_process'
import { asc, eq } from 'drizzle-orm'
import type { App } from '../src/app'
import type { Database } from '../src/db/client'
import { enrolments, trials } from '../src/db/schema'
import type { Protocol } from '../trials/protocol/schema'
import { replayAllocator, type RandomisationUnit } from '../trials/randomisation'
import { median, round, roundTiming, timeAsync, timeSync, type Timing } from './support/measure'
import {
  buildApp,
  createRecruitingTrial,
  household,
  post,
  seedOfficer,
} from './support/enrolment-app'
import { startApiProcess, stopApiProcess } from './support/api-process'
import { closeConnections, request } from './support/http-client'
import { pgbenchInsertRate, type PgbenchResult } from './support/pgbench'
import { createScratchDatabase, findServer, openMigrated } from './support/postgres'
import { perSecond, type BenchmarkReport, type Row } from './support/report'
import { runIfMain } from './support/standalone'

/** Prior enrolments in the trial, and how many sequential requests are timed on top of them. */
const POINTS = [
  { prior: 0, requests: 300 },
  { prior: 1_000, requests: 300 },
  { prior: 5_000, requests: 150 },
  { prior: 10_000, requests: 60 },
]
const WARMUP_REQUESTS = 100
const PGBENCH_SECONDS = 10

interface Throughput {
  prior: number
  requests: number
  seconds: number
  per_second: number
  latency_ms: { p50: number; p95: number; max: number }
}

type Send = (trialId: string, body: ReturnType<typeof household>) => Promise<number>

/** Sends `requests` enrolments one after another, each only after the previous one's answer. */
async function sequential(
  send: Send,
  trialId: string,
  first: number,
  requests: number,
  prior: number
): Promise<Throughput> {
  const latencies: number[] = []
  const start = process.hrtime.bigint()
  for (let i = 0; i < requests; i++) {
    const t0 = process.hrtime.bigint()
    const status = await send(trialId, household(first + i))
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6)
    if (status !== 201) throw new Error(`enrolment ${first + i} answered ${status}`)
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9
  latencies.sort((a, b) => a - b)
  return {
    prior,
    requests,
    seconds: round(seconds),
    per_second: round(requests / seconds, 3),
    latency_ms: {
      p50: round(median(latencies), 3),
      p95: round(latencies[Math.floor(0.95 * (latencies.length - 1))], 3),
      max: round(latencies.at(-1)!, 3),
    },
  }
}

/** A recruiting trial already holding `prior` households, enrolled as one batch (the same allocations as one by one). */
async function trialWith(app: App, token: string, prior: number): Promise<string> {
  const trialId = await createRecruitingTrial(app, token)
  if (prior > 0) {
    const batch = await post(app, token, `/trials/${trialId}/enrolments/batch`, {
      households: Array.from({ length: prior }, (_, i) => household(i)),
    })
    if (batch.status !== 201)
      throw new Error(`batch of ${prior}: ${JSON.stringify(batch.body).slice(0, 300)}`)
  }
  return trialId
}

/**
 * The replay path, taken apart on a trial of `size` households: the read of every prior enrolment (the
 * columns the replay uses: household, unit, algorithm; and, for scale, whole rows) and the pure allocator's
 * replay of them, each timed alone.
 */
async function replayCost(db: Database, trialId: string, size: number) {
  const [trial] = await db.select().from(trials).where(eq(trials.id, trialId))
  const byTrial = eq(enrolments.trialId, trialId)
  let rows: { household: string; unit: unknown; algorithm: string }[] = []
  const read = await timeAsync(
    async () =>
      (rows = await db
        .select({
          household: enrolments.household,
          unit: enrolments.unit,
          algorithm: enrolments.algorithm,
        })
        .from(enrolments)
        .where(byTrial)
        .orderBy(asc(enrolments.sequence))),
    { warmups: 1, repeats: 5 }
  )
  if (rows.length !== size) throw new Error(`expected ${size} enrolments, read ${rows.length}`)
  const readWhole = await timeAsync(
    () => db.select().from(enrolments).where(byTrial).orderBy(asc(enrolments.sequence)),
    { warmups: 1, repeats: 5 }
  )
  const units = rows.map(
    (e) => ({ ...(e.unit as Record<string, unknown>), id: e.household }) as RandomisationUnit
  )
  const protocol = trial!.protocol as Protocol
  const replay = timeSync(
    () =>
      replayAllocator(protocol.randomisation, trial!.seed!, units, {
        algorithm: rows[0]?.algorithm,
      }),
    { warmups: 1, repeats: 5 }
  )
  const ms = (t: Timing) =>
    roundTiming({
      ...t,
      median: t.median * 1000,
      min: t.min * 1000,
      max: t.max * 1000,
      runs: t.runs.map((r) => r * 1000),
    })
  return {
    households: size,
    read_replay_columns_ms: ms(read),
    read_whole_rows_ms: ms(readWhole),
    replay_ms: ms(replay),
  }
}

async function curve(
  app: App,
  token: string,
  send: Send,
  onTrial?: (trialId: string, size: number) => Promise<void>
): Promise<Throughput[]> {
  const warm = await trialWith(app, token, 0)
  await sequential(send, warm, 0, WARMUP_REQUESTS, 0)
  const points: Throughput[] = []
  for (const { prior, requests } of POINTS) {
    const trialId = await trialWith(app, token, prior)
    points.push(await sequential(send, trialId, prior, requests, prior))
    await onTrial?.(trialId, prior + requests)
  }
  return points
}

export async function runEnrolmentThroughput(): Promise<BenchmarkReport> {
  const title = 'Sequential enrolment through the API on PostgreSQL'
  const goal = 'report beside pgbench single-row inserts'
  const found = await findServer()
  if (!found.ok) {
    return {
      name: 'enrolment-throughput',
      title,
      goal,
      rows: [],
      notes: [`skipped: ${found.reason}`],
      details: { skipped: found.reason },
    }
  }
  const scratch = await createScratchDatabase(found.server.url)
  const open = await openMigrated(scratch.url)
  const servers: ChildProcess[] = []
  const bases: string[] = []
  try {
    const app = buildApp(open.db)
    const token = await seedOfficer(open.db)
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' }
    const breakdown: Awaited<ReturnType<typeof replayCost>>[] = []
    const inProcess = await curve(
      app,
      token,
      async (trialId, body) => {
        const res = await app.request(`/trials/${trialId}/enrolments`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        })
        await res.arrayBuffer()
        return res.status
      },
      async (trialId, size) => void breakdown.push(await replayCost(open.db, trialId, size))
    )
    for (let i = 0; i < 2; i++) {
      const started = await startApiProcess(scratch.url)
      servers.push(started.child)
      bases.push(started.base)
    }
    let turn = 0
    const over =
      (choose: () => string): Send =>
      async (trialId, body) => {
        const res = await request(`${choose()}/trials/${trialId}/enrolments`, {
          method: 'POST',
          headers,
          body: JSON.stringify(body),
        })
        return res.status
      }
    const overHttp = await curve(
      app,
      token,
      over(() => bases[0])
    )
    const alternating = await curve(
      app,
      token,
      over(() => bases[turn++ % 2])
    )
    await Promise.all(servers.splice(0).map(stopApiProcess))
    const pgbench: PgbenchResult = await pgbenchInsertRate(scratch.url, PGBENCH_SECONDS)

    const rows: Row[] = []
    const notes: string[] = []
    const reference = pgbench.ok
      ? { tool: 'pgbench 1-row INSERT, 1 client', value: perSecond(round(pgbench.tps)) }
      : { tool: 'pgbench', skipped: pgbench.reason }
    if (!pgbench.ok) notes.push(`pgbench skipped: ${pgbench.reason}`)
    const transports = [
      ['in-process', inProcess],
      ['HTTP, 1 process', overHttp],
      ['HTTP, 2 processes (replay)', alternating],
    ] as const
    for (const [transport, points] of transports) {
      for (const point of points) {
        rows.push({
          measure: `enrol 1 by 1, ${transport}, ${point.prior} prior`,
          trialworks: perSecond(point.per_second),
          reference,
          ...(pgbench.ok ? { ratio: round(point.per_second / pgbench.tps, 3) } : {}),
          ...(rows.length === 0 ? { goal } : {}),
        })
      }
    }
    const largest = breakdown.at(-1)
    if (largest) {
      notes.push(
        `replay path at ${largest.households} households: reading household, unit and algorithm of every prior enrolment takes ${largest.read_replay_columns_ms.median} ms (whole rows ${largest.read_whole_rows_ms.median} ms) and the allocator's replay ${largest.replay_ms.median} ms (medians; details.replay_breakdown)`
      )
    }
    notes.push(
      'ratio = enrolments/s divided by pgbench inserts/s: the share of the raw single-row insert rate the API keeps. Each enrolment authenticates, locks the trial row, allocates (replaying every prior unit when its allocator is not kept), inserts the enrolment, its baseline observations and an audit event, and commits.',
      '"2 processes (replay)" alternates requests between two API processes, so neither ever holds the current allocator: the cost of several instances behind a load balancer, or of the first enrolment after a restart.'
    )
    return {
      name: 'enrolment-throughput',
      title,
      goal,
      rows,
      notes,
      details: {
        postgres: { version: found.server.version, settings: found.server.settings },
        protocol:
          'family mediation example: stratified permuted blocks of 4 or 6, 5 areas x 3 household types',
        warmup_requests: WARMUP_REQUESTS,
        in_process: inProcess,
        http_one_process: overHttp,
        http_two_processes_alternating: alternating,
        replay_breakdown: breakdown,
        pgbench,
      },
    }
  } finally {
    closeConnections()
    await Promise.all(servers.map(stopApiProcess))
    await open.close()
    await scratch.drop()
  }
}

runIfMain(import.meta.url, runEnrolmentThroughput)
