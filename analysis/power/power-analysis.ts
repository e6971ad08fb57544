import type { AnalysisResult } from '../analysis-result'
import type { SpecOf } from '../spec'
import { clusterMdes } from './cluster-mdes'
import { twoProportionsPower } from './two-proportions-power'
import { twoSampleTPower } from './two-sample-t-power'

/**
 * The `power` analysis of the engine's contract, dispatched on `test`; field names follow pwr's.
 *
 * @example
 * powerAnalysis({ estimator: 'power', test: 'two_sample_means', d: 0.3, power: 0.8, alpha: 0.05, alternative: 'two.sided' })
 * // { d: 0.3, n: 175.38..., power: 0.8, alpha: 0.05, alternative: 'two.sided' }
 */
export function powerAnalysis(spec: SpecOf<'power'>): AnalysisResult {
  switch (spec.test) {
    case 'two_sample_means': {
      const { d, n, power, alpha, alternative } = twoSampleTPower(spec)
      return { test: spec.test, d, n, power, alpha, alternative }
    }
    case 'two_proportions': {
      const { h, n, power, alpha, alternative } = twoProportionsPower(spec)
      return { test: spec.test, p1: spec.p1, p0: spec.p0, h, n, power, alpha, alternative }
    }
    case 'cluster_mdes': {
      const result = clusterMdes({
        clustersPerArm: spec.clusters_per_arm,
        clusterSize: spec.cluster_size,
        icc: spec.icc,
        alpha: spec.alpha,
        power: spec.power,
      })
      return {
        test: spec.test,
        design_effect: result.designEffect,
        effective_n_per_arm: result.effectiveNPerArm,
        mdes: result.mdes,
        alpha: spec.alpha,
        power: spec.power,
      }
    }
  }
}
