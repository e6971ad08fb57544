// Runs every case of the shared analysis oracle (R reference values, see shared/oracle/README.md)
// through runAnalysis in-process, with each case's own tolerance and the README's comparison rule.
import { readFileSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parseCsv } from '../../analysis/data'
import { runAnalysis } from '../../analysis/run-analysis'
import { analysisSpecSchema } from '../../analysis/spec'
import { sharedDirectory, sharedMaterialMissing } from '../support/shared'

interface OracleCase {
  id: string
  data?: string
  spec: unknown
  expected: Record<string, unknown>
  tolerance?: { relative: number; absolute: number }
}

const { path: casesDir, present: available } = sharedDirectory('oracle/cases')

function loadCases(): { file: string; oracle: OracleCase }[] {
  if (!available) return []
  return readdirSync(casesDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({
      file,
      oracle: JSON.parse(readFileSync(path.join(casesDir, file), 'utf8')) as OracleCase,
    }))
}

/** The README's rule: numbers within absolute OR relative tolerance; arrays by element; named objects by name. */
function compare(
  got: unknown,
  expected: unknown,
  where: string,
  tol: { relative: number; absolute: number }
): string[] {
  if (expected === null)
    return got === null || got === undefined
      ? []
      : [`${where}: expected null, got ${JSON.stringify(got)}`]
  if (typeof expected === 'number') {
    if (typeof got !== 'number' || !Number.isFinite(got))
      return [`${where}: expected ${expected}, got ${JSON.stringify(got)}`]
    const diff = Math.abs(got - expected)
    return diff <= tol.absolute || diff <= tol.relative * Math.abs(expected)
      ? []
      : [`${where}: got ${got}, expected ${expected}`]
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(got) || got.length !== expected.length)
      return [`${where}: expected an array of ${expected.length}`]
    const named = expected.every((e) => e !== null && typeof e === 'object' && 'name' in e)
    return expected.flatMap((e, i) => {
      const match = named ? got.find((g) => g?.name === (e as { name: unknown }).name) : got[i]
      return compare(match, e, `${where}[${named ? (e as { name: string }).name : i}]`, tol)
    })
  }
  if (typeof expected === 'object') {
    if (got === null || typeof got !== 'object') return [`${where}: expected an object`]
    return Object.entries(expected as Record<string, unknown>).flatMap(([k, v]) =>
      compare((got as Record<string, unknown>)[k], v, where === '' ? k : `${where}.${k}`, tol)
    )
  }
  return got === expected
    ? []
    : [`${where}: got ${JSON.stringify(got)}, expected ${JSON.stringify(expected)}`]
}

function run(file: string, oracle: OracleCase): unknown {
  const spec = analysisSpecSchema.parse(oracle.spec)
  const table =
    oracle.data === undefined
      ? undefined
      : parseCsv(readFileSync(path.resolve(casesDir, oracle.data), 'utf8'))
  return runAnalysis(spec, table)
}

describe.skipIf(!available)('analysis oracle (shared/oracle/cases)', () => {
  const cases = loadCases()
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThan(0)
  })
  it.each(cases.map(({ file, oracle }) => [oracle.id, file, oracle] as const))(
    '%s',
    (_id, file, oracle) => {
      const tolerance = oracle.tolerance ?? { relative: 1e-6, absolute: 1e-8 }
      const expected = oracle.expected
      if (expected.error === true) {
        expect(() => run(file, oracle)).toThrow()
        return
      }
      const result = run(file, oracle)
      expect(compare(result, expected, '', tolerance)).toEqual([])
    }
  )
})

if (!available) {
  describe('analysis oracle', () => {
    sharedMaterialMissing('the analysis oracle cases', casesDir)
  })
}
