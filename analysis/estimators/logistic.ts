import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import { DesignError } from '../errors'
import { leastSquares } from '../linear-algebra'
import type { SpecOf } from '../spec'
import { ConvergenceError } from './errors'
import { zInference } from './inference'
import { columnMajor } from './linear-regression'
import { binaryAt, numericAt } from './sample-values'

/** Logistic regression result: the treatment log-odds ratio with Wald inference, and its odds ratio. */
export type LogisticEstimate = EffectEstimate & { readonly odds_ratio: number }

const MAX_ITERATIONS = 100
const TOLERANCE = 1e-14

/**
 * Logistic regression by iteratively reweighted least squares, R's
 * `glm(outcome ~ treatment + covariates, family = binomial)` run to full convergence
 * (|dev - dev_old| / (|dev| + 0.1) < 1e-14), with the model-based SE sqrt(diag((X'WX)^-1)), z statistic,
 * Wald CI on the log-odds scale and odds_ratio = exp(estimate) (McCullagh & Nelder 1989, Generalized Linear
 * Models 2nd ed., section 2.5; Agresti 2013, Categorical Data Analysis 3rd ed., section 4.6).
 * Perfect separation (no finite MLE) is an error rather than a huge coefficient.
 *
 * @example
 * logistic(analysisSpecSchema.parse({ estimator: 'logistic', outcome: 'homeless', treatment: 'arm' }), table).odds_ratio
 */
export function logistic(spec: SpecOf<'logistic'>, table: DataTable): LogisticEstimate {
  const sample = selectAnalysisSample(table, spec, [spec.outcome, ...spec.covariates])
  const n = sample.rows.length
  const y = binaryAt(table, spec.outcome, sample.rows)
  const names = ['(Intercept)', spec.treatment, ...spec.covariates]
  const columns = [
    new Float64Array(n).fill(1),
    Float64Array.from(sample.treated),
    ...spec.covariates.map((c) => numericAt(table, c, sample.rows)),
  ]
  const p = columns.length
  const design = columnMajor(columns, n)
  // glm's start: mu = (y + 0.5) / 2
  const mu = Float64Array.from(y, (v) => (v + 0.5) / 2)
  const eta = Float64Array.from(mu, (m) => Math.log(m / (1 - m)))
  const weighted = new Float64Array(n * p)
  const response = new Float64Array(n)
  let deviance = Number.POSITIVE_INFINITY
  let converged = false
  let fit = leastSquares(design, n, p, Float64Array.from(y))
  for (let iteration = 0; iteration < MAX_ITERATIONS; iteration++) {
    for (let i = 0; i < n; i++) {
      const w = mu[i] * (1 - mu[i])
      const root = Math.sqrt(w)
      response[i] = root * (eta[i] + (y[i] - mu[i]) / w)
      for (let j = 0; j < p; j++) weighted[j * n + i] = root * design[j * n + i]
    }
    fit = leastSquares(weighted, n, p, response)
    eta.fill(0)
    fit.kept.forEach((column, b) => {
      const coefficient = fit.coefficients[b]
      for (let i = 0; i < n; i++) eta[i] += coefficient * design[column * n + i]
    })
    let next = 0
    for (let i = 0; i < n; i++) {
      mu[i] = 1 / (1 + Math.exp(-eta[i]))
      // binomial deviance: -2 sum [y log mu + (1 - y) log(1 - mu)]
      next -= 2 * (y[i] === 1 ? Math.log(mu[i]) : Math.log1p(-mu[i]))
    }
    if (!Number.isFinite(next) || mu.some((m) => !(m > 1e-10 && m < 1 - 1e-10))) {
      throw new ConvergenceError(
        'logistic regression: fitted probabilities of 0 or 1 (perfect or quasi-complete separation), so the odds ratio has no finite estimate'
      )
    }
    const change = Math.abs(next - deviance) / (Math.abs(next) + 0.1)
    deviance = next
    if (change < TOLERANCE) {
      converged = true
      break
    }
  }
  if (!converged)
    throw new ConvergenceError(
      `logistic regression did not converge in ${MAX_ITERATIONS} iterations`
    )
  // Information at the converged mu: one more weighted QR, so the SE uses the final weights.
  for (let i = 0; i < n; i++) {
    const root = Math.sqrt(mu[i] * (1 - mu[i]))
    for (let j = 0; j < p; j++) weighted[j * n + i] = root * design[j * n + i]
  }
  const information = leastSquares(weighted, n, p, response)
  const target = information.kept.indexOf(1)
  if (target < 0) {
    throw new DesignError(
      `"${names[1]}" is a linear combination of the covariates, so its effect cannot be estimated`
    )
  }
  const r = information.rank
  let variance = 0
  for (let c = target; c < r; c++) variance += information.rInverse[target * r + c] ** 2
  const estimate = fit.coefficients[fit.kept.indexOf(1)]
  const result = zInference(estimate, Math.sqrt(variance), spec.alpha, n, 'the log odds ratio')
  const dropped = information.dropped.map((j) => names[j])
  return {
    ...result,
    odds_ratio: Math.exp(estimate),
    ...(dropped.length > 0 ? { dropped_covariates: dropped } : {}),
  }
}
