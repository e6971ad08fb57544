import { describe, expect, it } from 'vitest'
import { coxIndex, hedgesG, smallSampleCorrection } from '../../../analysis/ratings'
import { InvalidInputError } from '../../../analysis/errors'

describe('hedgesG (§4.4)', () => {
  it('equals omega exactly when the means differ by one pooled SD', () => {
    // N = 40: omega = 1 - 3/151 = 148/151.
    expect(smallSampleCorrection(40)).toBeCloseTo(148 / 151, 15)
    expect(hedgesG({ n: 20, mean: 1, sd: 1 }, { n: 20, mean: 0, sd: 1 })).toBeCloseTo(148 / 151, 15)
  })

  it('matches an arbitrary-precision evaluation with unequal arms and SDs', () => {
    // bc -l, scale=30: a=30; b=45; t=a+b; w=1-3/(4*t-9);
    //   s=sqrt(((a-1)*1.8^2+(b-1)*2.3^2)/(t-2)); w*(5.2-4.6)/s  -> .280688305691801872124575521989
    expect(hedgesG({ n: 30, mean: 5.2, sd: 1.8 }, { n: 45, mean: 4.6, sd: 2.3 })).toBeCloseTo(
      0.280688305691801872,
      13
    )
  })

  it('keeps the sign and refuses degenerate input', () => {
    expect(hedgesG({ n: 20, mean: 0, sd: 1 }, { n: 20, mean: 1, sd: 1 })).toBeLessThan(0)
    expect(() => hedgesG({ n: 1, mean: 0, sd: 1 }, { n: 20, mean: 1, sd: 1 })).toThrow(
      InvalidInputError
    )
    expect(() => hedgesG({ n: 5, mean: 0, sd: 0 }, { n: 5, mean: 1, sd: 0 })).toThrow(
      /does not vary/
    )
  })
})

describe('coxIndex (§4.4)', () => {
  it('equals omega when the log-odds differ by exactly 1.65', () => {
    // logit(0.5) = 0 and logit(1 / (1 + e^1.65)) = -1.65, so d = omega * 1.65 / 1.65.
    const result = coxIndex(
      { n: 20, proportion: 0.5 },
      { n: 20, proportion: 1 / (1 + Math.exp(1.65)) }
    )
    expect(result.ok && result.effect_size).toBeCloseTo(148 / 151, 14)
  })

  it('matches an arbitrary-precision evaluation', () => {
    // bc -l, scale=30: t=150; w=1-3/(4*t-9); x=l(0.34/0.66); y=l(0.41/0.59); w*(x-y)/1.65
    //   -> -.180490548164698020790155269900
    const result = coxIndex({ n: 70, proportion: 0.34 }, { n: 80, proportion: 0.41 })
    expect(result.ok && result.effect_size).toBeCloseTo(-0.18049054816469802, 14)
  })

  it('returns cox_undefined_proportion for a proportion of 0 or 1 instead of replacing it', () => {
    expect(coxIndex({ n: 20, proportion: 0 }, { n: 20, proportion: 0.3 })).toMatchObject({
      ok: false,
      error: 'cox_undefined_proportion',
    })
    expect(coxIndex({ n: 20, proportion: 0.3 }, { n: 20, proportion: 1 })).toMatchObject({
      ok: false,
      error: 'cox_undefined_proportion',
    })
    expect(() => coxIndex({ n: 20, proportion: 1.2 }, { n: 20, proportion: 0.3 })).toThrow(
      InvalidInputError
    )
  })
})
