import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import type { SpecOf } from '../spec'
import { groupIndex } from './group-index'
import { linearRegression } from './linear-regression'
import { labelsAt, numericAt } from './sample-values'

/**
 * 0/1 indicators for every level of a grouping column but the first: `+ factor(blocks)` in R, block fixed
 * effects. The reported treatment coefficient does not depend on which level is the reference.
 *
 * @example
 * blockIndicators(['a', 'b', 'a', 'c']) // [{ name: 'blocks=b', ... }, { name: 'blocks=c', ... }]
 */
function blockIndicators(
  labels: readonly string[],
  prefix = 'block'
): { names: string[]; columns: Float64Array[] } {
  const { codes, levels } = groupIndex(labels)
  const names: string[] = []
  const columns: Float64Array[] = []
  for (let level = 1; level < levels.length; level++) {
    const column = new Float64Array(labels.length)
    codes.forEach((code, i) => {
      if (code === level) column[i] = 1
    })
    names.push(`${prefix}=${levels[level]}`)
    columns.push(column)
  }
  return { names, columns }
}

/**
 * Covariate-adjusted OLS with robust standard errors, estimatr's
 * `lm_robust(outcome ~ treatment + covariates (+ factor(blocks)), clusters =, se_type =)`.
 * se_type defaults to HC2, or CR2 when clusters are given (estimatr's defaults).
 *
 * @example
 * ols(analysisSpecSchema.parse({ estimator: 'ols', outcome: 'days', treatment: 'arm', covariates: ['age'] }), table).std_error
 */
export function ols(spec: SpecOf<'ols'>, table: DataTable): EffectEstimate {
  const extra = [spec.blocks, spec.clusters].filter((c): c is string => c !== undefined)
  const sample = selectAnalysisSample(table, spec, [spec.outcome, ...spec.covariates, ...extra])
  const n = sample.rows.length
  const names = ['(Intercept)', spec.treatment, ...spec.covariates]
  const columns = [
    new Float64Array(n).fill(1),
    Float64Array.from(sample.treated),
    ...spec.covariates.map((c) => numericAt(table, c, sample.rows)),
  ]
  if (spec.blocks !== undefined) {
    const blocks = blockIndicators(labelsAt(table, spec.blocks, sample.rows), spec.blocks)
    names.push(...blocks.names)
    columns.push(...blocks.columns)
  }
  const clusters =
    spec.clusters === undefined
      ? undefined
      : groupIndex(labelsAt(table, spec.clusters, sample.rows))
  return linearRegression({
    names,
    columns,
    outcome: numericAt(table, spec.outcome, sample.rows),
    target: 1,
    seType: spec.se_type ?? (clusters === undefined ? 'HC2' : 'CR2'),
    clusters,
    alpha: spec.alpha,
  })
}
