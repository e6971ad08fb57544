// Usage: npm run --silent verify -- <export.json>   ("-" reads the export from stdin)
// Re-derives every allocation of an allocation export (GET /trials/:id/allocation-export) and checks the seed
// against its commitment. Prints a JSON report; exits 0 if everything matches, 1 on any mismatch, 2 if the export
// cannot be read or is malformed (one-line reason on stderr).
import { readFileSync } from 'node:fs'
import { DomainError } from '../../analysis'
import { verifyAllocations } from '../../trials/randomisation'
import type { CliIo } from './io'

class UsageError extends Error {}

function readExport(file: string | undefined, io: CliIo): unknown {
  if (file === undefined) throw new UsageError('usage: verify <export.json>')
  let text: string
  try {
    text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read export file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`export file ${file} is not valid JSON`)
  }
}

/** `verify <export.json|->`: prints the report; exit 0 if everything matches, 1 on a mismatch, 2 on bad input. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    const report = verifyAllocations(readExport(argv[0], io))
    io.stdout(`${JSON.stringify(report, null, 2)}\n`)
    return report.ok ? 0 : 1
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError)) throw error
    io.stderr(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
    return 2
  }
}
