// Usage: npm run --silent randomise -- <request.json>   ("-" reads the request from stdin)
// Prints {"algorithm", "allocations": [{"id", "arm", "stratum"?, "block"?}]} in the units' order, as one line
// of JSON with a fixed key order, so the same request always prints the same bytes. Any invalid request exits 1
// with a one-line reason on stderr and nothing on stdout.
import { readFileSync } from 'node:fs'
import { DomainError } from '../../analysis/errors'
import {
  allocateAll,
  CURRENT_ALGORITHM,
  formatIssues,
  randomisationRequestSchema,
} from '../../trials/randomisation'

class UsageError extends Error {}

function readRequest(file: string | undefined): unknown {
  if (file === undefined) throw new UsageError('usage: randomise <request.json>')
  let text: string
  try {
    text = readFileSync(file === '-' ? 0 : file, 'utf8')
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

function run(): string {
  const parsed = randomisationRequestSchema.safeParse(readRequest(process.argv[2]))
  if (!parsed.success) throw new UsageError(`invalid request: ${formatIssues(parsed.error.issues)}`)
  const { seed, units, ...config } = parsed.data
  const allocations = allocateAll(config, seed, units)
  // Keys are built in a fixed order by the engine; stringify preserves insertion order.
  return `${JSON.stringify({ algorithm: CURRENT_ALGORITHM, allocations })}\n`
}

try {
  process.stdout.write(run())
} catch (error) {
  if (!(error instanceof UsageError || error instanceof DomainError)) throw error
  process.stderr.write(`${error.message.replace(/\s*\n\s*/g, ' ')}\n`)
  process.exitCode = 1
}
