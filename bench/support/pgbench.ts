import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
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
