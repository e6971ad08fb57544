import { describe, expect, it } from 'vitest'
import { clusterMdes, minimumDetectableEffect } from '../../../analysis/power'

describe('minimumDetectableEffect', () => {
  it('matches the normal-multiplier formula for individual randomisation', () => {
    // R: (qnorm(0.975) + qnorm(0.8)) * sqrt(1/500 + 1/500)
    expect(
      minimumDetectableEffect(
        { kind: 'individual', treatment: 500, control: 500 },
        { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
      )
    ).toBeCloseTo(0.177187806965932, 12)
  })

  it('uses a one-sided multiplier for a one-sided registered test, with unequal clusters', () => {
    // R: (qnorm(0.95) + qnorm(0.9)) * sqrt((0.05 + 0.95/20) * (1/6 + 1/5))
    const mdes = minimumDetectableEffect(
      { kind: 'cluster', clustersTreatment: 6, clustersControl: 5, meanClusterSize: 20, icc: 0.05 },
      { alpha: 0.05, power: 0.9, alternative: 'greater' }
    )
    expect(mdes).toBeCloseTo(0.553315048400439, 12)
  })

  it('agrees with clusterMdes when the arms have equal clusters', () => {
    const ours = minimumDetectableEffect(
      {
        kind: 'cluster',
        clustersTreatment: 20,
        clustersControl: 20,
        meanClusterSize: 15,
        icc: 0.05,
      },
      { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
    )
    expect(ours).toBeCloseTo(
      clusterMdes({ clustersPerArm: 20, clusterSize: 15, icc: 0.05 }).mdes,
      12
    )
  })

  it('refuses an empty arm', () => {
    expect(() =>
      minimumDetectableEffect(
        { kind: 'individual', treatment: 0, control: 10 },
        { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
      )
    ).toThrow(/both arms/)
  })
})

describe('minimumDetectableEffect with a design effect (the registration check)', () => {
  // Reference: qnorm(0.975) = 1.959963984540054, qnorm(0.95) = 1.6448536269514722,
  // qnorm(0.8) = 0.8416212335729143 (published normal quantiles), combined by hand in double precision.
  it('two equal arms of 495, two-sided 5%, 80% power', () => {
    expect(
      minimumDetectableEffect(
        { kind: 'individual', treatment: 495, control: 495 },
        { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
      )
    ).toBeCloseTo(0.1780804464036112, 12)
  })
  it('2:1 allocation with a design effect of 1 + 9 * 0.05', () => {
    expect(
      minimumDetectableEffect(
        { kind: 'individual', treatment: 300, control: 150, designEffect: 1.45 },
        { alpha: 0.05, power: 0.8, alternative: 'two.sided' }
      )
    ).toBeCloseTo(0.3373555337445375, 12)
  })
  it('one-sided 5%', () => {
    expect(
      minimumDetectableEffect(
        { kind: 'individual', treatment: 100, control: 100 },
        { alpha: 0.05, power: 0.8, alternative: 'greater' }
      )
    ).toBeCloseTo(0.3516406470253337, 12)
  })
})
