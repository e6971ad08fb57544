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
import { DomainError } from '../../analysis'
import { verifyAllocations } from '../../trials/randomisation'
import { verifyPublicRecord } from '../../trials/registration-record'
import { openDatabase } from '../db/client'
import { verifyAuditLog } from '../services/audit'
import { fetchJson, UsageError, type CliIo } from './io'
import { projectRoot } from './open-local'

const USAGE =
  'usage: verify <record.json> <allocations.json> | verify <registry URL> | verify --audit | verify <export.json>'

function readJson(file: string | undefined, io: CliIo): unknown {
  if (file === undefined) throw new UsageError(USAGE)
  let text: string
  try {
    text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8')
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

async function check(
  args: readonly string[],
  io: CliIo
): Promise<{ ok: boolean; report: unknown; first?: string }> {
  if (args[0] === '--audit') {
    const report = await verifyAudit()
    return {
      ok: report.ok,
      report,
      first: report.first_broken
        ? `audit chain ${report.first_broken.chain}, entry ${report.first_broken.sequence}: ${report.first_broken.reason}`
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
    const report = verifyPublicRecord(readJson(args[0], io), readJson(args[1], io))
    return { ok: report.ok, report, first: report.first_difference ?? undefined }
  }
  if (args.length === 1) {
    const report = verifyAllocations(readJson(args[0], io))
    const mismatch = report.mismatches[0]
    const hash = report.protocol_hash
    const first = !report.seed_commitment.ok
      ? 'seed_commitment: the seed does not match its commitment'
      : hash.computed !== null && hash.computed !== hash.recorded
        ? `protocol_hash: recorded ${hash.recorded}, the exported protocol hashes to ${hash.computed}`
        : !hash.randomisation
          ? "randomisation: the exported randomisation is not the exported protocol's"
          : (report.error?.message ??
            (mismatch
              ? `unit ${mismatch.position}: ${mismatch.field} is ${mismatch.recorded}, re-derives as ${mismatch.derived}`
              : undefined))
    return { ok: report.ok, report, first }
  }
  throw new UsageError(USAGE)
}

/** `verify …`: prints the report; exit 0 if everything matches, 1 naming the first difference, 2 on bad input. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { ok, report, first } = await check(argv, io)
    io.stdout(`${JSON.stringify(report, null, 2)}\n`)
    if (!ok && first) io.stderr(`verification failed: ${first}\n`)
    return ok ? 0 : 1
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError)) throw error
    io.stderr(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
    return 2
  }
}
