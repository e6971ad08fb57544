import type { EffectEstimate } from '../analysis-result'
import { completeCaseRows, type DataTable } from '../data'
import { selectAnalysisSample } from '../data/analysis-sample'
import { DesignError } from '../errors'
import { leastSquares } from '../linear-algebra'
import type { SpecOf } from '../spec'
import { groupIndex } from './group-index'
import { columnMajor, linearRegression } from './linear-regression'
import { labelsAt, numericAt } from './sample-values'

/**
 * Two-stage least squares, estimatr's
 * `iv_robust(outcome ~ endogenous + covariates | instrument + covariates, clusters =, se_type =)`:
 *   X-hat = P_Z X;  b = (X-hat'X-hat)^-1 X-hat'y;  e = y - X b;  V = sandwich with X-hat and e
 * (Angrist & Pischke 2009, Mostly Harmless Econometrics, section 4.1; for an encouragement design the
 * endogenous coefficient is the complier average causal effect, Gerber & Green 2012, ch. 6).
 *
 * @example
 * instrumentalVariables(analysisSpecSchema.parse({ estimator: 'iv', outcome: 'y', endogenous: 'd', instrument: 'z' }), table)
 */
export function instrumentalVariables(spec: SpecOf<'iv'>, table: DataTable): EffectEstimate {
  const used = [spec.outcome, spec.endogenous, ...spec.covariates]
  if (spec.clusters !== undefined) used.push(spec.clusters)
  // A named pair of arms recodes the instrument to 1/0 (a multi-arm trial's allocation column);
  // otherwise the instrument is used as coded, as iv_robust does.
  const named = spec.treatment_arm !== undefined && spec.control_arm !== undefined
  const sample = named
    ? selectAnalysisSample(
        table,
        {
          treatment: spec.instrument,
          treatment_arm: spec.treatment_arm,
          control_arm: spec.control_arm,
        },
        used
      )
    : null
  const rows = sample ? sample.rows : completeCaseRows(table, [...used, spec.instrument])
  const n = rows.length
  const one = new Float64Array(n).fill(1)
  const covariates = spec.covariates.map((c) => numericAt(table, c, rows))
  const endogenous = numericAt(table, spec.endogenous, rows)
  const instrument = sample
    ? Float64Array.from(sample.treated)
    : numericAt(table, spec.instrument, rows)
  const instruments = [one, instrument, ...covariates]
  const firstStage = leastSquares(columnMajor(instruments, n), n, instruments.length, endogenous)
  if (!firstStage.kept.includes(1)) {
    throw new DesignError(
      `instrument "${spec.instrument}" is constant or collinear with the covariates, so it identifies nothing`,
      {
        column: spec.instrument,
      }
    )
  }
  const fittedEndogenous = endogenous.map((v, i) => v - firstStage.residuals[i])
  const clusters =
    spec.clusters === undefined ? undefined : groupIndex(labelsAt(table, spec.clusters, rows))
  return linearRegression({
    names: ['(Intercept)', spec.endogenous, ...spec.covariates],
    columns: [one, endogenous, ...covariates],
    fittedColumns: [one, fittedEndogenous, ...covariates],
    outcome: numericAt(table, spec.outcome, rows),
    target: 1,
    seType: spec.se_type ?? (clusters === undefined ? 'HC2' : 'CR2'),
    clusters,
    alpha: spec.alpha,
  })
}
