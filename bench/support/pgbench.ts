import { spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import postgres from 'postgres'
import { scratchDirectory } from './scratch'

export type PgbenchResult =
  | { ok: true; tps: number; transactions: number; latencyMs: number | null; command: string }
  | { ok: false; reason: string }

/** pgbench on the PATH, or in PostgreSQL's own bin directory (Debian does not link it). */
export function findPgbench(): string | null {
  for (const candidate of [
    'pgbench',
    '/usr/lib/postgresql/15/bin/pgbench',
    '/usr/lib/postgresql/16/bin/pgbench',
  ]) {
    if (spawnSync(candidate, ['--version'], { encoding: 'utf8' }).status === 0) return candidate
  }
  return null
}

/**
 * The machine's single-row insert rate: one INSERT per transaction, one client, into a scratch table shaped like a
 * small enrolment row. This is the ceiling for any API that commits each enrolment before answering.
 */
export async function pgbenchInsertRate(
  databaseUrl: string,
  durationSeconds: number
): Promise<PgbenchResult> {
  const binary = findPgbench()
  if (!binary)
    return { ok: false, reason: 'pgbench not found (apt-get install postgresql-contrib)' }
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} })
  await sql.unsafe(
    `create table bench_insert (id bigserial primary key, household text not null, arm text not null, created_at timestamptz not null default now())`
  )
  await sql.end()
  const scratch = scratchDirectory('pgbench')
  try {
    const script = path.join(scratch.dir, 'insert.sql')
    writeFileSync(
      script,
      "INSERT INTO bench_insert (household, arm) VALUES (md5(random()::text), 'usual_care');\n"
    )
    const url = new URL(databaseUrl)
    const args = [
      '-n',
      '-f',
      script,
      '-c',
      '1',
      '-T',
      String(durationSeconds),
      '-h',
      url.hostname,
      '-p',
      url.port || '5432',
      '-U',
      decodeURIComponent(url.username),
      url.pathname.slice(1),
    ]
    const run = spawnSync(binary, args, {
      encoding: 'utf8',
      env: { ...process.env, PGPASSWORD: decodeURIComponent(url.password) },
      timeout: (durationSeconds + 30) * 1000,
    })
    if (run.status !== 0)
      return {
        ok: false,
        reason: `pgbench exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-2).join(' ')}`,
      }
    const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)
    const transactions = /number of transactions actually processed: (\d+)/.exec(run.stdout)
    const latency = /latency average = ([\d.]+) ms/.exec(run.stdout)
    if (!tps)
      return {
        ok: false,
        reason: `could not read tps from pgbench output: ${run.stdout.slice(-300)}`,
      }
    return {
      ok: true,
      tps: Number(tps[1]),
      transactions: transactions ? Number(transactions[1]) : 0,
      latencyMs: latency ? Number(latency[1]) : null,
      command: `pgbench -n -f insert.sql -c 1 -T ${durationSeconds}`,
    }
  } finally {
    scratch.remove()
  }
}

export type TpcbResult =
  | {
      ok: true
      clients: number
      threads: number
      seconds: number
      tps: number
      transactions: number
      latency_ms: { p50: number; p99: number; mean: number | null }
      command: string
    }
  | { ok: false; clients: number; reason: string }

/** The p-th quantile (0..1) of sorted values, nearest rank. */
export function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!
}

/**
 * pgbench's built-in TPC-B-like script (`pgbench -i` in the given scratch database, then `pgbench -c N -j 2 -T s`
 * for each client count). Each transaction updates an account, a teller and a branch, reads the account and
 * inserts a history row: five statements in one transaction, like one enrolment. Per-transaction latencies come
 * from pgbench's log (`-l`), so p50 and p99 are exact, not estimated from the mean.
 */
export function pgbenchTpcb(
  databaseUrl: string,
  clientCounts: readonly number[],
  seconds: number,
  /** false: the database already holds pgbench's tables (`pgbench -i` ran before), so it is not run again. */
  initialise = true
): TpcbResult[] {
  const binary = findPgbench()
  if (!binary)
    return clientCounts.map((clients) => ({
      ok: false,
      clients,
      reason: 'pgbench not found (apt-get install postgresql-contrib)',
    }))
  const url = new URL(databaseUrl)
  const connection = [
    '-h',
    url.hostname,
    '-p',
    url.port || '5432',
    '-U',
    decodeURIComponent(url.username),
  ]
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(url.password) }
  const database = url.pathname.slice(1)
  if (initialise) {
    const init = spawnSync(binary, ['-i', '-q', ...connection, database], {
      encoding: 'utf8',
      env,
      timeout: 120_000,
    })
    if (init.status !== 0) {
      const reason = `pgbench -i exited ${init.status}: ${init.stderr.trim().split('\n').slice(-2).join(' ')}`
      return clientCounts.map((clients) => ({ ok: false, clients, reason }))
    }
  }
  return clientCounts.map((clients): TpcbResult => {
    const threads = Math.min(2, clients)
    const scratch = scratchDirectory('pgbench-tpcb')
    try {
      const prefix = path.join(scratch.dir, 'tx')
      const args = ['-c', String(clients), '-j', String(threads), '-T', String(seconds)]
      const run = spawnSync(
        binary,
        [...args, '-l', `--log-prefix=${prefix}`, ...connection, database],
        { encoding: 'utf8', env, cwd: scratch.dir, timeout: (seconds + 60) * 1000 }
      )
      if (run.status !== 0)
        return {
          ok: false,
          clients,
          reason: `pgbench exited ${run.status}: ${(run.stderr || run.stdout).trim().split('\n').slice(-2).join(' ')}`,
        }
      const tps = /tps = ([\d.]+) \(without initial connection time\)/.exec(run.stdout)
      const transactions = /number of transactions actually processed: (\d+)/.exec(run.stdout)
      const mean = /latency average = ([\d.]+) ms/.exec(run.stdout)
      // Log lines: client_id transaction_no latency_us script_no epoch_s epoch_us
      const latencies: number[] = []
      for (const file of readdirSync(scratch.dir).filter((f) => f.startsWith('tx'))) {
        for (const line of readFileSync(path.join(scratch.dir, file), 'utf8').split('\n')) {
          const fields = line.split(' ')
          if (fields.length >= 3) latencies.push(Number(fields[2]) / 1000)
        }
      }
      latencies.sort((a, b) => a - b)
      if (!tps) return { ok: false, clients, reason: `no tps in: ${run.stdout.slice(-300)}` }
      return {
        ok: true,
        clients,
        threads,
        seconds,
        tps: Number(tps[1]),
        transactions: transactions ? Number(transactions[1]) : latencies.length,
        latency_ms: {
          p50: Math.round(quantile(latencies, 0.5) * 1000) / 1000,
          p99: Math.round(quantile(latencies, 0.99) * 1000) / 1000,
          mean: mean ? Number(mean[1]) : null,
        },
        command: `pgbench -c ${clients} -j ${threads} -T ${seconds} (TPC-B-like, scale 1)`,
      }
    } finally {
      scratch.remove()
    }
  })
}
