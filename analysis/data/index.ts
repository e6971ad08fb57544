export type { Column, DataTable, NumericColumn, TextColumn } from './data-table'
export { parseCsv } from './parse-csv'
export { completeCaseRows, getColumn, labelColumn, numericColumn } from './columns'
export { ColumnTypeError, CsvFormatError, MissingColumnError } from './errors'
