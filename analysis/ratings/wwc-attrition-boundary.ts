import type { RatingOptions } from './rating-options'
import { formatNumber } from '../format-number'
import { atMost } from './rounding'
import { wwcAttritionTable, type WwcAttritionTable } from './wwc-attrition-table'

export type WwcBoundary = 'cautious' | 'optimistic'

/** Result of one §4.2 lookup: low/high, the boundary value compared against, and the rows read. */
export type WwcAttritionClass = {
  status: 'low' | 'high'
  boundaryValue: number | null
  rowsUsed: number[]
  interpretation: boolean
  detail: string
  /** `detail` in plain words. */
  words: string
}

/**
 * The Table II.1 in force under `options` (§4.2): a staff-corrected table, or the shipped one.
 *
 * @example
 * activeWwcAttritionTable({ wwc_attrition_table: null, wwc_optimistic_column: 'A' })[57].optimistic // 2.3
 */
function activeWwcAttritionTable(
  options: Pick<RatingOptions, 'wwc_attrition_table' | 'wwc_optimistic_column'>
): WwcAttritionTable {
  return options.wwc_attrition_table ?? wwcAttritionTable(options.wwc_optimistic_column)
}

function rowsFor(overall: number, rule: RatingOptions['wwc_fractional_overall']): number[] {
  const floor = Math.floor(overall)
  if (Number.isInteger(overall)) return [overall]
  if (rule === 'floor') return [floor]
  if (rule === 'nearest') return [Math.floor(overall + 0.5)]
  return [floor, Math.ceil(overall)]
}

const fmt = (x: number) => x.toFixed(1)

/**
 * Classifies attrition as low or high under one WWC boundary (WWC Standards Handbook v4.1, Table II.1;
 * EVIDENCE_RATINGS.md §4.2): low when differential <= boundary(overall) + 1e-9. A dash (null) or an
 * overall beyond the table is high. Non-whole overall attrition reads the floor and ceiling rows and
 * keeps the smaller boundary (INTERPRETATION; `wwc_fractional_overall` switches to nearest or floor).
 *
 * @example
 * classifyWwcAttrition(10, 7, 'cautious', options).status // 'high' (boundary 6.3 at row 10)
 */
export function classifyWwcAttrition(
  overallPercent: number,
  differentialPoints: number,
  boundary: WwcBoundary,
  options: Pick<
    RatingOptions,
    'wwc_attrition_table' | 'wwc_optimistic_column' | 'wwc_fractional_overall'
  >
): WwcAttritionClass {
  const table = activeWwcAttritionTable(options)
  const rowsUsed = rowsFor(overallPercent, options.wwc_fractional_overall)
  const interpretation = !Number.isInteger(overallPercent)
  const rowLabel = `row${rowsUsed.length === 1 ? '' : 's'} ${rowsUsed.join('/')}`
  const head = `overall ${fmt(overallPercent)}%, differential ${fmt(differentialPoints)}pp`
  const headWords = `overall attrition ${formatNumber(overallPercent)}%, differential attrition ${formatNumber(differentialPoints)} percentage points`
  const values = rowsUsed.map(
    (overall) => table.find((row) => row.overall === overall)?.[boundary] ?? null
  )
  if (values.some((value) => value === null)) {
    return {
      status: 'high',
      boundaryValue: null,
      rowsUsed,
      interpretation,
      detail: `${head}: no ${boundary} boundary at ${rowLabel} (beyond the table), so attrition is high`,
      words: `${headWords}: beyond the table of ${boundary} boundaries, so attrition is high`,
    }
  }
  const boundaryValue = Math.min(...(values as number[]))
  const low = atMost(differentialPoints, boundaryValue)
  return {
    status: low ? 'low' : 'high',
    boundaryValue,
    rowsUsed,
    interpretation,
    detail: `${head} ${low ? '<=' : '>'} ${boundary} boundary ${fmt(boundaryValue)} (${rowLabel})`,
    words: `${headWords} ${low ? 'at most' : 'above'} the ${boundary} boundary of ${formatNumber(boundaryValue)} points (${rowLabel} of the attrition table)`,
  }
}
