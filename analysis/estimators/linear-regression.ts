import type { EffectEstimate } from '../analysis-result'
import { DesignError } from '../errors'
import { leastSquares } from '../linear-algebra'
import { ZeroVarianceError } from './errors'
import type { GroupIndex } from './group-index'
import { tInference } from './inference'
import { sandwichVariance, type SeType } from './sandwich-variance'

/** A regression to fit: named columns (the first is usually the intercept) and the coefficient reported. */
export interface RegressionProblem {
  readonly names: readonly string[]
  /** Regressor columns, each of length n. */
  readonly columns: readonly Float64Array[]
  readonly outcome: Float64Array
  /** Index in `columns` of the reported coefficient. */
  readonly target: number
  readonly seType: SeType
  readonly clusters?: GroupIndex
  readonly alpha: number
  /**
   * Two-stage least squares: the first-stage fitted values of `columns` (same shape). The coefficients and
   * the sandwich bread use them; the residuals use the original `columns` (y - X b), as iv_robust does.
   */
  readonly fittedColumns?: readonly Float64Array[]
}

/** Packs columns into one column-major Float64Array. */
export function columnMajor(columns: readonly Float64Array[], n: number): Float64Array {
  const matrix = new Float64Array(n * columns.length)
  columns.forEach((column, j) => matrix.set(column, j * n))
  return matrix
}

/**
 * estimatr::lm_robust for one coefficient: least squares with aliased columns dropped, then the sandwich
 * variance named by `seType` and t inference.
 *   b = (X'X)^-1 X'y;  V = (X'X)^-1 X' Omega X (X'X)^-1  (White 1980; MacKinnon & White 1985)
 * For two-stage least squares X is replaced by the fitted X-hat in b and in the bread, and e = y - X b.
 *
 * @example
 * const one = new Float64Array(n).fill(1)
 * linearRegression({ names: ['(Intercept)', 'arm'], columns: [one, arm], outcome: y, target: 1, seType: 'HC2', alpha: 0.05 })
 */
export function linearRegression(problem: RegressionProblem): EffectEstimate {
  const n = problem.outcome.length
  const p = problem.columns.length
  // The reported column goes last: QR keeps columns in order and drops those explained by earlier ones, so
  // a treatment that is itself a combination of the other regressors (e.g. constant within every block) is
  // detected as aliased here rather than kept at the expense of a block indicator.
  const order = [...Array(p).keys()].filter((j) => j !== problem.target).concat(problem.target)
  const estimationColumns = order.map((j) => (problem.fittedColumns ?? problem.columns)[j])
  const design = columnMajor(estimationColumns, n)
  const fit = leastSquares(design, n, p, problem.outcome)
  const target = fit.kept.indexOf(p - 1)
  if (target < 0) {
    throw new DesignError(
      `"${problem.names[problem.target]}" is a linear combination of the other regressors (intercept, covariates, blocks), so its effect cannot be estimated`,
      { column: problem.names[problem.target] }
    )
  }
  let residuals = fit.residuals
  if (problem.fittedColumns !== undefined) {
    residuals = Float64Array.from(problem.outcome)
    fit.kept.forEach((column, b) => {
      const coefficient = fit.coefficients[b]
      const x = problem.columns[order[column]]
      for (let i = 0; i < n; i++) residuals[i] -= coefficient * x[i]
    })
  }
  let residualSquares = 0
  let outcomeSquares = 0
  for (let i = 0; i < n; i++) {
    residualSquares += residuals[i] * residuals[i]
    outcomeSquares += problem.outcome[i] * problem.outcome[i]
  }
  if (residualSquares <= 1e-24 * outcomeSquares) {
    throw new ZeroVarianceError(
      'the outcome is fitted exactly (constant, or a linear function of the regressors): no standard error exists'
    )
  }
  const { variance, df } = sandwichVariance({
    design,
    n,
    kept: fit.kept,
    rInverse: fit.rInverse,
    residuals,
    target,
    seType: problem.seType,
    clusters: problem.clusters,
  })
  if (problem.clusters !== undefined && !(variance > 0 && Number.isFinite(df) && df > 0)) {
    // CR2 gives each cluster that alone determines a coefficient (e.g. the only cluster of an arm) a
    // zero adjusted score: when every cluster is such, the variance and the Bell-McCaffrey df's
    // denominator are both 0, so the df is Infinity or NaN. Name that, not the df.
    throw new ZeroVarianceError(
      `the cluster-robust (${problem.seType}) variance of "${problem.names[problem.target]}" is zero: each arm is fitted exactly by its own cluster(s) (as with a single cluster per arm), so the ${problem.clusters.levels.length} clusters carry no information about its uncertainty`,
      { se_type: problem.seType, clusters: problem.clusters.levels.length }
    )
  }
  const result = tInference(
    fit.coefficients[target],
    Math.sqrt(variance),
    df,
    problem.alpha,
    n,
    `"${problem.names[problem.target]}"`
  )
  const dropped = fit.dropped.map((j) => problem.names[order[j]])
  return dropped.length > 0 ? { ...result, dropped_covariates: dropped } : result
}
