import type { Column, DataTable } from './data-table'
import { ColumnTypeError, MissingColumnError } from './errors'

/**
 * The column called `name`, or a {@link MissingColumnError} naming the columns that exist.
 *
 * @example
 * getColumn(table, 'arm').kind // 'numeric'
 */
export function getColumn(table: DataTable, name: string): Column {
  const column = Object.prototype.hasOwnProperty.call(table.columns, name)
    ? table.columns[name]
    : undefined
  if (column === undefined) {
    throw new MissingColumnError(
      `column "${name}" is not in the data (columns: ${table.names.join(', ')})`,
      {
        column: name,
        available: [...table.names],
      }
    )
  }
  return column
}

/**
 * The values of a numeric column, or a clear error if it is absent or holds text.
 *
 * @example
 * numericColumn(table, 'age_head') // [58, 32, null, ...]
 */
export function numericColumn(table: DataTable, name: string): readonly (number | null)[] {
  const column = getColumn(table, name)
  if (column.kind !== 'numeric') {
    const example =
      column.values.find((v) => v !== null && !/^[+-]?[\d.]/.test(v)) ??
      column.values.find((v) => v !== null)
    throw new ColumnTypeError(
      `column "${name}" must be numeric but holds text (e.g. "${example}")`,
      { column: name }
    )
  }
  return column.values
}

/**
 * The values of any column as labels (numbers written as text), for grouping columns such as blocks
 * and clusters, which may be coded either way.
 *
 * @example
 * labelColumn(table, 'council_area') // ['Northbrook', 'Eastfield', ...]
 */
export function labelColumn(table: DataTable, name: string): readonly (string | null)[] {
  const column = getColumn(table, name)
  if (column.kind === 'text') return column.values
  return column.values.map((v) => (v === null ? null : String(v)))
}

/**
 * Indices of the rows observed in every one of `names` (complete-case analysis, as R's `na.omit`).
 * Every name must be a column of the table.
 *
 * @example
 * completeCaseRows(table, ['y', 'arm']) // [0, 1, 3, ...]
 */
export function completeCaseRows(table: DataTable, names: readonly string[]): number[] {
  const columns = [...new Set(names)].map((n) => getColumn(table, n).values)
  const rows: number[] = []
  for (let r = 0; r < table.rowCount; r++) {
    if (columns.every((values) => values[r] !== null)) rows.push(r)
  }
  return rows
}
