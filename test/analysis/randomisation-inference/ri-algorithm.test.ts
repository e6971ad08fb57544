import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../../analysis/data'
import { analysisSpecSchema } from '../../../analysis/spec'
import {
  boundedBelow,
  compileDesign,
  DEFAULT_RI_ALGORITHM,
  monteCarloRandomisationTest,
  randomisationInferenceAnalysis,
  RI_ALGORITHMS,
  xoshiroState,
} from '../../../analysis/randomisation-inference'
import { unitDrawer } from '../../../analysis/randomisation-inference/unit-drawer'
import { InvalidInputError } from '../../../analysis/errors'

const yb = Float64Array.of(4.2, 7.1, 3.3, 9.8, 5.5, 6.0, 2.4, 8.8, 7.7, 3.9, 5.1, 6.6, 4.8, 7.3)
const blocks = Int32Array.of(0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1)
const tb = Uint8Array.of(1, 0, 1, 0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0)
const clusters = Int32Array.of(0, 0, 1, 1, 1, 2, 3, 3, 4, 5, 5, 5, 6, 7)
const tc = Uint8Array.of(1, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0)
const yBin = Float64Array.from(yb, (v) => (v > 5.5 ? 1 : 0))

function extremeCounts(algorithm: keyof typeof RI_ALGORITHMS) {
  const run = (y: Float64Array, t: Uint8Array, design: object, seed: string | number) =>
    monteCarloRandomisationTest(y, t, design, { simulations: 5000, seed, algorithm }).extremeCount
  return {
    complete: run(yb, tb, {}, 'pin'),
    blocked: run(yb, tb, { blocks }, 'pin'),
    clustered: run(yb, tc, { clusters }, 'pin'),
    binary: run(yBin, tb, {}, 7),
  }
}

describe('versions of the re-randomisation stream', () => {
  // Reproducibility, not accuracy (accuracy is tested against exact enumeration elsewhere): a seed and a
  // version must give the same p-value forever. The trialworks-ri/1 counts were produced by the implementation
  // before versions existed (commit 8b59855); the trialworks-ri/2 counts by the one that introduced it. A change
  // that moves them is a new version, not an edit.
  it('trialworks-ri/1 reproduces the p-values reported before versions existed', () => {
    expect(extremeCounts('trialworks-ri/1')).toEqual({
      complete: 46,
      blocked: 69,
      clustered: 2245,
      binary: 506,
    })
  })

  it('trialworks-ri/2 is frozen', () => {
    expect(extremeCounts('trialworks-ri/2')).toEqual({
      complete: 61,
      blocked: 58,
      clustered: 2198,
      binary: 513,
    })
  })

  it('uses trialworks-ri/2 by default and reports the version used', () => {
    expect(DEFAULT_RI_ALGORITHM).toBe('trialworks-ri/2')
    const got = monteCarloRandomisationTest(yb, tb, {}, { simulations: 100, seed: 1 })
    expect(got.algorithm).toBe('trialworks-ri/2')
    expect(
      monteCarloRandomisationTest(
        yb,
        tb,
        {},
        { simulations: 100, seed: 1, algorithm: 'trialworks-ri/1' }
      ).algorithm
    ).toBe('trialworks-ri/1')
  })

  it('refuses an unknown version', () => {
    const options = { simulations: 100, seed: 1, algorithm: 'trialworks-ri/9' as 'trialworks-ri/2' }
    expect(() => monteCarloRandomisationTest(yb, tb, {}, options)).toThrow(InvalidInputError)
  })

  it('gives the same p-value for the same seed, on every path, and another for another seed', () => {
    const large = Float64Array.from({ length: 2000 }, (_, i) => (i * 37) % 5)
    const treated = Uint8Array.from({ length: 2000 }, (_, i) => ((i * 13) % 7 < 3 ? 1 : 0))
    for (const [y, t, design] of [
      [large, treated, {}],
      [Float64Array.from(large, (v, i) => v + i / 1e4), treated, {}],
      [yb, tc, { clusters }],
    ] as const) {
      const run = (seed: string) =>
        monteCarloRandomisationTest(y, t, design, { simulations: 3000, seed })
      expect(run('same')).toEqual(run('same'))
      expect(run('same').extremeCount).not.toBe(run('other').extremeCount)
    }
  })

  it('the inline permutation loop draws what boundedBelow and a partial Fisher-Yates shuffle define', () => {
    // Complete design with 5 of 14 treated: the treated arm is drawn, stat = c S1 - T / n0, c = 1 / n1 + 1 / n0.
    const t5 = Uint8Array.of(1, 0, 1, 0, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0)
    const drawer = unitDrawer(yb, compileDesign(t5), 'reference', () => null)
    const record = new Float64Array(500)
    drawer.countExtreme(500, 0, record)
    const total = yb.reduce((a, b) => a + b, 0)
    const state = xoshiroState('reference')
    const pool = Float64Array.from(yb)
    for (let s = 0; s < 500; s++) {
      let sum = 0
      for (let i = 0; i < 5; i++) {
        const j = i + boundedBelow(state, 14 - i)
        ;[pool[i], pool[j]] = [pool[j], pool[i]]
        sum += pool[i]
      }
      expect((record[s] + total / 9) / (1 / 5 + 1 / 9)).toBeCloseTo(sum, 10)
    }
  })

  it('blocks of more than 2^21 units draw indices with the 53-bit branch of boundedBelow', () => {
    const n = 2_100_000
    // Arrays of millions filled by loops: `from` with a mapping function is several times slower.
    const outcome = new Float64Array(n)
    for (let i = 0; i < n; i++) outcome[i] = i
    const treated = new Uint8Array(n)
    treated[0] = treated[1] = treated[2] = 1
    const drawer = unitDrawer(outcome, compileDesign(treated), 'large', () => null)
    const record = new Float64Array(20)
    drawer.countExtreme(20, 0, record)
    // stat = c S1 - T / n0 with c = 1 / 3 + 1 / n0; the pool holds units 0..n-1 in order, then as shuffled.
    const n0 = n - 3
    const total = (n * (n - 1)) / 2
    const state = xoshiroState('large')
    const pool = new Int32Array(n)
    for (let i = 0; i < n; i++) pool[i] = i
    for (let s = 0; s < 20; s++) {
      let sum = 0
      for (let i = 0; i < 3; i++) {
        const j = i + boundedBelow(state, n - i)
        ;[pool[i], pool[j]] = [pool[j], pool[i]]
        sum += pool[i]
      }
      expect((record[s] + total / n0) / (1 / 3 + 1 / n0)).toBeCloseTo(sum, 3)
    }
  })

  it('counts exactly the recorded statistics at least as extreme as the threshold', () => {
    const drawer = unitDrawer(yBin, compileDesign(tb, { blocks }), 'count', (plan) => plan)
    const record = new Float64Array(2000)
    const count = drawer.countExtreme(2000, 0.3, record)
    expect(count).toBe(record.filter((s) => Math.abs(s) >= 0.3).length)
  })

  it('randomisation_inference reports ri_algorithm beside the seed', () => {
    const csv = ['y,arm', ...Array.from(yb, (v, i) => `${v},${tb[i]}`)].join('\n')
    const spec = analysisSpecSchema.parse({
      estimator: 'randomisation_inference',
      outcome: 'y',
      treatment: 'arm',
      method: 'monte_carlo',
      seed: 'plan',
      simulations: 999,
    })
    if (spec.estimator !== 'randomisation_inference') throw new Error('unreachable')
    const result = randomisationInferenceAnalysis(spec, parseCsv(csv))
    expect(result.ri_algorithm).toBe('trialworks-ri/2')
    expect(result.seed).toBe('plan')
  })
})
