import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'

/**
 * A temporary directory for data shared with R. Data go through raw little-endian doubles (R's `readBin`), not
 * CSV: both sides then fit exactly the same numbers, and parsing never lands in either timing.
 */
export function scratchDirectory(prefix: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `trialworks-bench-${prefix}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** Writes columns back to back (column-major) as float64; R reads them with readBin(file, "double", n * k). */
export function writeColumns(file: string, columns: readonly Float64Array[]): void {
  const n = columns[0]?.length ?? 0
  const all = new Float64Array(n * columns.length)
  columns.forEach((column, j) => all.set(column, j * n))
  if (os.endianness() !== 'LE') throw new Error('the R scripts read little-endian doubles')
  writeFileSync(file, new Uint8Array(all.buffer))
}
