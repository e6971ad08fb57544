import { describe, expect, it } from 'vitest'
import { predictionInterval } from '../../../analysis/meta-analysis'

// Oracle: scipy 1.x, mu -/+ stats.t.ppf(1 - alpha/2, k - 2) * sqrt(tau2 + se**2)
//   -0.1 - stats.t.ppf(0.975, 3) * sqrt(0.01 + 0.05**2) = -0.4558083136678709
//    0.2 + stats.t.ppf(0.95, 8) * sqrt(0.04 + 0.1**2)   =  0.6158075819345417
describe('predictionInterval (Higgins, Thompson & Spiegelhalter 2009)', () => {
  it('uses t on k - 2 degrees of freedom around the pooled effect', () => {
    const pi = predictionInterval({
      method: 'REML',
      k: 5,
      estimate: -0.1,
      stdError: 0.05,
      tau2: 0.01,
    })
    expect(pi!.df).toBe(3)
    expect(pi!.low).toBeCloseTo(-0.4558083136678709, 9)
    expect(pi!.high).toBeCloseTo(0.2558083136678709, 9)
  })

  it('takes the level from alpha', () => {
    const pi = predictionInterval(
      { method: 'DL', k: 10, estimate: 0.2, stdError: 0.1, tau2: 0.04 },
      0.1
    )
    expect(pi!.high).toBeCloseTo(0.6158075819345417, 9)
  })

  it('is undefined for a fixed-effect fit or fewer than three trials', () => {
    expect(
      predictionInterval({ method: 'FE', k: 5, estimate: 0, stdError: 0.1, tau2: 0 })
    ).toBeNull()
    expect(
      predictionInterval({ method: 'REML', k: 2, estimate: 0, stdError: 0.1, tau2: 0.01 })
    ).toBeNull()
  })
})
