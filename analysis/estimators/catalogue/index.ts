import { attritionEstimator } from './attrition'
import { balanceEstimator } from './balance'
import { chiSquareEstimator } from './chi-square'
import type { EstimatorDescriptor, EstimatorRun, OutcomeType } from './descriptor'
import { differenceInMeansEstimator } from './difference-in-means'
import { fisherExactEstimator } from './fisher-exact'
import { ivEstimator } from './iv'
import { linEstimator } from './lin'
import { logisticEstimator } from './logistic'
import { metaAnalysisEstimator } from './meta-analysis'
import { olsEstimator } from './ols'
import { pAdjustEstimator } from './p-adjust'
import { powerEstimator } from './power'
import { randomisationInferenceEstimator } from './randomisation-inference'
import { riskDifferenceEstimator } from './risk-difference'
import { riskRatioEstimator } from './risk-ratio'
import { welchTEstimator } from './welch-t'

export { ANY_OUTCOME } from './descriptor'
export type { EffectScale, EstimatorDescriptor, EstimatorRun, OutcomeType } from './descriptor'

/**
 * Every estimator the engine runs, in the order the spec schema lists them. Adding an estimator is one
 * descriptor file in this folder and one entry here.
 *
 * @example
 * ESTIMATORS.map((e) => e.name) // ['difference_in_means', 'ols', ..., 'meta_analysis']
 */
export const ESTIMATORS = [
  differenceInMeansEstimator,
  olsEstimator,
  linEstimator,
  ivEstimator,
  logisticEstimator,
  riskDifferenceEstimator,
  riskRatioEstimator,
  welchTEstimator,
  fisherExactEstimator,
  chiSquareEstimator,
  randomisationInferenceEstimator,
  balanceEstimator,
  attritionEstimator,
  pAdjustEstimator,
  powerEstimator,
  metaAnalysisEstimator,
] as const

type Catalogue = typeof ESTIMATORS

/**
 * The name of an estimator, as specs write it in `estimator`.
 *
 * @example
 * const name: EstimatorName = 'risk_ratio'
 */
export type EstimatorName = Catalogue[number]['name']

/**
 * The estimators an analysis plan may name.
 *
 * @example
 * const name: PlannableEstimatorName = 'lin'
 */
export type PlannableEstimatorName = Extract<Catalogue[number], { plannable: true }>['name']

/**
 * The spec schemas of the catalogue, as a tuple in its order (what a discriminated union takes).
 *
 * @example
 * z.discriminatedUnion('estimator', ESTIMATOR_SPECS)
 */
export const ESTIMATOR_SPECS = ESTIMATORS.map((e) => e.spec) as unknown as SpecsOf<Catalogue>

// Generic, so that mapping a tuple type gives a tuple type.
type SpecsOf<T extends readonly unknown[]> = {
  -readonly [K in keyof T]: T[K] extends { spec: infer Spec } ? Spec : never
}

/**
 * The names of the estimators an analysis plan may name, in catalogue order.
 *
 * @example
 * PLANNABLE_ESTIMATORS.includes('lin') // true; PLANNABLE_ESTIMATORS.includes('power') // false
 */
export const PLANNABLE_ESTIMATORS = ESTIMATORS.filter((e) => e.plannable).map(
  (e) => e.name
) as readonly PlannableEstimatorName[]

/** Any descriptor of the catalogue, with its spec type widened to every spec it could be handed. */
type AnyEstimator<Spec> = Omit<EstimatorDescriptor, 'run' | 'seeded'> & {
  run: EstimatorRun<Spec>
  seeded?: (spec: Spec, seed: string) => Spec
}

const byName = new Map<string, Catalogue[number]>(ESTIMATORS.map((e) => [e.name, e]))

/**
 * The descriptor of the estimator a spec names. Each descriptor runs only specs of its own schema, which
 * the spec's `estimator` picks out, so it is handed back typed for the spec it was found by.
 *
 * @example
 * estimatorFor(spec).run.input // 'table' for ols, 'spec' for power
 */
export function estimatorFor<Spec extends { estimator: string }>(spec: Spec): AnyEstimator<Spec> {
  const descriptor = byName.get(spec.estimator)
  if (descriptor === undefined) throw new TypeError(`no estimator named ${spec.estimator}`)
  return descriptor as unknown as AnyEstimator<Spec>
}

/**
 * Whether an estimator accepts an outcome of the given type (the binary-only ones refuse the others).
 *
 * @example
 * acceptsOutcome('risk_ratio', 'continuous') // false
 * acceptsOutcome('lin', 'count') // true
 */
export function acceptsOutcome(estimator: string, type: OutcomeType): boolean {
  const descriptor = byName.get(estimator)
  return descriptor === undefined || descriptor.outcomes.includes(type)
}

/**
 * The scale and result field of the intention-to-treat effect an estimator reports, or null when it gives
 * none that can be pooled.
 *
 * @example
 * effectOf('risk_ratio') // { scale: 'log_risk_ratio', field: 'log_estimate' }
 * effectOf('fisher_exact') // null
 */
export function effectOf(estimator: string): EstimatorDescriptor['effect'] {
  return byName.get(estimator)?.effect ?? null
}
