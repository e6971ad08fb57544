import { spawnSync } from 'node:child_process'
import path from 'node:path'

export const rDirectory = path.resolve(import.meta.dirname, '../r')

let available: string | null | undefined

/** R's version when `Rscript` is on the PATH, otherwise null (R benchmarks are then skipped with a note). */
export function rVersion(): string | null {
  if (available !== undefined) return available
  const probe = spawnSync('Rscript', ['-e', 'cat(R.version$major, R.version$minor, sep = ".")'], {
    encoding: 'utf8',
  })
  available = probe.status === 0 ? probe.stdout.trim() : null
  return available
}

export type RResult = { ok: true; value: Record<string, unknown> } | { ok: false; reason: string }

/**
 * Runs `bench/r/<script>` with arguments and parses the last line of its output as JSON. R scripts time only
 * the estimation, with their own warm-up and repeats, and print one JSON object.
 */
export function runR(script: string, args: string[], timeoutSeconds = 300): RResult {
  if (rVersion() === null) return { ok: false, reason: 'Rscript not found on PATH' }
  const result = spawnSync('Rscript', ['--vanilla', path.join(rDirectory, script), ...args], {
    encoding: 'utf8',
    timeout: timeoutSeconds * 1000,
    maxBuffer: 16 * 1024 * 1024,
  })
  if (result.error) return { ok: false, reason: `${script}: ${result.error.message}` }
  if (result.status !== 0)
    return {
      ok: false,
      reason: `${script} exited ${result.status}: ${result.stderr.trim().split('\n').slice(-3).join(' ')}`,
    }
  const last = result.stdout.trim().split('\n').at(-1) ?? ''
  try {
    return { ok: true, value: JSON.parse(last) as Record<string, unknown> }
  } catch {
    return { ok: false, reason: `${script} printed no JSON: ${last.slice(0, 200)}` }
  }
}

/** R's "missing package" check, so a missing estimatr skips one comparison rather than failing the suite. */
export function rHasPackages(packages: string[]): boolean {
  if (rVersion() === null) return false
  const expr = `quit(status = if (all(vapply(c(${packages.map((p) => JSON.stringify(p)).join(', ')}), requireNamespace, logical(1), quietly = TRUE))) 0 else 1)`
  return spawnSync('Rscript', ['-e', expr], { encoding: 'utf8' }).status === 0
}
