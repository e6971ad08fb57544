import type { z } from 'zod'
import { InvalidRandomisationError } from './errors'
import { randomisationSchema, type RandomisationConfig } from './schema'

/**
 * One-line summary of zod issues, each as `path: message`, joined by "; ".
 *
 * @example
 * formatIssues([{ path: ['arms'], message: 'Too small' }]) // 'arms: Too small'
 */
export function formatIssues(
  issues: readonly Pick<z.core.$ZodIssue, 'path' | 'message'>[]
): string {
  return issues
    .map(
      (issue) =>
        `${issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)'}: ${issue.message}`
    )
    .join('; ')
}

/**
 * Validates a randomisation section, throwing {@link InvalidRandomisationError} that lists every problem.
 *
 * @example
 * parseRandomisation({ method: 'simple', arms: [{ name: 'a', ratio: 1 }, { name: 'b', ratio: 1 }] }).method // 'simple'
 */
export function parseRandomisation(config: unknown): RandomisationConfig {
  const parsed = randomisationSchema.safeParse(config)
  if (!parsed.success) {
    const issues = parsed.error.issues.map((issue) => ({
      path: issue.path.map(String),
      message: issue.message,
    }))
    throw new InvalidRandomisationError(`invalid randomisation: ${formatIssues(issues)}`, {
      issues,
    })
  }
  return parsed.data
}
