// Usage:
//   npm run --silent verify -- <record.json> <allocations.json>   the public registration record and ledger, downloaded
//   npm run --silent verify -- <registry URL of the trial>         e.g. http://localhost:8787/registry/<id>: fetches both
//   npm run --silent verify -- --audit                             recomputes the audit chain in DATABASE_URL (or .data/)
//   npm run --silent verify -- <export.json>                       a token-gated allocation export (older format)
// Recomputes the protocol hash, the registration hash, the seed commitment, the sealed block sizes, the ledger chain and
// every allocation. Prints a JSON report; exits 0 if everything matches, 1 naming the first difference (also on
// stderr), 2 if an input cannot be read or is malformed (one-line reason on stderr).
import { readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { DomainError } from '../../analysis/errors'
import { verifyAllocations } from '../../trials/randomisation'
import { verifyPublicRecord } from '../../trials/registration-record'
import { openDatabase } from '../db/client'
import { verifyAuditLog } from '../services/audit'
import { projectRoot } from './open-local'

class UsageError extends Error {}

const USAGE =
  'usage: verify <record.json> <allocations.json> | verify <registry URL> | verify --audit | verify <export.json>'

function readJson(file: string | undefined): unknown {
  if (file === undefined) throw new UsageError(USAGE)
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${file} is not valid JSON`)
  }
}

async function fetchJson(url: string): Promise<unknown> {
  let response: Response
  try {
    response = await fetch(url, { headers: { accept: 'application/json' } })
  } catch (error) {
    throw new UsageError(`cannot fetch ${url} (${(error as Error).message})`)
  }
  const text = await response.text()
  if (!response.ok)
    throw new UsageError(`${url} answered ${response.status}: ${text.slice(0, 300)}`)
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${url} did not return JSON`)
  }
}

async function verifyAudit() {
  const url = process.env.DATABASE_URL
  const open = await openDatabase({
    databaseUrl: url,
    dataDir: url
      ? undefined
      : resolve(process.env.DATA_DIR ?? join(projectRoot, '.data'), 'pglite'),
  })
  try {
    return await verifyAuditLog(open.db)
  } finally {
    await open.close()
  }
}

async function main(args: string[]): Promise<{ ok: boolean; report: unknown; first?: string }> {
  if (args[0] === '--audit') {
    const report = await verifyAudit()
    return {
      ok: report.ok,
      report,
      first: report.first_broken
        ? `audit entry ${report.first_broken.sequence}: ${report.first_broken.reason}`
        : undefined,
    }
  }
  if (args.length === 1 && /^https?:\/\//.test(args[0]!)) {
    const base = args[0]!.replace(/\/+$/, '').replace(/\/record\.json$/, '')
    const record = await fetchJson(`${base}/record.json`)
    const ledger = await fetchJson(`${base}/allocations.json`)
    const report = verifyPublicRecord(record, ledger)
    return { ok: report.ok, report, first: report.first_difference ?? undefined }
  }
  if (args.length === 2) {
    const report = verifyPublicRecord(readJson(args[0]), readJson(args[1]))
    return { ok: report.ok, report, first: report.first_difference ?? undefined }
  }
  if (args.length === 1) {
    const report = verifyAllocations(readJson(args[0]))
    const first = report.seed_commitment.ok
      ? (report.error?.message ??
        (report.mismatches[0]
          ? `unit ${report.mismatches[0].position}: ${report.mismatches[0].field} is ${report.mismatches[0].recorded}, re-derives as ${report.mismatches[0].derived}`
          : undefined))
      : 'seed_commitment: the seed does not match its commitment'
    return { ok: report.ok, report, first }
  }
  throw new UsageError(USAGE)
}

try {
  const { ok, report, first } = await main(process.argv.slice(2))
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  if (!ok && first) process.stderr.write(`verification failed: ${first}\n`)
  process.exitCode = ok ? 0 : 1
} catch (error) {
  if (!(error instanceof UsageError || error instanceof DomainError)) throw error
  process.stderr.write(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
  process.exitCode = 2
}
