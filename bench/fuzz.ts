// Fuzzing every route of the API with requests generated from /openapi.json (valid, near-valid and
// hostile bodies, parameters, content types and encodings; every role, no token and a forged one),
// sent in-process with app.request against PGlite. Any 5xx is a failure and is printed with the
// request. Counts by status go to the table and bench/results/fuzz.json.
// Run alone: npx tsx bench/fuzz.ts [requests] (default 100,000), or npm run bench -- fuzz.
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { WORKERS_CPU_BUDGET, inlineCompute, useComputeBackend, withBudget } from '../src/compute'
import { runFuzz } from '../test/support/fuzz-run'
import { fuzzContext } from '../test/support/fuzz-run'
import { benchHarness } from './support/test-harness'
import type { BenchmarkReport } from './support/report'
import { runIfMain } from './support/standalone'

const REQUESTS = Number(process.env.FUZZ_REQUESTS ?? process.argv[2] ?? 100_000)
const SEED = Number(process.env.FUZZ_SEED ?? 20261130)

export async function runFuzzBench(): Promise<BenchmarkReport> {
  // Generated diagnoses and analyses stay within the Workers budget, so the run is about input
  // handling, not simulation time.
  useComputeBackend(withBudget(inlineCompute(), WORKERS_CPU_BUDGET))
  const h = await benchHarness({ bodyLimitBytes: 1_048_576 })
  try {
    const ctx = await fuzzContext(h)
    const outcome = await runFuzz(h, ctx, REQUESTS, SEED, (done, o) => {
      if (done % 5000 === 0 || done === REQUESTS)
        process.stderr.write(
          `  ${done} requests, ${o.failures.length} 5xx, ${JSON.stringify(o.byStatus)}\n`
        )
    })
    for (const f of outcome.failures.slice(0, 20))
      process.stderr.write(`5xx: ${JSON.stringify(f)}\n`)
    const serverErrors = Object.entries(outcome.byStatus)
      .filter(([s]) => Number(s) >= 500)
      .reduce((n, [, c]) => n + c, 0)
    const results = {
      date: new Date().toISOString(),
      seed: SEED,
      requests: outcome.requests,
      seconds: outcome.seconds,
      by_status: outcome.byStatus,
      server_errors: serverErrors,
      failures: outcome.failures.slice(0, 100),
      by_route: outcome.byRoute,
    }
    const dir = path.join(import.meta.dirname, 'results')
    mkdirSync(dir, { recursive: true })
    writeFileSync(path.join(dir, 'fuzz.json'), `${JSON.stringify(results, null, 2)}\n`)
    return {
      name: 'fuzz',
      title: `Fuzz: ${outcome.requests.toLocaleString('en-GB')} generated requests over every route and role`,
      goal: 'no 5xx',
      rows: [
        {
          measure: 'requests per second',
          trialworks: { value: Math.round(outcome.requests / outcome.seconds), unit: 'per s' },
          goal: '0 responses of 5xx',
          goalMet: serverErrors === 0,
        },
      ],
      notes: [
        `by status: ${Object.entries(outcome.byStatus)
          .map(([s, n]) => `${s}: ${n}`)
          .join(', ')}`,
        `5xx: ${serverErrors}; seed ${SEED}; ${outcome.seconds} s`,
      ],
      details: results,
    }
  } finally {
    await h.close()
  }
}

runIfMain(import.meta.url, runFuzzBench)
