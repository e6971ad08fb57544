import { z } from 'zod'
import { InvalidInputError } from '../errors'
import {
  chiSquareUpperTail,
  normalQuantile,
  normalUpperTail,
  studentTQuantile,
  studentTTwoSidedP,
} from '../distributions'
import { checkStudyEffects, cochranQ, weightedSums, type StudyEffects } from './study-effects'
import { derSimonianLairdTau2, remlTau2 } from './tau-squared'

/**
 * Pooling model: fixed effect, or random effects with tau2 by DerSimonian-Laird or REML.
 *
 * @example
 * metaAnalysisMethodSchema.parse('REML') // 'REML'
 */
export const metaAnalysisMethodSchema = z.enum(['FE', 'DL', 'REML'])
/**
 * One of FE, DL, REML.
 *
 * @example
 * const method: MetaAnalysisMethod = 'DL'
 */
export type MetaAnalysisMethod = z.infer<typeof metaAnalysisMethodSchema>

/**
 * `z`: Wald z-test (metafor default). `knha`: Hartung-Knapp(-Sidik-Jonkman) t-test on k - 1 df.
 *
 * @example
 * metaAnalysisTestSchema.parse('knha') // 'knha'
 */
const metaAnalysisTestSchema = z.enum(['z', 'knha'])
/**
 * One of z, knha.
 *
 * @example
 * const test: MetaAnalysisTest = 'z'
 */
export type MetaAnalysisTest = z.infer<typeof metaAnalysisTestSchema>

/**
 * Options of {@link metaAnalysis}.
 *
 * @example
 * const options: MetaAnalysisOptions = { method: 'REML', alpha: 0.05, test: 'knha' }
 */
export interface MetaAnalysisOptions {
  method: MetaAnalysisMethod
  /** 1 - confidence level; default 0.05. */
  alpha?: number
  test?: MetaAnalysisTest
}

/**
 * A pooled effect, its inference and the heterogeneity statistics, named as metafor names them.
 *
 * @example
 * const fit: MetaAnalysisResult = metaAnalysis(effects, { method: 'REML' }) // fit.i2 in percent
 */
export interface MetaAnalysisResult {
  method: MetaAnalysisMethod
  test: MetaAnalysisTest
  k: number
  estimate: number
  stdError: number
  statistic: number
  /** Degrees of freedom of the t reference (knha); null for the z-test. */
  df: number | null
  pValue: number
  confLow: number
  confHigh: number
  tau2: number
  /** I^2 in percent. */
  i2: number
  h2: number
  q: number
  qDf: number
  qPValue: number
  /** Model weights w_i = 1 / (v_i + tau2), in study order. */
  weights: number[]
}

/**
 * Inverse-variance meta-analysis of study effects, reproducing `metafor::rma(yi, vi, method)` (intercept-only).
 *
 *   w_i = 1 / (v_i + tau2),  mu = sum w y / sum w,  SE = sqrt(1 / sum w)            (Borenstein et al. 2009,
 *   z-test: mu / SE against N(0, 1), CI mu +/- z_{1-alpha/2} SE                      Introduction to
 *   Q = sum (y - mu_FE)^2 / v_i on k - 1 df                                           Meta-Analysis, ch. 11-12)
 *   I2 (FE) = max(0, 100 (Q - (k - 1)) / Q)
 *   I2 (RE) = 100 tau2 / (tau2 + s2),  s2 = (k - 1) sum w / ((sum w)^2 - sum w^2)     (Higgins & Thompson 2002,
 *   H2 (RE) = tau2 / s2 + 1                                                             Stat Med 21:1539)
 * Hartung-Knapp (Hartung & Knapp 2001, Stat Med 20:3875): Var = sum w (y - mu)^2 / ((k - 1) sum w) on t_{k-1},
 * without truncation, as metafor's test = "knha".
 *
 * @example
 * metaAnalysis({ yi: [-0.4, -0.1, -0.3], vi: [0.04, 0.02, 0.05] }, { method: 'DL' }).estimate
 */
export function metaAnalysis(
  effects: StudyEffects,
  options: MetaAnalysisOptions
): MetaAnalysisResult {
  checkStudyEffects(effects)
  const { yi, vi } = effects
  const { method } = options
  const alpha = options.alpha ?? 0.05
  if (!(alpha > 0 && alpha < 1))
    throw new InvalidInputError('alpha must lie strictly between 0 and 1', { alpha })
  const k = yi.length
  // metafor falls back to the z-test when there is a single study: no residual df.
  const test: MetaAnalysisTest = k === 1 ? 'z' : (options.test ?? 'z')

  const tau2 =
    method === 'FE' ? 0 : method === 'DL' ? derSimonianLairdTau2(yi, vi) : remlTau2(yi, vi)
  const { sumWeights, mean } = weightedSums(yi, vi, tau2)
  const weights = vi.map((v) => 1 / (v + tau2))

  let variance = 1 / sumWeights
  let df: number | null = null
  if (test === 'knha') {
    let weightedResiduals = 0
    for (let i = 0; i < k; i++) weightedResiduals += weights[i] * (yi[i] - mean) * (yi[i] - mean)
    const scale = weightedResiduals / (k - 1)
    // metafor sets the scale to 0 when the residual sum of squares is at rounding level.
    variance *= weightedResiduals <= Number.EPSILON ? 0 : scale
    df = k - 1
  }
  const stdError = Math.sqrt(variance)
  const statistic = mean / stdError
  const critical = df === null ? normalQuantile(1 - alpha / 2) : studentTQuantile(1 - alpha / 2, df)
  const pValue =
    df === null ? 2 * normalUpperTail(Math.abs(statistic)) : studentTTwoSidedP(statistic, df)

  const fe = weightedSums(yi, vi, 0)
  const q = k > 1 ? cochranQ(yi, vi) : 0
  const qDf = k - 1
  const qPValue = k > 1 ? chiSquareUpperTail(q, qDf) : 1
  let i2 = 0
  let h2 = 1
  if (k > 1) {
    if (method === 'FE') {
      i2 = Math.max(0, (100 * (q - qDf)) / q)
      h2 = q / qDf
    } else {
      const typicalVariance =
        (qDf * fe.sumWeights) / (fe.sumWeights * fe.sumWeights - fe.sumSquaredWeights)
      i2 = (100 * tau2) / (typicalVariance + tau2)
      h2 = tau2 / typicalVariance + 1
    }
  }
  // max(0, -Inf) when Q = 0 in R is 0; NaN from 0/0 cannot arise since Q = 0 gives -Inf here.
  if (Number.isNaN(i2)) i2 = 0

  return {
    method,
    test,
    k,
    estimate: mean,
    stdError,
    statistic,
    df,
    pValue,
    confLow: mean - critical * stdError,
    confHigh: mean + critical * stdError,
    tau2,
    i2,
    h2,
    q,
    qDf,
    qPValue,
    weights,
  }
}
