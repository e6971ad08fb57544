import type { z } from 'zod'
import { factsSchema, type Facts } from './facts-schema'
import { InvalidFactsError, type FactProblem } from './invalid-facts-error'

/**
 * Turns zod issues into field-path + reason pairs; unknown keys get one problem each.
 *
 * @example
 * issuesToProblems(factsSchema.safeParse({}).error!.issues)[0] // { path: 'design', reason: '...' }
 */
export function issuesToProblems(issues: readonly z.core.$ZodIssue[]): FactProblem[] {
  const problems: FactProblem[] = []
  for (const issue of issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        problems.push({
          path: base ? `${base}.${key}` : key,
          reason: 'unknown field (not in the §1 vocabulary)',
        })
      }
      continue
    }
    problems.push({ path: base || '(root)', reason: issue.message })
  }
  return problems
}

/**
 * Validates raw facts against the §1 vocabulary and fills defaults.
 * Throws `InvalidFactsError` listing every problem (field path + reason), never just the first.
 *
 * @example
 * parseFacts({ design: 'rct', n_analysed_control: 310, n_randomised_control: 300, ... })
 * // throws InvalidFactsError: problems [{ path: 'n_analysed_control', reason: '... exceeds ...' }]
 */
export function parseFacts(input: unknown): Facts {
  const result = factsSchema.safeParse(input)
  if (!result.success) throw new InvalidFactsError(issuesToProblems(result.error.issues))
  return result.data
}
