import { z } from 'zod'
import { ESTIMATOR_SPECS } from './estimators/catalogue'

// One schema for every analysis the engine runs, built from the estimator catalogue
// (analysis/estimators/catalogue): each estimator's descriptor holds its own spec schema. The oracle
// contract (shared/oracle/README.md) fixes the field names (snake_case, as R users write them); the trial
// protocol's analysis plan stores these specs verbatim, so every object is strict: an unknown or misspelt
// key is refused, never silently ignored.

/**
 * Every analysis the engine runs, discriminated on `estimator` (and, for power, on `test`).
 *
 * @example
 * const spec = analysisSpecSchema.parse({ estimator: 'ols', outcome: 'days', treatment: 'arm', se_type: 'HC2' })
 * spec.alpha // 0.05
 */
export const analysisSpecSchema = z
  .discriminatedUnion('estimator', ESTIMATOR_SPECS)
  .describe('An analysis request: which estimator, on which columns, with which options')

/**
 * A validated analysis spec (defaults filled in).
 *
 * @example
 * const spec: AnalysisSpec = analysisSpecSchema.parse({ estimator: 'welch_t', outcome: 'y', treatment: 'arm' })
 */
export type AnalysisSpec = z.infer<typeof analysisSpecSchema>

/**
 * The spec of one estimator, e.g. `SpecOf<'ols'>`.
 *
 * @example
 * function ols(spec: SpecOf<'ols'>) { return spec.se_type }
 */
export type SpecOf<E extends AnalysisSpec['estimator']> = Extract<AnalysisSpec, { estimator: E }>

/** Input accepted by {@link analysisSpecSchema} before defaults are applied. */
export type AnalysisSpecInput = z.input<typeof analysisSpecSchema>
