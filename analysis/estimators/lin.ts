import type { EffectEstimate } from '../analysis-result'
import { selectAnalysisSample, type DataTable } from '../data'
import type { SpecOf } from '../spec'
import { groupIndex } from './group-index'
import { linearRegression } from './linear-regression'
import { labelsAt, numericAt } from './sample-values'

/**
 * Lin's (2013) interacted regression adjustment, estimatr's `lm_lin`:
 *   y = a + tau z + b'(x - xbar) + g' z (x - xbar) + e
 * with each covariate centred at its complete-case mean, so tau is the average treatment effect
 * (Lin 2013, Annals of Applied Statistics 7(1), 295-318, doi:10.1214/12-AOAS583), with robust SEs.
 *
 * @example
 * lin(analysisSpecSchema.parse({ estimator: 'lin', outcome: 'days', treatment: 'arm', covariates: ['age'] }), table).estimate
 */
export function lin(spec: SpecOf<'lin'>, table: DataTable): EffectEstimate {
  const extra = spec.clusters === undefined ? [] : [spec.clusters]
  const sample = selectAnalysisSample(table, spec, [spec.outcome, ...spec.covariates, ...extra])
  const n = sample.rows.length
  const treated = Float64Array.from(sample.treated)
  const centred = spec.covariates.map((name) => {
    const x = numericAt(table, name, sample.rows)
    let sum = 0
    for (const v of x) sum += v
    const mean = sum / n
    for (let i = 0; i < n; i++) x[i] -= mean
    return x
  })
  const interactions = centred.map((x) => x.map((v, i) => v * treated[i]))
  const clusters =
    spec.clusters === undefined
      ? undefined
      : groupIndex(labelsAt(table, spec.clusters, sample.rows))
  return linearRegression({
    names: [
      '(Intercept)',
      spec.treatment,
      ...spec.covariates.map((c) => `${c}_c`),
      ...spec.covariates.map((c) => `${spec.treatment}:${c}_c`),
    ],
    columns: [new Float64Array(n).fill(1), treated, ...centred, ...interactions],
    outcome: numericAt(table, spec.outcome, sample.rows),
    target: 1,
    seType: spec.se_type ?? (clusters === undefined ? 'HC2' : 'CR2'),
    clusters,
    alpha: spec.alpha,
  })
}
