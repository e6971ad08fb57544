import { parseCsv, type DataTable } from '../../../analysis/data'
import { runAnalysis } from '../../../analysis/run-analysis'
import { analysisSpecSchema, type AnalysisSpecInput } from '../../../analysis/spec'

/** A table from columns of equal length (null = missing). */
export function tableOf(columns: Record<string, readonly (number | string | null)[]>): DataTable {
  const names = Object.keys(columns)
  const n = columns[names[0]].length
  const lines = [names.join(',')]
  for (let i = 0; i < n; i++) lines.push(names.map((name) => columns[name][i] ?? '').join(','))
  return parseCsv(lines.join('\n'))
}

/** Validates the spec as the CLI does and runs it. */
export function analyse(spec: AnalysisSpecInput, table?: DataTable): Record<string, unknown> {
  return runAnalysis(analysisSpecSchema.parse(spec), table) as Record<string, unknown>
}

/** A small deterministic data set: y depends on arm and x, with unequal arm variances. */
export function exampleTable(): DataTable {
  const arm = [1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 1]
  const x = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8]
  const y = [7.1, 2.2, 9.8, 1.5, 12.3, 6.1, 5.4, 4.0, 11.8, 3.3, 10.2, 14.9]
  const site = ['a', 'a', 'b', 'b', 'c', 'c', 'd', 'd', 'e', 'e', 'f', 'f']
  return tableOf({ arm, x, y, site })
}
