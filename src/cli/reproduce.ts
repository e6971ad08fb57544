// Usage: npm run --silent reproduce -- <run.json> <dataset.csv> <registration.json>
// Re-derives every number of a stored planned analysis run (GET /trials/:id/analyses/:runId) from the dataset
// (GET /trials/:id/dataset.csv) and the public registration record with its revealed seed and sealed block sizes
// (GET /registry/:id/record.json, or GET /trials/:id/registration). Says when the running engine identity differs
// from the one that made the run. Prints a JSON report; exits 0 if everything reproduces, 1 if anything differs,
// 2 if an input cannot be read (one-line reason on stderr).
import { readFileSync } from 'node:fs'
import { ZodError } from 'zod'
import { DomainError } from '../../analysis'
import { reproduceRun } from '../../trials/plan'
import pkg from '../../package.json' with { type: 'json' }
import { readEngineIdentity } from '../engine-identity'
import type { CliIo } from './io'
import { projectRoot } from './open-local'

class UsageError extends Error {}

function read(file: string | undefined, what: string): string {
  if (file === undefined)
    throw new UsageError('usage: reproduce <run.json> <dataset.csv> <registration.json>')
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

/**
 * `reproduce <run.json> <dataset.csv> <registration.json>`: prints the report; exit 0 if everything
 * reproduces, 1 if anything differs, 2 if an input cannot be read.
 */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    const [runFile, datasetFile, registrationFile] = argv
    const report = reproduceRun(
      json(runFile, 'run'),
      read(datasetFile, 'dataset'),
      json(registrationFile, 'registration record'),
      readEngineIdentity(projectRoot, pkg.version)
    )
    io.stdout(`${JSON.stringify(report, null, 2)}\n`)
    if (report.engine.differs)
      io.stderr(
        `note: the run was made with engine ${report.engine.run}; this is engine ${report.engine.current}\n`
      )
    return report.ok ? 0 : 1
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
