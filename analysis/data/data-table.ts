/** A numeric column: every non-empty field parsed as a finite number; `null` marks a missing value. */
export interface NumericColumn {
  readonly kind: 'numeric'
  readonly values: readonly (number | null)[]
}

/** A text column: at least one non-empty field is not a number; `null` marks a missing value. */
export interface TextColumn {
  readonly kind: 'text'
  readonly values: readonly (string | null)[]
}

/** One column of a {@link DataTable}. */
export type Column = NumericColumn | TextColumn

/**
 * A rectangular table of named columns, each typed once at parse time.
 *
 * @example
 * const table: DataTable = { names: ['y'], rowCount: 1, columns: { y: { kind: 'numeric', values: [1] } } }
 */
export interface DataTable {
  /** Column names in header order. */
  readonly names: readonly string[]
  readonly rowCount: number
  readonly columns: Readonly<Record<string, Column>>
}
