import { describe, expect, it } from 'vitest'
import { clusterMdes, clusterSampleSize, designEffect } from '../../../analysis/power'
import { InvalidInputError } from '../../../analysis/errors'

describe('clusterMdes', () => {
  it('matches the base-R planning formula', () => {
    // R: m <- 25; icc <- 0.02; J <- 12; deff <- 1 + (m - 1) * icc; neff <- J * m / deff
    //    c(deff, neff, (qnorm(0.975) + qnorm(0.9)) * sqrt(2/neff), (qt(0.975, 2*J-2) + qt(0.9, 2*J-2)) * sqrt(2/neff))
    const normal = clusterMdes({ clustersPerArm: 12, clusterSize: 25, icc: 0.02, power: 0.9 })
    expect(normal.designEffect).toBeCloseTo(1.48, 14)
    expect(normal.effectiveNPerArm).toBeCloseTo(202.70270270270271, 12)
    expect(Math.abs(normal.mdes - 0.32198329284744076)).toBeLessThan(1e-14)
    const t = clusterMdes({
      clustersPerArm: 12,
      clusterSize: 25,
      icc: 0.02,
      power: 0.9,
      multiplier: 't',
    })
    expect(Math.abs(t.mdes - 0.33723997900257086)).toBeLessThan(1e-13)
  })

  it('refuses fewer than two clusters per arm', () => {
    expect(() => clusterMdes({ clustersPerArm: 1, clusterSize: 10, icc: 0.1 })).toThrow(
      InvalidInputError
    )
  })
})

describe('designEffect and clusterSampleSize', () => {
  it('inflates by 1 + ((cv^2 + 1) m - 1) icc and rounds clusters up', () => {
    expect(designEffect(15, 0.05)).toBeCloseTo(1.7, 15)
    // Eldridge et al. 2006: cv = 0.5, m = 20, icc = 0.05 -> 1 + (1.25 * 20 - 1) * 0.05 = 2.2
    expect(designEffect(20, 0.05, 0.5)).toBeCloseTo(2.2, 15)
    const plan = clusterSampleSize({ individualNPerArm: 175.4, clusterSize: 15, icc: 0.05 })
    expect(plan.nPerArm).toBeCloseTo(298.18, 12)
    expect(plan.clustersPerArm).toBe(20)
    expect(plan.unitsPerArm).toBe(300)
    // An exact multiple needs no extra cluster: 100 x 1.5 = 150 = 15 clusters of 10.
    expect(
      clusterSampleSize({ individualNPerArm: 100, clusterSize: 10, icc: 0.5 / 9 }).clustersPerArm
    ).toBe(15)
  })

  it('refuses an icc outside [0, 1]', () => {
    expect(() => designEffect(10, 1.2)).toThrow(InvalidInputError)
  })
})
