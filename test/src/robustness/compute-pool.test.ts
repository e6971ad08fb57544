import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  WORKERS_CPU_BUDGET,
  inlineCompute,
  useComputeBackend,
  withBudget,
  type ComputeBackend,
} from '../../../src/compute'
import { WorkerPool } from '../../../src/compute/worker-pool'
import { useHarness } from '../../support/harness'
import { createRecruitingTrial } from '../../support/fixtures'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../../trials/protocol/examples/family-mediation'

/**
 * CPU-heavy work runs in a worker pool: a 5,000-simulation design diagnosis of 1,100 households
 * (13 s of CPU) leaves /healthz and enrolment answering promptly on the request thread.
 */
const h = useHarness()
let trialId: string
let pool: WorkerPool
let previous: ComputeBackend
beforeAll(async () => {
  trialId = (await createRecruitingTrial(h)).trialId
  pool = new WorkerPool({ size: 1 })
  previous = useComputeBackend(pool)
})
afterAll(async () => {
  useComputeBackend(previous)
  await pool?.close()
})

const household = (i: number) => ({
  household_ref: `HOC-${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: exampleCouncilAreas[i % 5]!,
    household_type: exampleHouseholdTypes[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})

/**
 * Households per simulated trial: 1,100 reproduces the reported case (13 s of CPU). The suite uses 60:
 * the 5,000 simulations still keep the pool's thread busy for about 2.5 s on two cores (300 took about
 * 6 s), which is dozens of /healthz and enrolment samples while it works, and this file runs in the serial
 * timed group, where every second is a second of the suite's wall time.
 */
const HOUSEHOLDS = Number(process.env.DIAGNOSIS_HOUSEHOLDS ?? 60)

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!
}

describe('CPU-heavy work off the request thread', () => {
  it('gives the same diagnosis from the pool as in place, and the same refusals', async () => {
    const body = { effect: -0.1, simulations: 50, households: 200, seed: 'same' }
    const pooled = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body,
    })
    useComputeBackend(inlineCompute())
    const inline = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body,
    })
    const badInline = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body: { effect: 0.9, simulations: 10 },
    })
    useComputeBackend(pool)
    const badPooled = await h.json('POST', `/trials/${trialId}/diagnosis`, {
      token: h.cast.officerA.token,
      body: { effect: 0.9, simulations: 10 },
    })
    expect(pooled.status).toBe(200)
    expect(pooled.body).toEqual(inline.body)
    expect(badPooled.status).toBe(badInline.status)
    expect(badPooled.body.type).toBe(badInline.body.type)
  })

  it('keeps /healthz under 50 ms and enrolment at its idle pace while a 5,000-simulation diagnosis runs', async () => {
    const enrolOnce = async (i: number) => {
      const t1 = performance.now()
      const res = await h.request('POST', `/trials/${trialId}/enrolments`, {
        token: h.cast.officerA.token,
        body: household(i),
      })
      expect(res.status).toBe(201)
      return performance.now() - t1
    }
    // Enrolment's own pace on this machine, with nothing else running in the app.
    const idle: number[] = []
    for (let i = 1000; i < 1010; i++) idle.push(await enrolOnce(i))
    const started = performance.now()
    let done = false
    const diagnosis = h
      .json('POST', `/trials/${trialId}/diagnosis`, {
        token: h.cast.officerA.token,
        body: { effect: -0.1, simulations: 5000, households: HOUSEHOLDS, seed: 'load' },
      })
      .finally(() => (done = true))
    const health: number[] = []
    const enrol: number[] = []
    let i = 0
    // Let the job reach its thread, then measure until it finishes.
    await new Promise((r) => setTimeout(r, 200))
    while (!done) {
      const t0 = performance.now()
      const hz = await h.request('GET', '/healthz')
      health.push(performance.now() - t0)
      expect(hz.status).toBe(200)
      if (i < 40) enrol.push(await enrolOnce(i++))
      await new Promise((r) => setTimeout(r, 20))
    }
    const result = await diagnosis
    const elapsed = performance.now() - started
    expect(result.status).toBe(200)
    expect(result.body.simulations).toBe(5000)
    expect(health.length).toBeGreaterThan(10)
    const stats = (xs: number[]) => ({
      n: xs.length,
      p50: Math.round(quantile(xs, 0.5) * 10) / 10,
      p95: Math.round(quantile(xs, 0.95) * 10) / 10,
      max: Math.round(Math.max(...xs) * 10) / 10,
    })
    const summary = {
      households: HOUSEHOLDS,
      diagnosis_ms: Math.round(elapsed),
      healthz: stats(health),
      enrolment_idle: stats(idle),
      enrolment_during: stats(enrol),
    }
    console.log(`diagnosis while enrolling: ${JSON.stringify(summary)}`)
    expect(summary.healthz.p95).toBeLessThan(50)
    // In place, a diagnosis held every enrolment for its whole run (seconds); off the request
    // thread, enrolment stays near its idle pace (PGlite's own work shares the thread with requests,
    // and on two cores the worker thread competes with it, hence the margin).
    expect(summary.enrolment_during.p50).toBeLessThan(
      Math.max(100, 3 * summary.enrolment_idle.p50 + 50)
    )
  }, 240_000)

  it('on Workers (no threads) refuses a request over the CPU budget up front with 422 and the limit', async () => {
    const before = useComputeBackend(withBudget(inlineCompute(), WORKERS_CPU_BUDGET))
    try {
      const started = performance.now()
      const res = await h.json('POST', `/trials/${trialId}/diagnosis`, {
        token: h.cast.officerA.token,
        body: { effect: -0.1, simulations: 5000, households: 1100 },
      })
      expect(res.status).toBe(422)
      expect(res.body).toMatchObject({
        type: '/problems/over-cpu-budget',
        budget: WORKERS_CPU_BUDGET,
        estimated_cost: 5_500_000,
      })
      expect(performance.now() - started).toBeLessThan(1000)
      const small = await h.json('POST', `/trials/${trialId}/diagnosis`, {
        token: h.cast.officerA.token,
        body: { effect: -0.1, simulations: 100, households: 200 },
      })
      expect(small.status).toBe(200)
    } finally {
      useComputeBackend(before)
    }
  })
})
