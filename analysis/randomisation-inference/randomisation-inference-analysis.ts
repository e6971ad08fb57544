import type { AnalysisResult } from '../analysis-result'
import type { DataTable } from '../data'
import { selectAnalysisSample } from '../data/analysis-sample'
import { DesignError, InvalidInputError } from '../errors'
import { labelsAt, numericAt } from '../estimators/sample-values'
import type { SpecOf } from '../spec'
import { exactRandomisationTest } from './exact-randomisation-test'
import { monteCarloRandomisationTest } from './monte-carlo-randomisation-test'

const DEFAULT_SIMULATIONS = 10_000

/** Integer codes 0..K-1 for labels, in order of first appearance. */
function codes(labels: readonly string[]): Int32Array {
  const index = new Map<string, number>()
  return Int32Array.from(labels, (label) => {
    let code = index.get(label)
    if (code === undefined) {
      code = index.size
      index.set(label, code)
    }
    return code
  })
}

/**
 * The `randomisation_inference` analysis of the engine's contract. `exact` enumerates complete randomisation
 * (n <= 14); `monte_carlo` re-randomises with the declared blocks and clusters, from a required seed.
 *
 * @example
 * randomisationInferenceAnalysis({ estimator: 'randomisation_inference', outcome: 'days', treatment: 'arm',
 *   method: 'exact', alpha: 0.05, p_value_convention: 'plus_one' }, table) // { estimate, p_value, n_assignments, n }
 */
export function randomisationInferenceAnalysis(
  spec: SpecOf<'randomisation_inference'>,
  table: DataTable
): AnalysisResult {
  const designColumns = [spec.blocks, spec.clusters].filter((c): c is string => c !== undefined)
  const sample = selectAnalysisSample(table, spec, [spec.outcome, ...designColumns])
  const outcome = numericAt(table, spec.outcome, sample.rows)
  const n = sample.rows.length

  if (spec.method === 'exact') {
    if (designColumns.length > 0) {
      throw new DesignError(
        'exact enumeration covers complete randomisation only; use monte_carlo for blocked or clustered designs'
      )
    }
    const result = exactRandomisationTest(outcome, sample.treated)
    return {
      method: 'exact',
      estimate: result.estimate,
      p_value: result.pValue,
      n_assignments: result.nAssignments,
      n,
    }
  }

  if (spec.seed === undefined) {
    throw new InvalidInputError(
      'monte_carlo randomisation inference needs a seed, so that its p-value can be reproduced'
    )
  }
  const simulations = spec.simulations ?? DEFAULT_SIMULATIONS
  const result = monteCarloRandomisationTest(
    outcome,
    sample.treated,
    {
      blocks:
        spec.blocks === undefined ? undefined : codes(labelsAt(table, spec.blocks, sample.rows)),
      clusters:
        spec.clusters === undefined
          ? undefined
          : codes(labelsAt(table, spec.clusters, sample.rows)),
    },
    {
      simulations,
      seed: spec.seed,
      pValueConvention: spec.p_value_convention,
      ...(spec.ri_algorithm ? { algorithm: spec.ri_algorithm } : {}),
    }
  )
  return {
    method: 'monte_carlo',
    estimate: result.estimate,
    p_value: result.pValue,
    monte_carlo_std_error: result.monteCarloStdError,
    n_simulations: result.nSimulations,
    extreme_count: result.extremeCount,
    p_value_convention: result.pValueConvention,
    seed: spec.seed,
    ri_algorithm: result.algorithm,
    n,
  }
}
