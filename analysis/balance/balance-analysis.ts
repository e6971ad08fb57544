import type { AnalysisResult } from '../analysis-result'
import type { DataTable } from '../data'
import { selectAnalysisSample } from '../data/analysis-sample'
import { numericAt } from '../estimators/sample-values'
import type { SpecOf } from '../spec'
import { covariateBalance } from './covariate-balance'
import { sampleRatioMismatch } from './sample-ratio-mismatch'

/**
 * The `balance` analysis of the engine's contract: one entry per covariate, each over the rows where that
 * covariate (and the treatment) is observed; plus a sample-ratio-mismatch test when a planned allocation is given.
 *
 * @example
 * balanceAnalysis({ estimator: 'balance', treatment: 'arm', covariates: ['age_head', 'in_work'] }, table).covariates
 */
export function balanceAnalysis(spec: SpecOf<'balance'>, table: DataTable): AnalysisResult {
  const covariates = spec.covariates.map((name) => {
    const sample = selectAnalysisSample(table, spec, [name])
    const b = covariateBalance(numericAt(table, name, sample.rows), sample.treated)
    return {
      name,
      smd: b.smd,
      hedges_g: b.hedgesG,
      cox_index: b.coxIndex,
      mean_treatment: b.meanTreatment,
      mean_control: b.meanControl,
      sd_treatment: b.sdTreatment,
      sd_control: b.sdControl,
      n_treatment: b.nTreatment,
      n_control: b.nControl,
      variance_ratio: b.varianceRatio,
    }
  })
  return { covariates, ...sampleRatioMismatchField(spec, table) }
}

/**
 * `{ sample_ratio_mismatch }` for a spec that states its planned allocation [treatment, control],
 * else `{}`. The block lists its counts with the arms they belong to, control first (the treatment
 * column's level order 0, 1, as R's `table()` gives them): `arms` labels `observed` and `expected`.
 *
 * @example
 * sampleRatioMismatchField({ treatment: 'arm', planned_allocation: [1, 1] }, table).sample_ratio_mismatch.arms // ['0', '1']
 */
export function sampleRatioMismatchField(
  spec: {
    treatment: string
    treatment_arm?: number | string
    control_arm?: number | string
    planned_allocation?: number[]
  },
  table: DataTable
): AnalysisResult {
  if (spec.planned_allocation === undefined) return {}
  const { treated } = selectAnalysisSample(table, spec, [])
  const nTreated = treated.reduce((s, t) => s + t, 0)
  const [treatmentRatio, controlRatio] = spec.planned_allocation
  const srm = sampleRatioMismatch(
    [treated.length - nTreated, nTreated],
    [controlRatio!, treatmentRatio!]
  )
  return {
    sample_ratio_mismatch: {
      arms: [String(spec.control_arm ?? 0), String(spec.treatment_arm ?? 1)],
      observed: srm.observed,
      expected: srm.expected,
      statistic: srm.statistic,
      df: srm.df,
      p_value: srm.pValue,
    },
  }
}
