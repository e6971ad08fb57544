// Usage:
//   npm run --silent reproduce -- <record.json> <allocations.json> <dataset.json>   public material, downloaded
//   npm run --silent reproduce -- <registry URL of the trial>                        e.g. http://localhost:8787/registry/<id>
//   npm run --silent reproduce -- <run.json> <dataset.csv> <registration.json>       a stored run and the full dataset
// From public material alone (GET /registry/:id/record.json, /allocations.json and /dataset.json, no token), verifies
// the registration and re-derives every allocation, checks that the publishable dataset's households and arms are the
// ledger's, then re-derives every number of the published final run from it. The third form re-derives a stored run
// (GET /trials/:id/analyses/:runId) from the full dataset (GET /trials/:id/dataset.csv) and the registration record.
// Says when the running engine identity differs from the one that made the run. Prints a JSON report; exits 0 if
// everything reproduces, 1 naming the first difference (also on stderr), 2 if an input cannot be read.
import { readFileSync } from 'node:fs'
import { ZodError } from 'zod'
import { DomainError } from '../../analysis'
import { reproducePublic, reproduceRun } from '../../trials/plan'
import pkg from '../../package.json' with { type: 'json' }
import { readEngineIdentity } from '../engine-identity'
import { fetchJson, UsageError, type CliIo } from './io'
import { projectRoot } from './open-local'

const USAGE =
  'usage: reproduce <record.json> <allocations.json> <dataset.json> | reproduce <registry URL> | reproduce <run.json> <dataset.csv> <registration.json>'

function read(file: string | undefined, what: string): string {
  if (file === undefined) throw new UsageError(USAGE)
  try {
    return readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read ${what} ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`
    )
  }
}

function json(file: string | undefined, what: string): unknown {
  const text = read(file, what)
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`${what} ${file} is not valid JSON`)
  }
}

/** The report and its verdict, from public material (record, ledger, dataset) or a stored run. */
async function reproduce(argv: readonly string[], engine: string) {
  if (argv.length === 1 && /^https?:\/\//.test(argv[0]!)) {
    const base = argv[0]!.replace(/\/+$/, '').replace(/\/record\.json$/, '')
    const report = reproducePublic(
      await fetchJson(`${base}/record.json`),
      await fetchJson(`${base}/allocations.json`),
      await fetchJson(`${base}/dataset.json`),
      engine
    )
    return { report, ok: report.ok, first: report.first_difference, run: report.reproduction }
  }
  if (argv.length !== 3) throw new UsageError(USAGE)
  const [first, second, third] = argv
  const record = json(first, 'record or run')
  if ((record as { format?: unknown } | null)?.format === 'trialworks-record/1') {
    const report = reproducePublic(
      record,
      json(second, 'allocation ledger'),
      json(third, 'public dataset'),
      engine
    )
    return { report, ok: report.ok, first: report.first_difference, run: report.reproduction }
  }
  const report = reproduceRun(
    record,
    read(second, 'dataset'),
    json(third, 'registration record'),
    engine
  )
  const bad = report.checks.find((c) => !c.ok)
  return {
    report,
    ok: report.ok,
    first: bad ? `${bad.check}: ${bad.detail}` : null,
    run: report,
  }
}

/** `reproduce …`: prints the report; exit 0 if everything reproduces, 1 naming what differs, 2 on bad input. */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const { report, ok, first, run } = await reproduce(
      argv,
      readEngineIdentity(projectRoot, pkg.version)
    )
    io.stdout(`${JSON.stringify(report, null, 2)}\n`)
    if (run?.engine.differs)
      io.stderr(
        `note: the run was made with engine ${run.engine.run}; this is engine ${run.engine.current}\n`
      )
    if (!ok && first) io.stderr(`reproduction failed: ${first}\n`)
    return ok ? 0 : 1
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError || error instanceof ZodError))
      throw error
    const message =
      error instanceof ZodError
        ? error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
        : error.message
    io.stderr(`${message.replace(/\s*\n\s*/g, ' ')}\n`)
    return 2
  }
}
