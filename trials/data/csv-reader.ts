import { UnreadableFileError } from './errors'

/**
 * One CSV record: its fields and the row (line of the file, header = 1) where it starts.
 *
 * @example
 * const r: CsvRecord = { fields: ['HOC-1', '1'], row: 2 }
 */
export interface CsvRecord {
  fields: string[]
  row: number
  /** Set when a quoted field is followed by stray characters (`"a"b`): the record is kept, the problem reported. */
  malformed?: string
}

/** The longest field the reader accepts, in characters: far above any value, far below a record. */
export const CSV_FIELD_LIMIT = 4_096

const COMMA = 44
const QUOTE = 34
const CR = 13
const LF = 10

/**
 * A streaming RFC 4180 reader: feed it text in chunks of any size and it returns each complete
 * record. Comma-delimited; fields may be quoted, with `""` for a quote, and quoted fields may hold
 * commas and line breaks; records end at LF, CRLF or CR. Blank lines are skipped. A record longer
 * than `maxRecordChars` stops the read, so a file of junk without line breaks fails fast instead of
 * filling memory; so does a field longer than `maxFieldChars` (no protocol value or household
 * reference comes near it), as soon as that many characters have arrived, before anything else
 * reads the field.
 *
 * @example
 * const r = new CsvReader()
 * r.push('a,"b,c"\n1,') // [{ fields: ['a', 'b,c'], row: 1 }]
 * r.end()              // [{ fields: ['1', ''], row: 2 }]
 */
export class CsvReader {
  private pending = ''
  private line = 1
  private skipLeadingLf = false

  constructor(
    private readonly maxRecordChars = 1_048_576,
    private readonly maxFieldChars = CSV_FIELD_LIMIT
  ) {}

  /** Reads the next chunk of text; returns the records it completes. */
  push(text: string): CsvRecord[] {
    return this.read(text, false)
  }

  /** Ends the input; returns the last record, if the text did not end with a line break. */
  end(): CsvRecord[] {
    return this.read('', true)
  }

  private read(text: string, final: boolean): CsvRecord[] {
    let buf = this.pending + text
    if (this.skipLeadingLf && buf.length > 0) {
      if (buf.charCodeAt(0) === LF) buf = buf.slice(1)
      this.skipLeadingLf = false
    }
    const out: CsvRecord[] = []
    let start = 0
    while (start < buf.length) {
      const parsed = this.record(buf, start, final)
      if (!parsed) break
      start = parsed.next
      const { record, lines } = parsed
      if (!(record.fields.length === 1 && record.fields[0] === '' && !record.malformed))
        out.push(record)
      this.line += lines
    }
    this.pending = buf.slice(start)
    if (this.pending.length > this.maxRecordChars) {
      throw new UnreadableFileError(
        `row ${this.line} is longer than ${this.maxRecordChars} characters: this is not a CSV export of trial data`,
        { reason: 'record-too-long', row: this.line }
      )
    }
    if (final && this.pending.length > 0) {
      throw new UnreadableFileError(`row ${this.line} opens a quoted field that is never closed`, {
        reason: 'unterminated-quote',
        row: this.line,
      })
    }
    return out
  }

  private checkField(chars: number): void {
    if (chars > this.maxFieldChars)
      throw new UnreadableFileError(
        `row ${this.line} has a field longer than ${this.maxFieldChars} characters: no value of a trial record is that long`,
        { reason: 'field-too-long', row: this.line }
      )
  }

  /** Parses one record starting at `i`, or returns null when the chunk ends inside it. */
  private record(
    buf: string,
    i: number,
    final: boolean
  ): { record: CsvRecord; next: number; lines: number } | null {
    const fields: string[] = []
    const len = buf.length
    let lines = 0
    let malformed: string | undefined
    for (;;) {
      let value: string
      if (buf.charCodeAt(i) === QUOTE) {
        let j = i + 1
        value = ''
        for (;;) {
          const k = buf.indexOf('"', j)
          this.checkField(value.length + (k < 0 ? len : k) - j)
          if (k < 0 || (k + 1 === len && !final)) return null
          if (buf.charCodeAt(k + 1) === QUOTE) {
            value += buf.slice(j, k + 1)
            j = k + 2
            continue
          }
          value += buf.slice(j, k)
          i = k + 1
          break
        }
        lines += countLineBreaks(value)
        let stray = i
        const strayStop = Math.min(len, i + this.maxFieldChars + 1)
        while (stray < strayStop && !isDelimiter(buf.charCodeAt(stray))) stray++
        this.checkField(value.length + stray - i)
        if (stray === len && !final) return null
        if (stray > i) {
          malformed ??= `a quoted field is followed by "${buf.slice(i, Math.min(stray, i + 20))}" before the next comma`
          value += buf.slice(i, stray)
          i = stray
        }
      } else {
        // Stop scanning one character past the limit: a hostile field costs no more than that.
        const stop = Math.min(len, i + this.maxFieldChars + 1)
        let j = i
        while (j < stop && !isDelimiter(buf.charCodeAt(j))) j++
        this.checkField(j - i)
        if (j === len && !final) return null
        value = buf.slice(i, j)
        i = j
      }
      fields.push(value)
      if (i >= len)
        return { record: withProblem({ fields, row: this.line }, malformed), next: i, lines }
      const c = buf.charCodeAt(i)
      i++
      if (c === COMMA) {
        if (i === len && !final) return null
        continue
      }
      if (c === CR) {
        if (i === len) this.skipLeadingLf = !final
        else if (buf.charCodeAt(i) === LF) i++
      }
      return {
        record: withProblem({ fields, row: this.line }, malformed),
        next: i,
        lines: lines + 1,
      }
    }
  }
}

function withProblem(record: CsvRecord, malformed: string | undefined): CsvRecord {
  if (malformed) record.malformed = malformed
  return record
}

function isDelimiter(c: number): boolean {
  return c === COMMA || c === LF || c === CR
}

function countLineBreaks(s: string): number {
  let n = 0
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) n++
  }
  return n
}
