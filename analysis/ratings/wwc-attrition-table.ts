/**
 * One row of WWC Standards Handbook v4.1, Table II.1: for a whole-percent overall attrition, the
 * highest differential attrition (percentage points) that still counts as low. `null` = no
 * differential is low enough (a dash in the table).
 */
export type WwcAttritionRow = {
  overall: number
  cautious: number | null
  optimistic: number | null
}

/** Whole table with one optimistic column: what `wwc_attrition_table` in the rating options holds. */
export type WwcAttritionTable = readonly WwcAttritionRow[]

// [overall %, cautious, optimistic column B (CRAN baselinr, v4.1), optimistic column A (RWWC, v4.0)].
// EVIDENCE_RATINGS.md §4.2 notes that the two optimistic transcriptions disagree by one row from
// row 13 on; both are kept so the Centre can switch without a code change.
const ROWS: readonly (readonly [number, number | null, number, number | null])[] = [
  [0, 5.7, 10.0, 10.0],
  [1, 5.8, 10.1, 10.1],
  [2, 5.9, 10.2, 10.2],
  [3, 5.9, 10.3, 10.3],
  [4, 6.0, 10.4, 10.4],
  [5, 6.1, 10.5, 10.5],
  [6, 6.2, 10.7, 10.7],
  [7, 6.3, 10.8, 10.8],
  [8, 6.3, 10.9, 10.9],
  [9, 6.3, 10.9, 10.9],
  [10, 6.3, 10.9, 10.9],
  [11, 6.2, 10.9, 10.9],
  [12, 6.2, 10.9, 10.9],
  [13, 6.1, 10.8, 10.9],
  [14, 6.0, 10.8, 10.8],
  [15, 5.9, 10.7, 10.8],
  [16, 5.9, 10.6, 10.7],
  [17, 5.8, 10.5, 10.6],
  [18, 5.7, 10.3, 10.5],
  [19, 5.5, 10.2, 10.3],
  [20, 5.4, 10.0, 10.2],
  [21, 5.3, 9.9, 10.0],
  [22, 5.2, 9.7, 9.9],
  [23, 5.1, 9.5, 9.7],
  [24, 4.9, 9.4, 9.5],
  [25, 4.8, 9.2, 9.4],
  [26, 4.7, 9.0, 9.2],
  [27, 4.5, 8.8, 9.0],
  [28, 4.4, 8.6, 8.8],
  [29, 4.3, 8.4, 8.6],
  [30, 4.1, 8.2, 8.4],
  [31, 4.0, 8.0, 8.2],
  [32, 3.8, 7.8, 8.0],
  [33, 3.6, 7.6, 7.8],
  [34, 3.5, 7.4, 7.6],
  [35, 3.3, 7.2, 7.4],
  [36, 3.2, 7.0, 7.2],
  [37, 3.1, 6.7, 7.0],
  [38, 2.9, 6.5, 6.7],
  [39, 2.8, 6.3, 6.5],
  [40, 2.6, 6.0, 6.3],
  [41, 2.5, 5.8, 6.0],
  [42, 2.3, 5.6, 5.8],
  [43, 2.1, 5.3, 5.6],
  [44, 2.0, 5.1, 5.3],
  [45, 1.8, 4.9, 5.1],
  [46, 1.6, 4.6, 4.9],
  [47, 1.5, 4.4, 4.6],
  [48, 1.3, 4.2, 4.4],
  [49, 1.2, 3.9, 4.2],
  [50, 1.0, 3.7, 3.9],
  [51, 0.9, 3.5, 3.7],
  [52, 0.7, 3.2, 3.5],
  [53, 0.6, 3.0, 3.2],
  [54, 0.4, 2.8, 3.0],
  [55, 0.3, 2.6, 2.8],
  [56, 0.2, 2.3, 2.6],
  [57, 0.0, 2.1, 2.3],
  [58, null, 1.9, null],
  [59, null, 1.6, null],
  [60, null, 1.4, null],
  [61, null, 1.1, null],
  [62, null, 0.9, null],
  [63, null, 0.7, null],
  [64, null, 0.5, null],
  [65, null, 0.3, null],
]

/**
 * WWC attrition boundaries (Table II.1) with the optimistic column chosen by `column`:
 * `B` (default, complete to 65%) or `A` (to 57% only). Source: WWC Standards Handbook v4.1 (2020),
 * Table II.1, as transcribed in EVIDENCE_RATINGS.md §4.2.
 *
 * @example
 * wwcAttritionTable('B')[10] // { overall: 10, cautious: 6.3, optimistic: 10.9 }
 */
export function wwcAttritionTable(column: 'A' | 'B' = 'B'): WwcAttritionTable {
  return ROWS.map(([overall, cautious, optimisticB, optimisticA]) => ({
    overall,
    cautious,
    optimistic: column === 'B' ? optimisticB : optimisticA,
  }))
}
