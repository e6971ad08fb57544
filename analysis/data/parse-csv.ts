import type { Column, DataTable } from './data-table'
import { isDecimalLiteral } from './decimal-literal'
import { CsvFormatError } from './errors'

/**
 * Parses CSV text in the oracle convention: a header line, comma-separated, unquoted fields, an empty
 * field is a missing value. A column is numeric when every non-empty field is a decimal number
 * (a column with no values at all is numeric); otherwise it is text. `NA` is read as missing, as R writes it.
 *
 * @example
 * const t = parseCsv('id,y\nA,1.5\nB,\n')
 * t.columns.y // { kind: 'numeric', values: [1.5, null] }
 */
export function parseCsv(text: string): DataTable {
  const lines = text.split(/\r?\n/)
  while (lines.length > 0 && lines[lines.length - 1].trim() === '') lines.pop()
  if (lines.length === 0 || lines[0].trim() === '')
    throw new CsvFormatError('the CSV file has no header line')
  const rawHeader = lines[0].replace(/^\uFEFF/, '').split(',')
  const names = rawHeader.map((n) => n.trim())
  const seen = new Set<string>()
  for (const name of names) {
    if (name === '') throw new CsvFormatError('the CSV header has an empty column name')
    if (seen.has(name))
      throw new CsvFormatError(`the CSV header names column "${name}" twice`, { column: name })
    seen.add(name)
  }
  const width = names.length
  const rowCount = lines.length - 1
  const raw: (string | null)[][] = names.map(() => new Array<string | null>(rowCount))
  for (let r = 0; r < rowCount; r++) {
    const fields = lines[r + 1].split(',')
    if (fields.length !== width) {
      throw new CsvFormatError(
        `CSV line ${r + 2} has ${fields.length} fields but the header has ${width}`,
        {
          line: r + 2,
        }
      )
    }
    for (let c = 0; c < width; c++) {
      const f = fields[c].trim()
      raw[c][r] = f === '' || f === 'NA' ? null : f
    }
  }
  const columns: Record<string, Column> = {}
  names.forEach((name, c) => {
    const values = raw[c]
    // Number('') is 0 and Number('0x1f') is 31, so Number() alone would read ids and empty strings
    // as numbers: the literal check keeps the column typing honest.
    const numeric = values.every((v) => v === null || isDecimalLiteral(v))
    columns[name] = numeric
      ? { kind: 'numeric', values: values.map((v) => (v === null ? null : Number(v))) }
      : { kind: 'text', values }
  })
  return { names, rowCount, columns }
}
