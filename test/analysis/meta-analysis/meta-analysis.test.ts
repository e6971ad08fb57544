import { describe, expect, it } from 'vitest'
import {
  forestPlotData,
  metaAnalysis,
  type MetaAnalysisResult,
} from '../../../analysis/meta-analysis'
import { InvalidInputError } from '../../../analysis/errors'

// R 4.2.2, metafor 3.8-1:
// yi <- c(0.12, -0.35, 0.41, -0.08, 0.27, -0.51, 0.19)
// vi <- c(0.031, 0.054, 0.022, 0.081, 0.045, 0.12, 0.017)
// ctl <- list(threshold = 1e-12, maxiter = 10000, stepadj = 0.5)
// r <- rma(yi, vi, method = m, control = ctl)   # test = "knha" where stated
// sprintf("%.17g", c(r$b, r$se, r$ci.lb, r$ci.ub, r$pval, r$tau2, r$I2, r$H2, r$QE, r$QEp))
const effects = {
  yi: [0.12, -0.35, 0.41, -0.08, 0.27, -0.51, 0.19],
  vi: [0.031, 0.054, 0.022, 0.081, 0.045, 0.12, 0.017],
}
type Row = [number, number, number, number, number, number, number, number, number, number]
const reference: Record<string, Row> = {
  FE: [
    0.14126715711917739, 0.071074822395178927, 0.0019630650170458508, 0.28057124922130894,
    0.046857752620665168, 0, 51.665512225145669, 2.068916101186538, 12.413496607119228,
    0.053354936236576909,
  ],
  DL: [
    0.085339103684783965, 0.10883667979838264, -0.12797686891696408, 0.29865507628653198,
    0.43298001733409586, 0.040226519670387477, 51.665512225145669, 2.068916101186538,
    12.413496607119228, 0.053354936236576909,
  ],
  REML: [
    0.083944740472214355, 0.11016567897071484, -0.13197602264278835, 0.29986550358721703,
    0.44606816803236904, 0.042085059031167237, 52.792377945010628, 2.1183019954598841,
    12.413496607119228, 0.053354936236576909,
  ],
  'REML knha': [
    0.083944740472214355, 0.11571069314694399, -0.19918912589324189, 0.36707860683767057,
    0.4954733500132974, 0.042085059031167237, 52.792377945010628, 2.1183019954598841,
    12.413496607119228, 0.053354936236576909,
  ],
  'DL knha': [
    0.085339103684783965, 0.11544855584576973, -0.19715333581180178, 0.36783154318136974,
    0.48768755504231209, 0.040226519670387477, 51.665512225145669, 2.068916101186538,
    12.413496607119228, 0.053354936236576909,
  ],
}

function expectMatches(got: MetaAnalysisResult, expected: Row, relative: number): void {
  const fields = [
    got.estimate,
    got.stdError,
    got.confLow,
    got.confHigh,
    got.pValue,
    got.tau2,
    got.i2,
    got.h2,
    got.q,
    got.qPValue,
  ]
  fields.forEach((value, i) => {
    expect(Math.abs(value - expected[i])).toBeLessThanOrEqual(
      relative * Math.abs(expected[i]) + 1e-14
    )
  })
}

describe('metaAnalysis', () => {
  // FE and DL are closed forms: agreement to rounding. REML is iterative in metafor (threshold 1e-12).
  it.each([
    ['FE', 1e-12],
    ['DL', 1e-12],
    ['REML', 1e-9],
  ] as const)('matches metafor::rma(method = "%s")', (method, relative) => {
    expectMatches(metaAnalysis(effects, { method }), reference[method], relative)
  })

  it.each([
    ['DL', 1e-12],
    ['REML', 1e-9],
  ] as const)('matches metafor Hartung-Knapp (test = "knha") for %s', (method, relative) => {
    const got = metaAnalysis(effects, { method, test: 'knha' })
    expectMatches(got, reference[`${method} knha`], relative)
    expect(got.df).toBe(6)
  })

  it('puts a homogeneous set at the tau2 = 0 boundary exactly', () => {
    // R: rma(c(0.10, 0.12, 0.09, 0.11), c(0.05, 0.04, 0.06, 0.05), method = m) for REML, DL: tau2 0, I2 0,
    // b 0.10653061224489797, se 0.11065666703449764, QE 0.010183673469387753, QEp 0.99972751093587353
    const homogeneous = { yi: [0.1, 0.12, 0.09, 0.11], vi: [0.05, 0.04, 0.06, 0.05] }
    for (const method of ['REML', 'DL'] as const) {
      const got = metaAnalysis(homogeneous, { method })
      expect(got.tau2).toBe(0)
      expect(got.i2).toBe(0)
      expect(got.estimate).toBeCloseTo(0.10653061224489797, 14)
      expect(got.stdError).toBeCloseTo(0.11065666703449764, 14)
      expect(got.q).toBeCloseTo(0.010183673469387753, 14)
      expect(got.qPValue).toBeCloseTo(0.99972751093587353, 14)
    }
    // FE I2 = max(0, 100 (Q - 3) / Q) = 0; H2 = Q / 3: R gives 0.0033945578231292513
    expect(metaAnalysis(homogeneous, { method: 'FE' }).h2).toBeCloseTo(0.0033945578231292513, 15)
  })

  it('handles a single study as metafor does (tau2 0, Q 0, Q p 1)', () => {
    // R: rma(0.3, 0.04, method = "REML"): b 0.3, se 0.2, ci -0.091992796908010765 0.69199279690801085,
    // pval 0.13361440253771603, I2 0, QE 0, QEp 1
    const got = metaAnalysis({ yi: [0.3], vi: [0.04] }, { method: 'REML', test: 'knha' })
    expect(got.test).toBe('z')
    expect(got.confLow).toBeCloseTo(-0.091992796908010765, 14)
    expect(got.pValue).toBeCloseTo(0.13361440253771603, 14)
    expect([got.tau2, got.i2, got.q, got.qPValue]).toEqual([0, 0, 0, 1])
  })

  it('refuses mismatched lengths and non-positive variances', () => {
    expect(() => metaAnalysis({ yi: [0.1, 0.2], vi: [0.1] }, { method: 'FE' })).toThrow(
      InvalidInputError
    )
    expect(() => metaAnalysis({ yi: [0.1, 0.2], vi: [0.1, 0] }, { method: 'DL' })).toThrow(
      InvalidInputError
    )
  })
})

describe('forestPlotData', () => {
  it('gives model weights in percent as metafor weights() does', () => {
    // R: weights(rma(yi, vi, method = "DL"))
    const expected = [
      16.630635505359979, 12.571219770158109, 19.03597201366976, 9.7713131596478586,
      13.898752307788351, 7.3929227782664624, 20.699184465109486,
    ]
    const fit = metaAnalysis(effects, { method: 'DL' })
    const plot = forestPlotData(effects, fit)
    plot.studies.forEach((row, i) => expect(row.weightPercent).toBeCloseTo(expected[i], 12))
    // Study interval is y +/- qnorm(0.975) sqrt(v): 0.12 - 1.959963984540054 * sqrt(0.031)
    expect(plot.studies[0].confLow).toBeCloseTo(0.12 - 1.959963984540054 * Math.sqrt(0.031), 14)
    expect(plot.summary.estimate).toBe(fit.estimate)
    expect(plot.studies[0].label).toBe('Study 1')
  })
})
