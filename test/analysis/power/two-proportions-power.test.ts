import { describe, expect, it } from 'vitest'
import { cohensH, twoProportionsPower } from '../../../analysis/power'
import { InvalidInputError } from '../../../analysis/errors'

const close = (got: number, expected: number, relative: number) =>
  expect(Math.abs(got - expected)).toBeLessThanOrEqual(relative * Math.abs(expected))

describe('twoProportionsPower', () => {
  it('matches pwr::ES.h and pwr.2p.test power', () => {
    // R: sprintf("%.17g", pwr::ES.h(0.25, 0.35))
    close(cohensH(0.25, 0.35), -0.21890612158290113, 1e-14)
    // R: pwr.2p.test(h = ES.h(0.25, 0.35), n = 300)$power
    const twoSided = twoProportionsPower({ p1: 0.25, p0: 0.35, n: 300 })
    close(twoSided.power, 0.76457082075182248, 1e-13)
    expect(twoSided.h).toBeCloseTo(0.21890612158290113, 15)
    // R: pwr.2p.test(h = ES.h(0.45, 0.3), n = 150, alternative = "greater")$power
    close(
      twoProportionsPower({ p1: 0.45, p0: 0.3, n: 150, alternative: 'greater' }).power,
      0.85348813184381611,
      1e-13
    )
  })

  it('solves n as uniroot(tol = 1e-13) on pwr.2p.test p.body does', () => {
    // pp <- function(h, n, a) pnorm(qnorm(a/2, lower = FALSE) - h * sqrt(n/2), lower = FALSE) +
    //                        pnorm(qnorm(a/2, lower = TRUE) - h * sqrt(n/2), lower = TRUE)
    // uniroot(function(n) pp(abs(ES.h(0.12, 0.2)), n, 0.05) - 0.9, c(2 + 1e-10, 1e9), tol = 1e-13)$root
    close(twoProportionsPower({ p1: 0.12, p0: 0.2, power: 0.9 }).n, 434.93388405420444, 1e-12)
    // uniroot(function(n) pnorm(qnorm(0.05, lower = FALSE) - ES.h(0.45, 0.3) * sqrt(n/2), lower = FALSE) - 0.8, ...)
    close(
      twoProportionsPower({ p1: 0.45, p0: 0.3, power: 0.8, alternative: 'greater' }).n,
      127.55632701574416,
      1e-12
    )
  })

  it('refuses equal proportions and both or neither of n and power', () => {
    expect(() => twoProportionsPower({ p1: 0.3, p0: 0.3, n: 100 })).toThrow(InvalidInputError)
    expect(() => twoProportionsPower({ p1: 0.3, p0: 0.4 })).toThrow(InvalidInputError)
    expect(() => twoProportionsPower({ p1: 0.3, p0: 0.4, n: 100, power: 0.8 })).toThrow(
      InvalidInputError
    )
  })
})
