import type { DataTable } from '../../analysis/data'
import { DomainError, runAnalysis, type AnalysisResult, type AnalysisSpec } from '../../analysis'

/**
 * One requested exploratory analysis: a name and an engine spec over the analysis dataset.
 *
 * @example
 * const a: ExploratoryAnalysis = { name: 'days_by_area', spec: analysisSpecSchema.parse({ estimator: 'ols', outcome: 'days', treatment: 'arm' }) }
 */
export interface ExploratoryAnalysis {
  name: string
  spec: AnalysisSpec
}

/**
 * Why one exploratory spec cannot run: the JSON Pointer of the field at fault (in the request
 * body's `analyses` array), the engine's message and its stable code.
 *
 * @example
 * const p: ExploratoryProblem = { pointer: '/analyses/0/spec/outcome', detail: 'column "dayz" is not in the data', code: 'missing-column' }
 */
export interface ExploratoryProblem {
  pointer: string
  detail: string
  code: string
}

/**
 * Exploratory analyses that cannot run on the trial's data. `details.errors` lists each spec's
 * problem with the pointer of the field at fault; nothing is stored.
 *
 * @example
 * throw new ExploratorySpecError('1 analysis cannot run', { errors: [problem] })
 */
export class ExploratorySpecError extends DomainError {
  override readonly code: string = 'analysis-cannot-run'
}

// Spec fields that name a column, in the order a problem is attributed to them.
const COLUMN_FIELDS = [
  'outcome',
  'treatment',
  'covariates',
  'blocks',
  'clusters',
  'endogenous',
  'instrument',
] as const

/** The pointer (below `/analyses/i/spec`) of the field an engine error is about. */
function fieldOf(spec: AnalysisSpec, err: DomainError): string {
  const column = err.details?.column
  const fields = spec as unknown as Record<string, unknown>
  if (typeof column === 'string') {
    for (const field of COLUMN_FIELDS) {
      const value = fields[field]
      if (value === column) return `/${field}`
      if (Array.isArray(value) && value.includes(column))
        return `/${field}/${value.indexOf(column)}`
    }
  }
  if (err.code === 'treatment-coding')
    return fields.treatment_arm !== undefined ? '/treatment_arm' : '/treatment'
  for (const field of ['block', 'cluster'] as const)
    if (err.details?.[field] !== undefined && fields[`${field}s`] !== undefined) return `/${field}s`
  return ''
}

/**
 * Runs every requested exploratory analysis on the trial's analysis dataset. A spec that cannot
 * run (a column the dataset lacks, a text column used as a number, a design the estimator refuses)
 * is not a result: all such problems are collected and thrown together as `ExploratorySpecError`,
 * each naming its field, so the request is refused and nothing is stored.
 *
 * @example
 * runExploratoryAnalyses([{ name: 'days_ols', spec }], table)[0].result.estimate
 */
export function runExploratoryAnalyses(
  requests: readonly ExploratoryAnalysis[],
  table: DataTable
): Array<{ name: string; label: 'exploratory'; spec: AnalysisSpec; result: AnalysisResult }> {
  const problems: ExploratoryProblem[] = []
  const results = requests.map((r, i) => {
    try {
      return {
        name: r.name,
        label: 'exploratory' as const,
        spec: r.spec,
        result: runAnalysis(r.spec, table),
      }
    } catch (err) {
      if (!(err instanceof DomainError)) throw err
      problems.push({
        pointer: `/analyses/${i}/spec${fieldOf(r.spec, err)}`,
        detail: `${r.name}: ${err.message}`,
        code: err.code,
      })
      return null
    }
  })
  if (problems.length)
    throw new ExploratorySpecError(
      `${problems.length} of the ${requests.length} analyses cannot run on this trial's data; nothing was stored`,
      { errors: problems }
    )
  return results.map((r) => r!)
}
