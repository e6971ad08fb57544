import type { AnalysisResult, ResultValue } from './analysis-result'
import type { DataTable } from './data'
import { InvalidInputError } from './errors'
import { EstimatorUnavailableError, NonFiniteResultError } from './estimators/errors'
import { differenceInMeans } from './estimators/difference-in-means'
import { instrumentalVariables } from './estimators/instrumental-variables'
import { lin } from './estimators/lin'
import { logistic } from './estimators/logistic'
import { riskDifference } from './estimators/risk-difference'
import { riskRatio } from './estimators/risk-ratio'
import { ols } from './estimators/ols'
import { welchT } from './estimators/welch-t'
import type { AnalysisSpec } from './spec'
import { pAdjustAnalysis } from './multiple-comparisons'
import { powerAnalysis } from './power'
import { metaAnalysisAnalysis } from './meta-analysis'
import { chiSquareAnalysis, fisherExactAnalysis } from './tests'
import { randomisationInferenceAnalysis } from './randomisation-inference'
import { attritionAnalysis, balanceAnalysis } from './balance'

function notYetAvailable(estimator: string): never {
  throw new EstimatorUnavailableError(
    `estimator "${estimator}" is not yet available in this engine`,
    { estimator }
  )
}

function requireTable(spec: AnalysisSpec, table: DataTable | undefined): DataTable {
  if (table === undefined) {
    throw new InvalidInputError(`estimator "${spec.estimator}" needs a data table`, {
      estimator: spec.estimator,
    })
  }
  return table
}

/** Walks the result and refuses NaN and Infinity anywhere, naming the field. */
function assertFinite(value: ResultValue | undefined, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw new NonFiniteResultError(
        `the analysis produced a non-finite ${path} (${value}); the data cannot support it`,
        {
          field: path,
        }
      )
    }
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => assertFinite(v, `${path}[${i}]`))
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) assertFinite(v, path === '' ? k : `${path}.${k}`)
  }
}

// Estimators return their own result types (interfaces); the walk below checks them as JSON values.
function dispatch(spec: AnalysisSpec, table: DataTable | undefined): object {
  switch (spec.estimator) {
    case 'difference_in_means':
      return differenceInMeans(spec, requireTable(spec, table))
    case 'ols':
      return ols(spec, requireTable(spec, table))
    case 'lin':
      return lin(spec, requireTable(spec, table))
    case 'iv':
      return instrumentalVariables(spec, requireTable(spec, table))
    case 'logistic':
      return logistic(spec, requireTable(spec, table))
    case 'risk_difference':
      return riskDifference(spec, requireTable(spec, table))
    case 'risk_ratio':
      return riskRatio(spec, requireTable(spec, table))
    case 'welch_t':
      return welchT(spec, requireTable(spec, table))
    case 'fisher_exact':
      return fisherExactAnalysis(spec, requireTable(spec, table))
    case 'chi_square':
      return chiSquareAnalysis(spec, requireTable(spec, table))
    case 'randomisation_inference':
      return randomisationInferenceAnalysis(spec, requireTable(spec, table))
    case 'balance':
      return balanceAnalysis(spec, requireTable(spec, table))
    case 'attrition':
      return attritionAnalysis(spec, requireTable(spec, table))
    case 'p_adjust':
      return pAdjustAnalysis(spec)
    case 'power':
      return powerAnalysis(spec)
    case 'meta_analysis':
      return metaAnalysisAnalysis(spec)
  }
}

/**
 * Runs one validated analysis spec. Data-based estimators need `table`; input-only ones (p_adjust,
 * power, meta_analysis) ignore it. Throws a DomainError for anything that cannot be analysed, and never
 * returns NaN or Infinity.
 *
 * @example
 * const spec = analysisSpecSchema.parse({ estimator: 'welch_t', outcome: 'days', treatment: 'arm' })
 * runAnalysis(spec, parseCsv(csvText)) // { estimate, statistic, df, p_value, conf_low, conf_high, n }
 */
export function runAnalysis(spec: AnalysisSpec, table?: DataTable): AnalysisResult {
  const result = dispatch(spec, table) as AnalysisResult
  assertFinite(result, '')
  return result
}
