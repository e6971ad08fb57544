import { labelColumn, numericColumn, type DataTable } from '../data'
import { InvalidInputError } from '../errors'

/**
 * The values of a numeric column at the given rows (complete cases, so never null).
 *
 * @example
 * numericAt(table, 'age_head', [0, 2]) // Float64Array [58, 41]
 */
export function numericAt(table: DataTable, name: string, rows: readonly number[]): Float64Array {
  const values = numericColumn(table, name)
  const out = new Float64Array(rows.length)
  rows.forEach((r, i) => {
    out[i] = values[r] as number
  })
  return out
}

/**
 * The values of any column at the given rows, as labels (for blocks and clusters).
 *
 * @example
 * labelsAt(table, 'council_area', [0, 1]) // ['Northbrook', 'Eastfield']
 */
export function labelsAt(table: DataTable, name: string, rows: readonly number[]): string[] {
  const values = labelColumn(table, name)
  return rows.map((r) => values[r] as string)
}

/**
 * A 0/1 outcome column at the given rows, refusing any other value.
 *
 * @example
 * binaryAt(table, 'homeless_at_6m', rows) // Uint8Array [0, 1, ...]
 */
export function binaryAt(table: DataTable, name: string, rows: readonly number[]): Uint8Array {
  const values = numericAt(table, name, rows)
  const out = new Uint8Array(values.length)
  values.forEach((v, i) => {
    if (v !== 0 && v !== 1) {
      throw new InvalidInputError(
        `outcome "${name}" must be coded 0/1 for this estimator; found ${v}`,
        {
          column: name,
          value: v,
        }
      )
    }
    out[i] = v
  })
  return out
}
