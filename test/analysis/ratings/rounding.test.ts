import { describe, expect, it } from 'vitest'
import { atMost, attritionPercent, roundHalfUp, roundNoise } from '../../../analysis/ratings'

describe('§2 rounding and comparison rules', () => {
  it('rounds half up after removing binary noise', () => {
    // 0.295 is 0.29499999999999998 in binary; the spec's example wants 0.30.
    expect(roundHalfUp(0.295, 2)).toBe(0.3)
    expect(roundHalfUp(0.294, 2)).toBe(0.29)
    expect(roundHalfUp(10.5, 0)).toBe(11)
    expect(roundHalfUp(10.4, 0)).toBe(10)
    expect(roundHalfUp(10.49999, 0)).toBe(10)
  })

  it('removes noise at the ninth decimal', () => {
    expect(roundNoise(5.4000000001)).toBe(5.4)
    expect(roundNoise(45.6 - 44.4)).toBe(1.2)
  })

  it('compares x <= t with a 1e-9 tolerance', () => {
    expect(atMost(0.25, 0.25)).toBe(true)
    expect(atMost(0.2500000009, 0.25)).toBe(true)
    expect(atMost(0.250000002, 0.25)).toBe(false)
  })
})

describe('attritionPercent (§2)', () => {
  it('computes overall, per-arm and differential attrition in percent', () => {
    // 27/200 = 13.5%, 13/200 = 6.5%, 40/400 = 10%.
    expect(
      attritionPercent({
        randomisedTreatment: 200,
        randomisedControl: 200,
        analysedTreatment: 173,
        analysedControl: 187,
      })
    ).toEqual({
      overall: 10,
      treatment: 13.5,
      control: 6.5,
      differential: 7,
    })
  })

  it('rounds repeating decimals to 9 places', () => {
    // 1 - 661/720 = 59/720 = 0.081944...; overall 1 - 1316/1440 = 124/1440 = 8.6111...%
    const a = attritionPercent({
      randomisedTreatment: 720,
      randomisedControl: 720,
      analysedTreatment: 661,
      analysedControl: 655,
    })
    expect(a.treatment).toBe(8.194444444)
    expect(a.control).toBe(9.027777778)
    expect(a.overall).toBe(8.611111111)
    expect(a.differential).toBe(0.833333333)
  })

  it('gives an arm with nobody assigned zero attrition (before/after control)', () => {
    expect(
      attritionPercent({
        randomisedTreatment: 50,
        randomisedControl: 0,
        analysedTreatment: 45,
        analysedControl: 0,
      })
    ).toEqual({
      overall: 10,
      treatment: 10,
      control: 0,
      differential: 10,
    })
  })
})
