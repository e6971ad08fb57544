import { existsSync } from 'node:fs'
import path from 'node:path'
import { it } from 'vitest'

const projectRoot = path.resolve(import.meta.dirname, '../..')

/** True when the environment says this is continuous integration (`CI=true`, as CI services set it). */
export const inCi = process.env.CI === 'true'

/**
 * A directory of the shared reference material that lives beside the project (`<root>/../shared/...`),
 * with whether it is there.
 *
 * @example
 * const oracle = sharedDirectory('oracle/cases') // { path: '/work/shared/oracle/cases', present: true }
 */
export function sharedDirectory(relative: string): { path: string; present: boolean } {
  const dir = path.resolve(projectRoot, '../shared', relative)
  return { path: dir, present: existsSync(dir) }
}

/**
 * Registers the test that stands in for checks whose shared material is missing: skipped on a developer's
 * machine, but failing under `CI=true`, where a missing case set must not pass unnoticed.
 */
export function sharedMaterialMissing(what: string, dir: string): void {
  const name = `${what} not found at ${dir}`
  if (inCi)
    it(`${name} (CI=true needs it)`, () => {
      throw new Error(`${what} not found at ${dir}: CI=true needs it, so the checks fail`)
    })
  else it.skip(`${name}; skipped`, () => {})
}
