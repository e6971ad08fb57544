import { isDecimalLiteral, isWholeLiteral } from '../../analysis/data'
import type { RecordVariable } from './record-variables'
import { missingReasons, type MissingReason, type ObservedValue } from './vocabulary'

/**
 * Why one value was refused: a stable code and a sentence naming the rule.
 *
 * @example
 * const p: ValueProblem = { code: 'wrong-type', detail: 'homeless_6m is binary: 0 or 1' }
 */
export interface ValueProblem {
  code:
    | 'wrong-type'
    | 'not-allowed-value'
    | 'unknown-missing-reason'
    | 'value-and-reason'
    | 'value-or-reason-required'
    | 'invalid-encoding'
  detail: string
}

/**
 * The outcome of checking one value: the typed value, or why it was refused.
 *
 * @example
 * const c: ValueCheck = { ok: true, value: { missing: 'moved_away' } }
 */
export type ValueCheck = { ok: true; value: ObservedValue } | { ok: false; problem: ValueProblem }

const CSV_UNSAFE = /[,"\r\n]/
const REPLACEMENT_CHARACTER = '\uFFFD'

const fail = (code: ValueProblem['code'], detail: string): ValueCheck => ({
  ok: false,
  problem: { code, detail },
})

/** The rule for a variable's type, in words, for error messages. */
function rule(v: RecordVariable): string {
  switch (v.type) {
    case 'binary':
      return `${v.name} is binary: 0 or 1`
    case 'count':
      return `${v.name} is a count: a whole number of at least 0`
    case 'continuous':
      return `${v.name} is continuous: a finite decimal number`
    case 'date':
      return `${v.name} is a date: YYYY-MM-DD or an ISO 8601 UTC date-time such as 2026-03-02T09:00:00Z`
    case 'categorical':
      return v.levels
        ? `${v.name} must be one of ${v.levels.join(', ')}`
        : `${v.name} is categorical: a non-empty label`
  }
}

/**
 * Checks a typed value (from JSON) against the variable's protocol type: binary 0 or 1, count a
 * non-negative integer, continuous a finite number, categorical a label free of commas, quotes and
 * line breaks (the analysis CSV is unquoted) and among the declared levels; or `{ missing: reason }`.
 *
 * @example
 * checkValue({ name: 'homeless_6m', kind: 'outcome', type: 'binary', fixedAtEnrolment: false }, 1) // { ok: true, value: 1 }
 */
export function checkValue(variable: RecordVariable, value: unknown): ValueCheck {
  if (value === null || value === undefined) {
    return fail(
      'value-or-reason-required',
      `${variable.name} needs a value or { "missing": reason } with one of ${missingReasons.join(', ')}`
    )
  }
  if (typeof value === 'object') {
    const keys = Object.keys(value)
    const reason = (value as { missing?: unknown }).missing
    if (keys.length !== 1 || keys[0] !== 'missing')
      return fail(
        'wrong-type',
        `${variable.name}: a missing value is written { "missing": reason }`
      )
    return checkReason(variable, reason)
  }
  if (variable.type === 'categorical') {
    if (typeof value !== 'string') return fail('wrong-type', rule(variable))
    return checkLabel(variable, value.trim())
  }
  if (variable.type === 'date') {
    if (typeof value !== 'string') return fail('wrong-type', rule(variable))
    return checkDate(variable, value.trim())
  }
  if (typeof value !== 'number') return fail('wrong-type', rule(variable))
  return checkNumber(variable, value)
}

/**
 * Parses one CSV cell and its `<variable>.missing` cell. Exactly one of them must be filled (an
 * empty cell, or `NA` as R writes it, is empty): a silent blank is refused, because missingness is
 * recorded with a reason. Surrounding spaces are ignored.
 *
 * @example
 * parseCsvValue({ name: 'days', kind: 'outcome', type: 'continuous', fixedAtEnrolment: false }, ' 12.5 ', '') // { ok: true, value: 12.5 }
 */
export function parseCsvValue(
  variable: RecordVariable,
  cell: string | undefined,
  reasonCell: string | undefined
): ValueCheck {
  const text = blankToEmpty(cell)
  const reason = blankToEmpty(reasonCell)
  if (text.includes(REPLACEMENT_CHARACTER) || reason.includes(REPLACEMENT_CHARACTER)) {
    return fail('invalid-encoding', 'the cell is not valid UTF-8; save the file as "CSV UTF-8"')
  }
  if (text !== '' && reason !== '')
    return fail(
      'value-and-reason',
      `${variable.name} has both a value and a missing reason; give one`
    )
  if (reason !== '') return checkReason(variable, reason)
  if (text === '') {
    return fail(
      'value-or-reason-required',
      `${variable.name} is empty: give a value, or a reason in ${variable.name}.missing (${missingReasons.join(', ')})`
    )
  }
  if (variable.type === 'categorical') return checkLabel(variable, text)
  if (variable.type === 'date') return checkDate(variable, text)
  if (variable.type === 'binary')
    return text === '0' || text === '1'
      ? { ok: true, value: Number(text) }
      : fail('wrong-type', rule(variable))
  // Linear scanners, as the analysis CSV reader uses: Number() alone would read '', '0x1f' and
  // 'Infinity' as numbers.
  if (variable.type === 'count' && !isWholeLiteral(text)) return fail('wrong-type', rule(variable))
  if (!isDecimalLiteral(text)) return fail('wrong-type', rule(variable))
  return checkNumber(variable, Number(text))
}

function blankToEmpty(cell: string | undefined): string {
  const t = (cell ?? '').trim()
  return t === 'NA' ? '' : t
}

function checkNumber(variable: RecordVariable, n: number): ValueCheck {
  const ok =
    variable.type === 'binary'
      ? n === 0 || n === 1
      : variable.type === 'count'
        ? Number.isSafeInteger(n) && n >= 0
        : Number.isFinite(n)
  return ok ? { ok: true, value: n } : fail('wrong-type', rule(variable))
}

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const UTC_DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/

/**
 * A calendar date stays `YYYY-MM-DD` (due dates count from its UTC midnight); a date-time with a
 * zone is stored as its UTC instant, so the same moment written two ways compares equal.
 */
function checkDate(variable: RecordVariable, text: string): ValueCheck {
  const date = CALENDAR_DATE.exec(text) ?? UTC_DATE_TIME.exec(text)
  if (!date) return fail('wrong-type', rule(variable))
  const [, y, m, d] = date.map(Number)
  const day = new Date(Date.UTC(y!, m! - 1, d!))
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m! - 1 || day.getUTCDate() !== d)
    return fail('wrong-type', `${variable.name}: ${text} is not a calendar date`)
  if (CALENDAR_DATE.test(text)) return { ok: true, value: text }
  const instant = new Date(text)
  return Number.isNaN(instant.getTime())
    ? fail('wrong-type', rule(variable))
    : { ok: true, value: instant.toISOString() }
}

function checkLabel(variable: RecordVariable, label: string): ValueCheck {
  if (label === '') return fail('wrong-type', rule(variable))
  if (label.includes(REPLACEMENT_CHARACTER))
    return fail('invalid-encoding', 'the label is not valid UTF-8; save the file as "CSV UTF-8"')
  if (CSV_UNSAFE.test(label))
    return fail(
      'wrong-type',
      `${variable.name} labels may not contain commas, quotes or line breaks`
    )
  if (variable.levels && !variable.levels.includes(label))
    return fail('not-allowed-value', rule(variable))
  return { ok: true, value: label }
}

function checkReason(variable: RecordVariable, reason: unknown): ValueCheck {
  if (typeof reason === 'string' && (missingReasons as readonly string[]).includes(reason))
    return { ok: true, value: { missing: reason as MissingReason } }
  return fail(
    'unknown-missing-reason',
    `the reason ${variable.name} is missing must be one of ${missingReasons.join(', ')}`
  )
}
