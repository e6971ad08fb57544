import { PERSONAL_DATA_NAMES } from '../protocol/names'
import type { RecordVariable } from './record-variables'
import type { ObservationKind } from './vocabulary'

/**
 * The column (or JSON key) holding the council's raw case reference, pseudonymised on arrival.
 *
 * @example
 * 'household_ref,homeless_6m'.startsWith(HOUSEHOLD_REF_COLUMN) // true
 */
export const HOUSEHOLD_REF_COLUMN = 'household_ref'
/**
 * The column holding the pseudonymous household id, as the dataset export and enrolment return it.
 *
 * @example
 * HOUSEHOLD_COLUMN // 'household'
 */
export const HOUSEHOLD_COLUMN = 'household'
/**
 * A pseudonym as `pseudonymise` makes it: `hh_` and 32 hex digits (128 bits of HMAC-SHA-256).
 *
 * @example
 * PSEUDONYM_PATTERN.test('hh_' + '0'.repeat(32)) // true
 */
export const PSEUDONYM_PATTERN = /^hh_[0-9a-f]{32}$/

// Word parts that name direct identifiers in the headers councils' systems export
// ("Date of Birth", "Client Name", "Address Line 1", "NI Number").
const PERSONAL_WORDS =
  /(^|_)(name|names|surname|forename|firstname|lastname|dob|birth|birthdate|address|postcode|email|e_mail|phone|telephone|mobile|nhs|uprn|nino|ni_number|passport)(_|$)/

/**
 * Whether a column name looks like personal data (a name, date of birth, address, contact detail
 * or national identifier). Such columns are refused outright, with a message saying why, rather
 * than as merely unknown.
 *
 * @example
 * looksLikePersonalData('Date of Birth') // true
 */
export function looksLikePersonalData(column: string): boolean {
  const words = column
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
  return PERSONAL_DATA_NAMES.includes(words) || PERSONAL_WORDS.test(words)
}

/**
 * Why a column or key is not accepted: a stable code and the rule in words.
 *
 * @example
 * const r: ColumnRefusal = { code: 'unknown-column', detail: 'shoe_size is not an outcome variable' }
 */
export interface ColumnRefusal {
  code: 'personal-data' | 'wrong-kind' | 'fixed-at-enrolment' | 'unknown-column'
  detail: string
}

/**
 * Explains why a column is not accepted for an import of `kind`, given every variable of the
 * protocol (`all`) and those of this kind that may be recorded (`accepted`).
 *
 * @example
 * refuseColumn('surname', 'outcome', all, accepted).code // 'personal-data'
 */
export function refuseColumn(
  column: string,
  kind: ObservationKind,
  all: readonly RecordVariable[],
  accepted: readonly RecordVariable[]
): ColumnRefusal {
  const base = column.endsWith('.missing') ? column.slice(0, -'.missing'.length) : column
  const other = all.find((v) => v.name === base)
  if (other?.fixedAtEnrolment && other.kind === kind) {
    return {
      code: 'fixed-at-enrolment',
      detail: `${base} was used to randomise the household; it is part of the allocation record and cannot be imported or changed`,
    }
  }
  if (other)
    return {
      code: 'wrong-kind',
      detail: `${base} is a ${other.kind} variable; import it with kind=${other.kind}`,
    }
  if (looksLikePersonalData(column)) {
    return {
      code: 'personal-data',
      detail: `"${column}" looks like personal data (names, dates of birth, addresses, contact details); it is never accepted: send only the household reference and protocol variables`,
    }
  }
  const names = accepted.map((v) => v.name)
  return {
    code: 'unknown-column',
    detail: `"${column}" is not a ${kind} variable of this protocol; columns are ${HOUSEHOLD_REF_COLUMN} or ${HOUSEHOLD_COLUMN}, then ${names.join(', ')} and their .missing columns`,
  }
}

/**
 * How a household is named in a request path: a value shaped like a pseudonym (`PSEUDONYM_PATTERN`)
 * is the pseudonymous id; anything else is the council's own case reference, to be pseudonymised on
 * arrival (never stored or echoed).
 *
 * @example
 * householdKeyOf('HOC-00017') // { ref: 'HOC-00017' }
 */
export function householdKeyOf(value: string): { ref: string } | { pseudonym: string } {
  const trimmed = value.trim()
  return PSEUDONYM_PATTERN.test(trimmed) ? { pseudonym: trimmed } : { ref: trimmed }
}
