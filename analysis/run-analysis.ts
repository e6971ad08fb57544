import type { AnalysisResult, ResultValue } from './analysis-result'
import type { DataTable } from './data'
import { InvalidInputError } from './errors'
import { estimatorFor } from './estimators/catalogue'
import { NonFiniteResultError } from './estimators/errors'
import type { AnalysisSpec } from './spec'

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
  const { run } = estimatorFor(spec)
  return run.input === 'table' ? run.analyse(spec, requireTable(spec, table)) : run.analyse(spec)
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
