import type { Protocol } from '../protocol/schema'
import { checkValue, parseCsvValue, type ValueCheck } from './check-value'
import {
  HOUSEHOLD_COLUMN,
  HOUSEHOLD_REF_COLUMN,
  PSEUDONYM_PATTERN,
  refuseColumn,
} from './column-names'
import type { CsvRecord } from './csv-reader'
import { UnreadableFileError } from './errors'
import { ProblemList, echoValue } from './import-problems'
import { recordVariables, type RecordVariable } from './record-variables'
import { describeRefusedCodePoint, findRefusedCodePoint } from './storable-text'
import type { ObservationKind, ObservedValue } from './vocabulary'

/**
 * How a row names its household: the raw reference (pseudonymised by the caller) or the pseudonym.
 *
 * @example
 * const key: HouseholdKey = { ref: 'HOC-00017' }
 */
export type HouseholdKey = { ref: string } | { pseudonym: string }

/**
 * One valid row: its household and one value per variable of the kind (undefined: not in this row).
 *
 * @example
 * const row: ImportRow = { row: 2, household: { ref: 'HOC-1' }, values: [1, undefined, { missing: 'moved_away' }] }
 */
export interface ImportRow {
  row: number
  household: HouseholdKey
  values: Array<ObservedValue | undefined>
}

const MISSING = '.missing'

/**
 * Validates an import of one kind (baseline, outcome or process) row by row as it streams in,
 * listing every problem: CSV header columns must be `household_ref` or `household`, then declared
 * variables of that kind and their `<variable>.missing` columns; each cell is checked against the
 * protocol's type; each row needs a household and, for every variable in the file, a value or a
 * missing reason. Valid rows are kept for the caller, who resolves households and writes them.
 * Households, duplicates and values already recorded are the caller's to check (they need the database).
 *
 * @example
 * const v = new ImportValidator(protocol, 'outcome')
 * for (const record of reader.push(text)) v.csvRecord(record)
 * v.problems.total // 0 when every row is valid
 */
export class ImportValidator {
  /** The variables of this kind, in protocol order: `ImportRow.values` follows this order. */
  readonly variables: RecordVariable[]
  readonly rows: ImportRow[] = []
  readonly problems: ProblemList
  /** The header was refused: later records are not read. */
  stopped = false
  private readonly all: RecordVariable[]
  private readonly accepted: Map<string, number>
  private header: {
    width: number
    id: number
    idColumn: string
    value: number[]
    reason: number[]
    names: string[]
  } | null = null

  constructor(
    protocol: Protocol,
    readonly kind: ObservationKind,
    problemLimit?: number
  ) {
    this.all = recordVariables(protocol)
    this.variables = this.all.filter((v) => v.kind === kind)
    this.accepted = new Map(
      this.variables
        .filter((v) => !v.fixedAtEnrolment)
        .map((v) => [v.name, this.variables.indexOf(v)])
    )
    this.problems = new ProblemList(problemLimit)
  }

  /** Valid rows seen so far plus refused ones. */
  rowsRead = 0

  /** Reads one CSV record; the first is the header. */
  csvRecord(record: CsvRecord): void {
    if (this.stopped) return
    if (!this.header) {
      if (this.refuseUnstorable(record, [])) {
        this.stopped = true
        return
      }
      return this.readHeader(record)
    }
    this.rowsRead++
    const h = this.header
    const problemsBefore = this.problems.total
    if (this.refuseUnstorable(record, h.names)) return
    if (record.malformed)
      this.problems.add({
        row: record.row,
        column: null,
        code: 'malformed-quotes',
        detail: record.malformed,
      })
    if (record.fields.length !== h.width) {
      this.problems.add({
        row: record.row,
        column: null,
        code: 'wrong-field-count',
        detail: `the row has ${record.fields.length} fields but the header has ${h.width}`,
      })
      return
    }
    const household = this.household(record.fields[h.id]!.trim(), h.idColumn, record.row)
    const values: Array<ObservedValue | undefined> = new Array(this.variables.length)
    for (let i = 0; i < this.variables.length; i++) {
      if (h.value[i]! < 0 && h.reason[i]! < 0) continue
      const variable = this.variables[i]!
      const cell = h.value[i]! >= 0 ? record.fields[h.value[i]!] : undefined
      const reason = h.reason[i]! >= 0 ? record.fields[h.reason[i]!] : undefined
      const check = parseCsvValue(variable, cell, reason)
      if (check.ok) values[i] = check.value
      else {
        const column =
          (cell ?? '').trim() === '' && (reason ?? '').trim() !== ''
            ? variable.name + MISSING
            : variable.name
        const shown = column === variable.name ? cell : reason
        this.problems.add({
          row: record.row,
          column,
          ...(shown !== undefined && shown !== '' ? { value: echoValue(shown) } : {}),
          code: check.problem.code,
          detail: check.problem.detail,
        })
      }
    }
    if (household && this.problems.total === problemsBefore)
      this.rows.push({ row: record.row, household, values })
  }

  /** Reads one element of a JSON import's `rows` array (`index` from 0). */
  jsonRow(value: unknown, index: number): void {
    this.rowsRead++
    const row = index + 1
    const at = (key: string) => `/rows/${index}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      this.problems.add({
        row,
        column: null,
        pointer: `/rows/${index}`,
        code: 'wrong-type',
        detail:
          'each row is an object: { "household_ref": ..., "<variable>": value or { "missing": reason } }',
      })
      return
    }
    const problemsBefore = this.problems.total
    const entries = Object.entries(value as Record<string, unknown>)
    const ids = entries.filter(([k]) => k === HOUSEHOLD_REF_COLUMN || k === HOUSEHOLD_COLUMN)
    let household: HouseholdKey | null = null
    if (ids.length !== 1) {
      this.problems.add({
        row,
        column: null,
        pointer: `/rows/${index}`,
        code: 'household-required',
        detail: `give exactly one of ${HOUSEHOLD_REF_COLUMN} and ${HOUSEHOLD_COLUMN}`,
      })
    } else {
      const [key, id] = ids[0]!
      if (typeof id !== 'string')
        this.problems.add({
          row,
          column: key,
          pointer: at(key),
          code: 'wrong-type',
          detail: `${key} is a string`,
        })
      else household = this.household(id.trim(), key, row, at(key))
    }
    const values: Array<ObservedValue | undefined> = new Array(this.variables.length)
    let any = false
    for (const [key, v] of entries) {
      if (key === HOUSEHOLD_REF_COLUMN || key === HOUSEHOLD_COLUMN) continue
      const i = this.accepted.get(key)
      if (i === undefined) {
        const refusal = refuseColumn(
          key,
          this.kind,
          this.all,
          this.variables.filter((x) => !x.fixedAtEnrolment)
        )
        this.problems.add({ row, column: key, pointer: at(key), ...refusal })
        continue
      }
      any = true
      const check: ValueCheck = checkValue(this.variables[i]!, v)
      if (check.ok) values[i] = check.value
      else
        this.problems.add({
          row,
          column: key,
          pointer: at(key),
          ...(v !== undefined ? { value: echoValue(JSON.stringify(v)) } : {}),
          ...check.problem,
        })
    }
    if (!any && this.problems.total === problemsBefore) {
      this.problems.add({
        row,
        column: null,
        pointer: `/rows/${index}`,
        code: 'no-values',
        detail: `the row records no ${this.kind} variable`,
      })
    }
    if (household && this.problems.total === problemsBefore)
      this.rows.push({ row, household, values })
  }

  /**
   * Reports every cell holding a code point that is never stored (NUL, unpaired surrogates,
   * control characters, noncharacters: see `findRefusedCodePoint`); true when there was one.
   */
  private refuseUnstorable(record: CsvRecord, columns: readonly string[]): boolean {
    let refused = false
    record.fields.forEach((field, c) => {
      const found = findRefusedCodePoint(field)
      if (!found) return
      refused = true
      this.problems.add({
        row: record.row,
        column: columns[c] ?? `column ${c + 1}`,
        code: 'unstorable-text',
        detail: `the cell ${describeRefusedCodePoint(found)}`,
      })
    })
    return refused
  }

  /** Call at the end of a CSV file. */
  finishCsv(): void {
    if (!this.header && !this.stopped)
      throw new UnreadableFileError(
        'the file is empty: it needs a header row and at least one data row',
        {
          reason: 'empty',
          row: 1,
        }
      )
    if (!this.stopped && this.rowsRead === 0)
      this.problems.add({
        row: 2,
        column: null,
        code: 'no-rows',
        detail: 'the file has a header but no data rows',
      })
  }

  private household(
    id: string,
    column: string,
    row: number,
    pointer?: string
  ): HouseholdKey | null {
    const where = { row, column, ...(pointer ? { pointer } : {}) }
    if (id === '') {
      this.problems.add({ ...where, code: 'household-required', detail: `${column} is empty` })
      return null
    }
    if (id.includes('\uFFFD')) {
      this.problems.add({
        ...where,
        code: 'invalid-encoding',
        detail: 'the cell is not valid UTF-8; save the file as "CSV UTF-8"',
      })
      return null
    }
    if (column === HOUSEHOLD_REF_COLUMN) {
      if (id.length > 100) {
        this.problems.add({
          ...where,
          code: 'wrong-type',
          detail: `${column} is at most 100 characters`,
        })
        return null
      }
      return { ref: id }
    }
    if (!PSEUDONYM_PATTERN.test(id)) {
      this.problems.add({
        ...where,
        value: echoValue(id),
        code: 'unknown-household',
        detail: `${column} holds pseudonymous ids (hh_ and 32 hex digits), as exported; send raw case references as ${HOUSEHOLD_REF_COLUMN}`,
      })
      return null
    }
    return { pseudonym: id }
  }

  private readHeader(record: CsvRecord): void {
    const names = record.fields.map((f) => f.trim())
    if (names.length === 1) {
      const delimiter = names[0]!.includes(';')
        ? 'semicolons'
        : names[0]!.includes('\t')
          ? 'tabs'
          : names[0]!.includes('|')
            ? 'vertical bars'
            : null
      if (delimiter) {
        throw new UnreadableFileError(
          `the header row is separated by ${delimiter}; fields must be separated by commas (save as "CSV UTF-8 (Comma delimited)")`,
          { reason: 'wrong-delimiter', row: record.row }
        )
      }
    }
    const value = this.variables.map(() => -1)
    const reason = this.variables.map(() => -1)
    const ids: number[] = []
    const seen = new Set<string>()
    const refuse = (column: string, code: string, detail: string) =>
      this.problems.add({ row: record.row, column, code, detail })
    names.forEach((name, c) => {
      if (name === '') return refuse(name, 'empty-column-name', `column ${c + 1} has no name`)
      if (name.includes('\uFFFD'))
        return refuse(
          name,
          'invalid-encoding',
          'the header is not valid UTF-8; save the file as "CSV UTF-8"'
        )
      if (seen.has(name)) return refuse(name, 'duplicate-column', `the header names ${name} twice`)
      seen.add(name)
      if (name === HOUSEHOLD_REF_COLUMN || name === HOUSEHOLD_COLUMN) return void ids.push(c)
      const isReason = name.endsWith(MISSING)
      const i = this.accepted.get(isReason ? name.slice(0, -MISSING.length) : name)
      if (i === undefined) {
        const refusal = refuseColumn(
          name,
          this.kind,
          this.all,
          this.variables.filter((x) => !x.fixedAtEnrolment)
        )
        return refuse(name, refusal.code, refusal.detail)
      }
      ;(isReason ? reason : value)[i] = c
    })
    if (ids.length !== 1) {
      refuse(
        ids.length ? HOUSEHOLD_COLUMN : HOUSEHOLD_REF_COLUMN,
        'household-column',
        `the header needs exactly one of ${HOUSEHOLD_REF_COLUMN} (the council's case reference) and ${HOUSEHOLD_COLUMN} (the pseudonymous id, as exported)`
      )
    }
    if (value.every((v) => v < 0) && reason.every((v) => v < 0) && this.problems.total === 0) {
      refuse(
        '',
        'no-variables',
        `the header names no ${this.kind} variable; expected some of ${[...this.accepted.keys()].join(', ')}`
      )
    }
    if (this.problems.total > 0) {
      this.stopped = true
      return
    }
    this.header = {
      width: names.length,
      id: ids[0]!,
      idColumn: names[ids[0]!]!,
      value,
      reason,
      names,
    }
  }
}
