import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BenchmarkReport } from './report'
import { formatTable } from './table'

/** Marks the line that carries a benchmark's report when `bench/run.ts` runs it in a child process. */
export const REPORT_MARKER = '@@bench-report '

/**
 * Lets each benchmark module run on its own (`npx tsx bench/ols-hc2.ts`): when the module is the entry point,
 * runs it, prints its table, and prints the report on a marked line for `bench/run.ts`.
 */
export function runIfMain(moduleUrl: string, run: () => Promise<BenchmarkReport>): void {
  const entry = process.argv[1] ? path.resolve(process.argv[1]) : ''
  if (entry !== fileURLToPath(moduleUrl)) return
  run()
    .then((report) => {
      process.stderr.write(`${formatTable([report])}\n`)
      process.stdout.write(`${REPORT_MARKER}${JSON.stringify(report)}\n`)
      // Open handles (a database pool, a child server) must not keep a finished benchmark alive.
      process.exit(0)
    })
    .catch((err: unknown) => {
      process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`)
      process.exit(1)
    })
}
