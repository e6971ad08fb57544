import type { AnalysisResult } from '../analysis-result'
import type { DataTable } from '../data'
import type { SpecOf } from '../spec'
import { fisherExact } from './fisher-exact'
import { tableTotal, twoByTwoFromTable } from './two-by-two'

/** JSON has no infinity: an unbounded odds ratio or limit is reported as null. */
const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null)

/**
 * The `fisher_exact` analysis of the engine's contract on `table(treatment, outcome)`.
 *
 * @example
 * fisherExactAnalysis({ estimator: 'fisher_exact', outcome: 'homeless_at_6m', treatment: 'arm', alpha: 0.05 }, table)
 * // { p_value, odds_ratio, conf_low, conf_high, n, table }
 */
export function fisherExactAnalysis(
  spec: SpecOf<'fisher_exact'>,
  table: DataTable
): AnalysisResult {
  const counts = twoByTwoFromTable(table, spec, spec.outcome)
  const result = fisherExact(counts, spec.alpha)
  return {
    p_value: result.pValue,
    odds_ratio: finiteOrNull(result.oddsRatio),
    conf_low: finiteOrNull(result.confLow),
    conf_high: finiteOrNull(result.confHigh),
    n: tableTotal(counts),
    table: {
      control: [counts.controlNoEvent, counts.controlEvent],
      treatment: [counts.treatedNoEvent, counts.treatedEvent],
    },
  }
}
