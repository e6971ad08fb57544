import { InvalidInputError } from '../errors'

/**
 * Balance of one baseline covariate between arms. Statistics that the data cannot define are null.
 *
 * @example
 * const b: CovariateBalance = covariateBalance(ages, treated) // b.smd, b.hedgesG
 */
export interface CovariateBalance {
  meanTreatment: number
  meanControl: number
  sdTreatment: number | null
  sdControl: number | null
  nTreatment: number
  nControl: number
  /** (m1 - m0) / sqrt((sd1^2 + sd0^2) / 2). */
  smd: number | null
  /** (m1 - m0) / s_pooled, times the small-sample factor 1 - 3 / (4 (n1 + n0) - 9). */
  hedgesG: number | null
  /** (logit(m1) - logit(m0)) / 1.65, for 0/1 covariates with both proportions strictly inside (0, 1). */
  coxIndex: number | null
  /** sd1^2 / sd0^2; near 1 when spreads match (Imbens & Rubin 2015, section 14.2). */
  varianceRatio: number | null
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null)

/**
 * Baseline balance of one covariate, with the effect sizes the What Works Clearinghouse uses:
 *   smd = (m1 - m0) / sqrt((sd1^2 + sd0^2) / 2)                                    (Austin 2009, Stat Med 28:3083)
 *   g = (m1 - m0) / s_pooled (1 - 3 / (4 N - 9)),
 *   s_pooled = sqrt(((n1 - 1) sd1^2 + (n0 - 1) sd0^2) / (N - 2))                    (Hedges 1981, J Educ Stat 6:107)
 *   cox = (logit(p1) - logit(p0)) / 1.65                                          (Cox 1970; WWC Procedures
 *                                                                                    Handbook v5.0, appendix E)
 * sd uses the n - 1 divisor.
 *
 * @example
 * covariateBalance(Float64Array.of(1, 0, 1, 1), Uint8Array.of(1, 1, 0, 0)).coxIndex // (logit(0.5) - logit(1)) -> null
 */
export function covariateBalance(values: Float64Array, treated: Uint8Array): CovariateBalance {
  if (values.length !== treated.length)
    throw new InvalidInputError('covariate and treatment must have the same length')
  const sums = [0, 0]
  const counts = [0, 0]
  let binary = true
  for (let i = 0; i < values.length; i++) {
    sums[treated[i]] += values[i]
    counts[treated[i]]++
    if (values[i] !== 0 && values[i] !== 1) binary = false
  }
  const [n0, n1] = counts
  if (n0 === 0 || n1 === 0) {
    throw new InvalidInputError('balance needs observed values of the covariate in both arms', {
      nTreatment: n1,
      nControl: n0,
    })
  }
  const m0 = sums[0] / n0
  const m1 = sums[1] / n1
  const squares = [0, 0]
  for (let i = 0; i < values.length; i++) {
    const deviation = values[i] - (treated[i] === 1 ? m1 : m0)
    squares[treated[i]] += deviation * deviation
  }
  const var0 = n0 > 1 ? squares[0] / (n0 - 1) : Number.NaN
  const var1 = n1 > 1 ? squares[1] / (n1 - 1) : Number.NaN
  const total = n0 + n1
  const difference = m1 - m0
  const pooled = Math.sqrt(((n1 - 1) * var1 + (n0 - 1) * var0) / (total - 2))
  const logit = (p: number) => Math.log(p / (1 - p))
  const interior = (p: number) => p > 0 && p < 1
  return {
    meanTreatment: m1,
    meanControl: m0,
    sdTreatment: finiteOrNull(Math.sqrt(var1)),
    sdControl: finiteOrNull(Math.sqrt(var0)),
    nTreatment: n1,
    nControl: n0,
    smd: finiteOrNull(difference / Math.sqrt((var1 + var0) / 2)),
    hedgesG: finiteOrNull((difference / pooled) * (1 - 3 / (4 * total - 9))),
    coxIndex: binary && interior(m1) && interior(m0) ? (logit(m1) - logit(m0)) / 1.65 : null,
    varianceRatio: finiteOrNull(var1 / var0),
  }
}
