import type { AnalysisResult } from '../analysis-result'
import type { DataTable } from '../data'
import type { SpecOf } from '../spec'
import { chiSquareTest } from './chi-square'
import { tableTotal, twoByTwoFromTable } from './two-by-two'

/**
 * The `chi_square` analysis of the engine's contract on `table(treatment, outcome)`.
 *
 * @example
 * chiSquareAnalysis({ estimator: 'chi_square', outcome: 'homeless_at_6m', treatment: 'arm', correct: true, alpha: 0.05 }, table)
 * // { statistic, df: 1, p_value, n, correct: true }
 */
export function chiSquareAnalysis(spec: SpecOf<'chi_square'>, table: DataTable): AnalysisResult {
  const counts = twoByTwoFromTable(table, spec, spec.outcome)
  const result = chiSquareTest(counts, spec.correct)
  return {
    statistic: result.statistic,
    df: result.df,
    p_value: result.pValue,
    n: tableTotal(counts),
    correct: result.corrected,
    warnings: result.warnings,
  }
}
