import { describe, expect, it } from 'vitest'
import { chiSquareTest } from '../../../analysis/tests'
import { fromR } from './two-by-two'
import { InvalidInputError } from '../../../analysis/errors'

// R 4.2.2: mm <- matrix(m, 2)
// sprintf("%.17g", c(chisq.test(mm)$statistic, chisq.test(mm)$p.value,
//                    chisq.test(mm, correct = FALSE)$statistic, chisq.test(mm, correct = FALSE)$p.value))
const reference: [number[], number, number, number, number][] = [
  [
    [20, 25, 10, 5],
    1.4222222222222223,
    0.23303798227390549,
    2.2222222222222223,
    0.13603712811414478,
  ],
  [
    [3, 7, 9, 2],
    3.8221590909090915,
    0.050579022628513867,
    5.7431818181818191,
    0.016552780261048519,
  ],
  // Here |O - E| < 0.5, so Yates' correction is min(0.5, |O - E|) = |O - E|, not 0.5.
  [
    [50, 48, 25, 27],
    0.029434850863422291,
    0.86377883419114798,
    0.11773940345368916,
    0.73149934031539521,
  ],
]

describe('chiSquareTest', () => {
  it.each(reference)(
    'matches chisq.test(matrix(%j, 2)) with and without Yates',
    (cells, yx, yp, x, p) => {
      const yates = chiSquareTest(fromR(cells), true)
      const plain = chiSquareTest(fromR(cells), false)
      expect(Math.abs(yates.statistic - yx)).toBeLessThanOrEqual(1e-13 * yx)
      expect(Math.abs(yates.pValue - yp)).toBeLessThanOrEqual(1e-12 * yp)
      expect(Math.abs(plain.statistic - x)).toBeLessThanOrEqual(1e-13 * x)
      expect(Math.abs(plain.pValue - p)).toBeLessThanOrEqual(1e-12 * p)
      expect(plain.df).toBe(1)
    }
  )

  it('warns, as R does, when an expected count is below 5', () => {
    expect(chiSquareTest(fromR([3, 7, 9, 2])).warnings).toHaveLength(1)
    expect(chiSquareTest(fromR([20, 25, 10, 5])).warnings).toHaveLength(0)
  })

  it('refuses a table with an empty margin', () => {
    expect(() => chiSquareTest(fromR([10, 12, 0, 0]))).toThrow(InvalidInputError)
  })
})
