import type { Protocol } from '../protocol/schema'
import { checkValue } from './check-value'
import { looksLikePersonalData } from './column-names'
import { recordVariables, type RecordVariable } from './record-variables'
import type { ObservedValue } from './vocabulary'

/**
 * One problem with one field of a record.
 *
 * @example
 * const p: RecordProblem = { field: 'surname', code: 'personal-data', detail: 'looks like personal data' }
 */
export interface RecordProblem {
  field: string
  code: string
  detail: string
}

/**
 * Checks one household's values of any kind (baseline, outcome, process), keyed by variable name:
 * each must be a declared variable other than a randomisation field, with a value of its type or
 * `{ missing: reason }`. Lists every problem; personal-data-looking names are named as such.
 *
 * @example
 * checkRecord(protocol, { homeless_6m: 0, attended_mediation: { missing: 'withdrew_consent' } }).problems // []
 */
export function checkRecord(
  protocol: Protocol,
  values: Record<string, unknown>
): {
  entries: Array<{ variable: RecordVariable; value: ObservedValue }>
  problems: RecordProblem[]
} {
  const byName = new Map(recordVariables(protocol).map((v) => [v.name, v]))
  const entries: Array<{ variable: RecordVariable; value: ObservedValue }> = []
  const problems: RecordProblem[] = []
  for (const [field, raw] of Object.entries(values)) {
    const variable = byName.get(field)
    if (!variable) {
      problems.push(
        looksLikePersonalData(field)
          ? {
              field,
              code: 'personal-data',
              detail: `"${field}" looks like personal data; it is never accepted`,
            }
          : {
              field,
              code: 'unknown-variable',
              detail: `${field} is not a covariate, outcome or process measure of this protocol`,
            }
      )
      continue
    }
    if (variable.fixedAtEnrolment) {
      problems.push({
        field,
        code: 'fixed-at-enrolment',
        detail: `${field} was used to randomise the household; it is part of the allocation record and cannot be changed`,
      })
      continue
    }
    const check = checkValue(variable, raw)
    if (check.ok) entries.push({ variable, value: check.value })
    else problems.push({ field, ...check.problem })
  }
  return { entries, problems }
}
