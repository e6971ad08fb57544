/** A JSON value an analysis may report. Numbers are always finite. */
export type ResultValue =
  | number
  | string
  | boolean
  | null
  | readonly ResultValue[]
  | { readonly [key: string]: ResultValue }

/**
 * The fields one analysis reports, snake_case as in the oracle contract (`estimate`, `std_error`, ...).
 *
 * @example
 * const result: AnalysisResult = { estimate: -4.2, std_error: 1.9, df: null }
 */
export type AnalysisResult = { readonly [field: string]: ResultValue }

/**
 * The standard output of an effect estimator: treatment minus control with its inference.
 *
 * @example
 * const r: EffectEstimate = { estimate: 1, std_error: 0.5, statistic: 2, df: 98, p_value: 0.048, conf_low: 0.01, conf_high: 1.99, n: 100 }
 */
export interface EffectEstimate {
  readonly estimate: number
  readonly std_error: number
  readonly statistic: number
  /** Degrees of freedom of the t reference distribution; null for normal (z) inference. */
  readonly df: number | null
  readonly p_value: number
  readonly conf_low: number
  readonly conf_high: number
  readonly n: number
  /** Non-fatal notes on how the design was handled (e.g. mixed pair and larger blocks). */
  readonly warnings?: readonly string[]
  /** Covariates dropped because they were collinear with earlier columns. */
  readonly dropped_covariates?: readonly string[]
}
