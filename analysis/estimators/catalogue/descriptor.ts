import type { z } from 'zod'
import type { DataTable } from '../../data'

/**
 * The type of an outcome an estimator can analyse, in the protocol's vocabulary.
 *
 * @example
 * const type: OutcomeType = 'binary'
 */
export type OutcomeType = 'binary' | 'continuous' | 'count'

/** Every outcome type: what an estimator of a mean difference accepts. */
export const ANY_OUTCOME: readonly OutcomeType[] = ['binary', 'continuous', 'count']

/**
 * The scale an estimator reports its effect on. Only effects on the same scale (and outcome) are pooled.
 *
 * @example
 * const scale: EffectScale = 'log_risk_ratio'
 */
export type EffectScale = 'difference' | 'log_odds_ratio' | 'log_risk_ratio'

/**
 * How an estimator runs: on a data table, or on the numbers in its spec alone.
 *
 * @example
 * const run: EstimatorRun<{ p: number[] }> = { input: 'spec', analyse: (spec) => ({ n: spec.p.length }) }
 */
export type EstimatorRun<Spec> =
  | { readonly input: 'table'; readonly analyse: (spec: Spec, table: DataTable) => object }
  | { readonly input: 'spec'; readonly analyse: (spec: Spec) => object }

/**
 * Everything the engine knows about one estimator, in one place: the schema of its spec (in the oracle
 * vocabulary), how it runs, the outcome types it accepts, the scale of the effect it reports, and whether
 * a protocol's analysis plan may name it. `analysis/spec.ts`, `runAnalysis` and the plan's estimator lists
 * are built from the catalogue of these, so adding an estimator is one descriptor in this folder.
 *
 * @example
 * const estimator: EstimatorDescriptor<'welch_t', typeof welchSpec, true> = {
 *   name: 'welch_t', spec: welchSpec, run: { input: 'table', analyse: welchT },
 *   outcomes: ANY_OUTCOME, effect: { scale: 'difference', field: 'estimate' }, plannable: true,
 * }
 */
export interface EstimatorDescriptor<
  Name extends string = string,
  Spec extends z.ZodType = z.ZodType,
  Plannable extends boolean = boolean,
> {
  /** The `estimator` value of its specs. */
  readonly name: Name
  /** The schema of its specs; strict, so an unknown or misspelt key is refused. */
  readonly spec: Spec
  readonly run: EstimatorRun<z.output<Spec>>
  /** The outcome types it accepts (none for estimators without an outcome column, such as power). */
  readonly outcomes: readonly OutcomeType[]
  /**
   * The intention-to-treat effect it reports and the result field holding it on that scale; null when it
   * gives none that can be pooled (a test without an effect estimate, or a complier effect).
   */
  readonly effect: {
    readonly scale: EffectScale
    readonly field: 'estimate' | 'log_estimate'
  } | null
  /** Whether an analysis plan may name it: it estimates an arm's effect on an outcome from the trial's data. */
  readonly plannable: Plannable
  /**
   * For estimators that sample: the spec to run with the seed a planned analysis derives from the trial's
   * seed, unless the spec fixes its own (so that a registered plan reproduces exactly).
   */
  readonly seeded?: (spec: z.output<Spec>, seed: string) => z.output<Spec>
}
