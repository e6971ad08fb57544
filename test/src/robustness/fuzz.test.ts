import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  WORKERS_CPU_BUDGET,
  useComputeBackend,
  withBudget,
  type ComputeBackend,
} from '../../../src/compute'
import { WorkerPool } from '../../../src/compute/worker-pool'
import { fuzzContext, runFuzz } from '../../support/fuzz-run'
import type { FuzzContext } from '../../support/fuzz'
import { createHarness, type Harness } from '../../support/harness'

/**
 * Requests generated from /openapi.json (valid, near-valid and hostile; every route, every role,
 * no token and a forged one) never get a 5xx. The bench runs 100,000 (`npm run bench -- fuzz`);
 * the suite runs a few thousand with a fixed seed and a fresh one.
 */
let h: Harness
let ctx: FuzzContext
let previous: ComputeBackend
// Heavy work (the fixture's planned analysis, generated diagnoses and analyses) goes through the
// worker pool, as on the Node server, within the Workers budget so the run stays about inputs.
const pool = new WorkerPool({ size: 1 })
beforeAll(async () => {
  previous = useComputeBackend(withBudget(pool, WORKERS_CPU_BUDGET))
  h = await createHarness({ bodyLimitBytes: 1_048_576 })
  ctx = await fuzzContext(h)
}, 120_000)
afterAll(async () => {
  useComputeBackend(previous)
  await pool.close()
  await h?.close()
})

const COUNT = Number(process.env.FUZZ_REQUESTS ?? 2_000)

describe('fuzzing every route from the OpenAPI document', () => {
  it(`answers ${COUNT} generated requests without a single 5xx`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000)
    const outcome = await runFuzz(h, ctx, COUNT, seed)
    console.log(
      `fuzz seed ${seed}: ${outcome.requests} requests in ${outcome.seconds} s, by status ${JSON.stringify(outcome.byStatus)}`
    )
    for (const f of outcome.failures.slice(0, 10))
      console.error(`5xx (seed ${seed}): ${JSON.stringify(f)}`)
    expect(outcome.failures).toEqual([])
    // Every route was reached past authentication at least once.
    const reached = Object.values(outcome.byRoute).filter((s) =>
      Object.keys(s).some((k) => k !== '401')
    ).length
    expect(reached).toBeGreaterThan(Object.keys(outcome.byRoute).length * 0.9)
    // The fixture's closed trial was analysed on a worker thread, audit trail included.
    expect(ctx.ids.runs).toHaveLength(1)
  }, 300_000)
})
