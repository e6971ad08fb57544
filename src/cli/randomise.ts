// Usage: npm run --silent randomise -- <request.json>   ("-" reads the request from stdin)
// Prints {"algorithm", "allocations": [{"id", "arm", "stratum"?, "block"?}]} in the units' order, as one line
// of JSON with a fixed key order, so the same request always prints the same bytes. Any invalid request exits 1
// with a one-line reason on stderr and nothing on stdout.
import { readFileSync } from 'node:fs'
import { DomainError } from '../../analysis'
import {
  allocateAll,
  CURRENT_ALGORITHM,
  formatIssues,
  randomisationRequestSchema,
} from '../../trials/randomisation'
import { UsageError, type CliIo } from './io'

function readRequest(file: string | undefined, io: CliIo): unknown {
  if (file === undefined) throw new UsageError('usage: randomise <request.json>')
  let text: string
  try {
    text = file === '-' ? io.readStdin() : readFileSync(file, 'utf8')
  } catch (error) {
    throw new UsageError(
      `cannot read request file ${file} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`
    )
  }
  try {
    return JSON.parse(text)
  } catch {
    throw new UsageError(`request file ${file} is not valid JSON`)
  }
}

function run(argv: readonly string[], io: CliIo): string {
  const parsed = randomisationRequestSchema.safeParse(readRequest(argv[0], io))
  if (!parsed.success) throw new UsageError(`invalid request: ${formatIssues(parsed.error.issues)}`)
  const { seed, units, ...config } = parsed.data
  const allocations = allocateAll(config, seed, units)
  // Keys are built in a fixed order by the engine; stringify preserves insertion order.
  return `${JSON.stringify({ algorithm: CURRENT_ALGORITHM, allocations })}\n`
}

/** `randomise <request.json|->`: prints the allocations; exit 0, or 1 with a one-line reason on stderr. */
export function main(argv: readonly string[], io: CliIo): number {
  try {
    io.stdout(run(argv, io))
    return 0
  } catch (error) {
    if (!(error instanceof UsageError || error instanceof DomainError)) throw error
    io.stderr(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
    return 1
  }
}
