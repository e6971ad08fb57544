import { InvalidInputError } from '../errors'

/**
 * A spec names a column the data table does not have.
 *
 * @example
 * throw new MissingColumnError('column "age" is not in the data', { column: 'age' })
 */
export class MissingColumnError extends InvalidInputError {
  override readonly code: string = 'missing-column'
}

/**
 * A column is used as a number but holds text.
 *
 * @example
 * throw new ColumnTypeError('column "area" is not numeric', { column: 'area' })
 */
export class ColumnTypeError extends InvalidInputError {
  override readonly code: string = 'column-not-numeric'
}

/**
 * The CSV text breaks the file conventions (ragged rows, empty or duplicated header).
 *
 * @example
 * throw new CsvFormatError('row 3 has 4 fields, the header has 5', { row: 3 })
 */
export class CsvFormatError extends InvalidInputError {
  override readonly code: string = 'csv-format'
}

/**
 * The treatment column is not coded as the estimator needs (0/1, or the two arms named in the spec).
 *
 * @example
 * throw new TreatmentCodingError('treatment column "arm" must be coded 0/1', { values: ['2'] })
 */
export class TreatmentCodingError extends InvalidInputError {
  override readonly code: string = 'treatment-coding'
}
