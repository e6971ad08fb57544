import { chiSquareUpperTail } from '../distributions'
import { InvalidInputError } from '../errors'
import { tableTotal, type TwoByTwoTable } from './two-by-two'

/**
 * Result of a 2x2 chi-square test.
 *
 * @example
 * const { statistic, pValue }: ChiSquareResult = chiSquareTest(table, true)
 */
export interface ChiSquareResult {
  statistic: number
  df: number
  pValue: number
  /** Whether Yates' correction was requested (it is 0 in effect when every |O - E| is 0). */
  corrected: boolean
  /** R's warning when an expected count is below 5 and the approximation may be poor. */
  warnings: string[]
}

/**
 * Pearson's chi-square test of independence on a 2x2 table, as R's `chisq.test`:
 *   E_ij = row_i col_j / N,  X^2 = sum (|O_ij - E_ij| - c)^2 / E_ij  on 1 df,
 * with Yates' continuity correction c = min(0.5, |O_ij - E_ij|) when `correct`, else c = 0.
 * Yates (1934), JRSS Suppl 1:217; Agresti (2013), Categorical Data Analysis, 3rd ed., section 3.2.
 *
 * @example
 * chiSquareTest({ controlNoEvent: 20, controlEvent: 10, treatedNoEvent: 25, treatedEvent: 5 }, false).statistic
 * // 2.2222222222222223 (R: chisq.test(matrix(c(20, 25, 10, 5), 2), correct = FALSE)$statistic)
 */
export function chiSquareTest(table: TwoByTwoTable, correct = true): ChiSquareResult {
  const observed = [
    [table.controlNoEvent, table.controlEvent],
    [table.treatedNoEvent, table.treatedEvent],
  ]
  const total = tableTotal(table)
  const rows = observed.map((row) => row[0] + row[1])
  const columns = [observed[0][0] + observed[1][0], observed[0][1] + observed[1][1]]
  if (rows.includes(0) || columns.includes(0)) {
    throw new InvalidInputError(
      'chi-square test needs both arms and both outcome values to occur',
      {
        rows,
        columns,
      }
    )
  }
  const expected = rows.map((r) => columns.map((c) => (r * c) / total))
  let yates = 0
  if (correct) {
    yates = 0.5
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 2; j++) yates = Math.min(yates, Math.abs(observed[i][j] - expected[i][j]))
  }
  let statistic = 0
  // Column-major, the order R sums the matrix in.
  for (let j = 0; j < 2; j++) {
    for (let i = 0; i < 2; i++) {
      const deviation = Math.abs(observed[i][j] - expected[i][j]) - yates
      statistic += (deviation * deviation) / expected[i][j]
    }
  }
  const warnings = expected.flat().some((e) => e < 5)
    ? ['Chi-squared approximation may be incorrect: an expected count is below 5']
    : []
  return {
    statistic,
    df: 1,
    pValue: chiSquareUpperTail(statistic, 1),
    corrected: correct,
    warnings,
  }
}
