import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { pAdjust, type PAdjustMethod } from '../../../analysis/multiple-comparisons'
import { InvalidInputError } from '../../../analysis/errors'

// R 4.2.2:
// p <- c(0.001, 0.004, 0.004, 0.012, 0.03, 0.03, 0.2, 0.5, 0.77, 0.99)
// for (m in c("holm","hochberg","BH","BY","bonferroni")) cat(m, sprintf("%.17g", p.adjust(p, m)), "\n")
const p = [0.001, 0.004, 0.004, 0.012, 0.03, 0.03, 0.2, 0.5, 0.77, 0.99]
const reference: Record<PAdjustMethod, number[]> = {
  holm: [
    0.01, 0.036000000000000004, 0.036000000000000004, 0.084000000000000005, 0.17999999999999999,
    0.17999999999999999, 0.80000000000000004, 1, 1, 1,
  ],
  hochberg: [
    0.01, 0.032000000000000001, 0.032000000000000001, 0.084000000000000005, 0.14999999999999999,
    0.14999999999999999, 0.80000000000000004, 0.98999999999999999, 0.98999999999999999,
    0.98999999999999999,
  ],
  BH: [
    0.01, 0.013333333333333334, 0.013333333333333334, 0.029999999999999999, 0.050000000000000003,
    0.050000000000000003, 0.28571428571428575, 0.625, 0.85555555555555562, 0.98999999999999999,
  ],
  BY: [
    0.029289682539682539, 0.039052910052910055, 0.039052910052910055, 0.087869047619047611,
    0.14644841269841269, 0.14644841269841269, 0.83684807256235827, 1, 1, 1,
  ],
  bonferroni: [
    0.01, 0.040000000000000001, 0.040000000000000001, 0.12, 0.29999999999999999,
    0.29999999999999999, 1, 1, 1, 1,
  ],
}
const methods = Object.keys(reference) as PAdjustMethod[]

describe('pAdjust', () => {
  it.each(methods)('matches stats::p.adjust(p, "%s") to 1e-15', (method) => {
    const got = pAdjust(p, method)
    got.forEach((value, i) =>
      expect(Math.abs(value - reference[method][i])).toBeLessThanOrEqual(1e-15)
    )
  })

  it('keeps input order when p-values arrive unsorted', () => {
    const shuffled = [5, 0, 9, 3, 7, 1, 8, 2, 6, 4]
    for (const method of methods) {
      const got = pAdjust(
        shuffled.map((i) => p[i]),
        method
      )
      shuffled.forEach((i, k) => expect(got[k]).toBeCloseTo(reference[method][i], 15))
    }
  })

  it('honours a family larger than the p-values given', () => {
    // R: p.adjust(c(0.01, 0.02, 0.04), "BH", n = 5) -> 0.05 0.05 0.066666666666666666
    expect(pAdjust([0.01, 0.02, 0.04], 'BH', 5)).toEqual([0.05, 0.05, 0.066666666666666666])
  })

  it('returns a single p-value unchanged, as R does for n <= 1', () => {
    expect(pAdjust([0.03], 'bonferroni')).toEqual([0.03])
  })

  it('rejects p-values outside [0, 1] and a family smaller than the input', () => {
    expect(() => pAdjust([0.1, 1.2], 'holm')).toThrow(InvalidInputError)
    expect(() => pAdjust([0.1, Number.NaN], 'holm')).toThrow(InvalidInputError)
    expect(() => pAdjust([0.1, 0.2], 'holm', 1)).toThrow(InvalidInputError)
  })

  const pValues = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), {
    minLength: 2,
    maxLength: 40,
  })

  it('never lowers a p-value, stays in [0, 1] and preserves the ranking', () => {
    fc.assert(
      fc.property(pValues, fc.constantFrom(...methods), (values, method) => {
        const adjusted = pAdjust(values, method)
        values.forEach((value, i) => {
          expect(adjusted[i]).toBeGreaterThanOrEqual(value)
          expect(adjusted[i]).toBeLessThanOrEqual(1)
          values.forEach((other, j) => {
            if (value < other) expect(adjusted[i]).toBeLessThanOrEqual(adjusted[j])
          })
        })
      })
    )
  })

  it('orders the methods by strictness: bonferroni >= holm >= hochberg, BY >= BH', () => {
    fc.assert(
      fc.property(pValues, (values) => {
        const bonferroni = pAdjust(values, 'bonferroni')
        const holm = pAdjust(values, 'holm')
        const hochberg = pAdjust(values, 'hochberg')
        const bh = pAdjust(values, 'BH')
        const by = pAdjust(values, 'BY')
        values.forEach((_, i) => {
          expect(bonferroni[i]).toBeGreaterThanOrEqual(holm[i])
          expect(holm[i]).toBeGreaterThanOrEqual(hochberg[i])
          expect(hochberg[i]).toBeGreaterThanOrEqual(bh[i])
          expect(by[i]).toBeGreaterThanOrEqual(bh[i])
        })
      })
    )
  })
})
