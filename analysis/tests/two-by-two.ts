import type { DataTable } from '../data'
import { selectAnalysisSample, type ArmSelection } from '../data/analysis-sample'
import { binaryAt } from '../estimators/sample-values'

/**
 * Counts of a binary outcome by arm, laid out as R's `table(treatment, outcome)` with levels 0, 1:
 * rows are control (0) then treatment (1), columns outcome 0 then outcome 1.
 *
 * @example
 * const table: TwoByTwoTable = { controlNoEvent: 40, controlEvent: 20, treatedNoEvent: 48, treatedEvent: 12 }
 */
export interface TwoByTwoTable {
  readonly controlNoEvent: number
  readonly controlEvent: number
  readonly treatedNoEvent: number
  readonly treatedEvent: number
}

/**
 * Cross-tabulates a 0/1 treatment against a 0/1 outcome.
 *
 * @example
 * crossTabulate(Uint8Array.of(0, 0, 1, 1), Uint8Array.of(0, 1, 1, 1))
 * // { controlNoEvent: 1, controlEvent: 1, treatedNoEvent: 0, treatedEvent: 2 }
 */
function crossTabulate(treated: ArrayLike<number>, outcome: ArrayLike<number>): TwoByTwoTable {
  const counts = [0, 0, 0, 0]
  for (let i = 0; i < treated.length; i++) counts[2 * treated[i] + outcome[i]]++
  return {
    controlNoEvent: counts[0],
    controlEvent: counts[1],
    treatedNoEvent: counts[2],
    treatedEvent: counts[3],
  }
}

/**
 * The 2x2 table of a spec's treatment by its binary outcome, over complete cases.
 *
 * @example
 * twoByTwoFromTable(table, { treatment: 'arm' }, 'homeless_at_6m').treatedEvent
 */
export function twoByTwoFromTable(
  table: DataTable,
  arms: ArmSelection,
  outcome: string
): TwoByTwoTable {
  const sample = selectAnalysisSample(table, arms, [outcome])
  return crossTabulate(sample.treated, binaryAt(table, outcome, sample.rows))
}

/**
 * Total count of a 2x2 table.
 *
 * @example
 * tableTotal({ controlNoEvent: 1, controlEvent: 1, treatedNoEvent: 0, treatedEvent: 2 }) // 4
 */
export function tableTotal(t: TwoByTwoTable): number {
  return t.controlNoEvent + t.controlEvent + t.treatedNoEvent + t.treatedEvent
}
