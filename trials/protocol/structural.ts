import type { z } from 'zod'
import type { ProtocolProblem } from './problems'
import { jsonPointer } from './json-pointer'

// Codes for the structural rules that the issue tracker and the UI name specifically.
const OVERRIDES: Array<{ pattern: RegExp; zodCodes: readonly string[]; code: string }> = [
  {
    pattern: /^\/randomisation\/arms\/\d+\/ratio$/,
    zodCodes: ['invalid_type', 'too_small'],
    code: 'invalid-allocation-ratio',
  },
  { pattern: /^\/arms$/, zodCodes: ['too_small'], code: 'too-few-arms' },
  { pattern: /^\/randomisation\/arms$/, zodCodes: ['too_small'], code: 'too-few-arms' },
  { pattern: /^\/primary_outcome$/, zodCodes: ['required'], code: 'missing-primary-outcome' },
]

function genericCode(issue: z.core.$ZodIssue, missing: boolean): string {
  if (missing) return 'required'
  switch (issue.code) {
    case 'invalid_type':
      return 'invalid-type'
    case 'unrecognized_keys':
      return 'unknown-field'
    case 'too_small':
      return issue.origin === 'array'
        ? 'too-few-items'
        : issue.origin === 'string'
          ? 'too-short'
          : 'out-of-range'
    case 'too_big':
      return issue.origin === 'array'
        ? 'too-many-items'
        : issue.origin === 'string'
          ? 'too-long'
          : 'out-of-range'
    case 'invalid_format':
      return 'invalid-format'
    case 'invalid_value':
    case 'invalid_union':
      return 'invalid-value'
    default:
      return 'invalid-value'
  }
}

/**
 * Turns zod issues from parsing the protocol into protocol problems with JSON-pointer paths and
 * stable codes: `required`, `unknown-field` (one per key), `invalid-type`, `out-of-range`,
 * `too-few-items`, `invalid-format`, `invalid-value`, and the specific `invalid-allocation-ratio`,
 * `too-few-arms` and `missing-primary-outcome`. Parse with `reportInput: true` so that a missing
 * field can be told from a wrong one.
 *
 * @example
 * structuralProblems(protocolSchema.safeParse(input, { reportInput: true }).error?.issues ?? [])
 */
export function structuralProblems(
  issues: readonly z.core.$ZodIssue[]
): Array<ProtocolProblem & { zodCode: string }> {
  const problems: Array<ProtocolProblem & { zodCode: string }> = []
  for (const issue of issues) {
    const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: jsonPointer([...path, key]),
          code: 'unknown-field',
          message: `unknown field "${key}"`,
          severity: 'error',
          zodCode: issue.code,
        })
      }
      continue
    }
    const missing = 'input' in issue && issue.input === undefined && issue.code !== 'custom'
    const pointer = jsonPointer(path)
    const generic = genericCode(issue, missing)
    const override = OVERRIDES.find(
      (o) =>
        o.pattern.test(pointer) && (o.zodCodes.includes(issue.code) || o.zodCodes.includes(generic))
    )
    const message = missing ? 'this field is required for registration' : issue.message
    problems.push({
      path: pointer,
      code: override?.code ?? generic,
      message,
      severity: 'error',
      zodCode: issue.code,
    })
  }
  return problems
}
