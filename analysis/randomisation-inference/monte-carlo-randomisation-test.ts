import { InvalidInputError } from '../errors'
import { compileDesign, type RandomisationDesign } from './randomisation-design'
import { DEFAULT_RI_ALGORITHM, RI_ALGORITHMS, type RiAlgorithm } from './ri-algorithm'

const TIE_TOLERANCE = 1e-12

/**
 * `plus_one`: (count + 1) / (R + 1), which counts the observed assignment among the draws and so is a valid
 * p-value at any R, never 0 (Phipson & Smyth 2010, Stat Appl Genet Mol Biol 9:39). `proportion`: count / R,
 * the plain Monte Carlo estimate of the exact p-value.
 *
 * @example
 * const convention: PValueConvention = 'plus_one'
 */
export type PValueConvention = 'plus_one' | 'proportion'

/**
 * How many re-randomisations, from which seed and version of the stream, and how p is formed.
 *
 * @example
 * const options: MonteCarloOptions = { simulations: 10_000, seed: 'trial-42', pValueConvention: 'plus_one' }
 */
export interface MonteCarloOptions {
  simulations: number
  seed: string | number
  pValueConvention?: PValueConvention
  /** Version of the re-randomisation stream (`RI_ALGORITHMS`); the default is the current one. */
  algorithm?: RiAlgorithm
}

/**
 * Result of a Monte Carlo randomisation test.
 *
 * @example
 * const { pValue, monteCarloStdError }: MonteCarloRandomisationResult = monteCarloRandomisationTest(y, t, {}, options)
 */
export interface MonteCarloRandomisationResult {
  /** Observed statistic: the (block-size weighted) difference in means. */
  estimate: number
  pValue: number
  /** sqrt(p (1 - p) / R): the Monte Carlo error of p as an estimate of the exact p-value. */
  monteCarloStdError: number
  nSimulations: number
  /** Re-randomised statistics at least as extreme as the observed one. */
  extremeCount: number
  pValueConvention: PValueConvention
  /** The version of the stream that drew the re-randomisations: with the seed, it reproduces the p-value. */
  algorithm: RiAlgorithm
}

/**
 * Monte Carlo randomisation test of the sharp null of no effect, re-randomising with the trial's own design:
 * complete randomisation keeps the number treated; blocked randomisation keeps each block's treated count;
 * cluster randomisation assigns whole clusters (within blocks if blocked), keeping the number of treated clusters.
 * The statistic is the block-size weighted difference in means (the plain difference without blocks),
 *   stat = sum_b (N_b / N) (S1_b / n1_b - (T_b - S1_b) / (N_b - n1_b)),
 * computed from the sum of treated outcomes S1_b alone; the two-sided p-value counts |stat| >= |observed| - 1e-12.
 * How draws are made, and from which pseudo-random stream, is versioned (`RI_ALGORITHMS`): under the default
 * `trialworks-ri/2`, a block whose outcome takes few distinct values (binary, counts) draws the counts of each
 * value in the drawn arm from their multivariate hypergeometric law, and other blocks and clustered designs
 * draw units by partial Fisher-Yates shuffles; the result is reproducible from the seed and the version.
 * Gerber & Green (2012), Field Experiments, section 3.4; Rosenbaum (2002), Observational Studies, ch. 2.
 *
 * @example
 * monteCarloRandomisationTest(y, treated, { blocks }, { simulations: 10_000, seed: 'trial-42' }).pValue
 */
export function monteCarloRandomisationTest(
  outcome: Float64Array,
  treated: Uint8Array,
  design: RandomisationDesign,
  options: MonteCarloOptions
): MonteCarloRandomisationResult {
  const { simulations, seed } = options
  const pValueConvention = options.pValueConvention ?? 'plus_one'
  if (!Number.isInteger(simulations) || simulations < 1) {
    throw new InvalidInputError('simulations must be a positive integer', { simulations })
  }
  if (outcome.length !== treated.length)
    throw new InvalidInputError('outcome and treatment must have the same length')
  const algorithm = options.algorithm ?? DEFAULT_RI_ALGORITHM
  if (!Object.hasOwn(RI_ALGORITHMS, algorithm)) {
    throw new InvalidInputError(`unknown randomisation inference algorithm ${String(algorithm)}`, {
      algorithm,
      known: Object.keys(RI_ALGORITHMS),
    })
  }
  const factories = RI_ALGORITHMS[algorithm]
  const compiled = compileDesign(treated, design)
  const drawer = (design.clusters ? factories.cluster : factories.unit)(outcome, compiled, seed)
  const observed = drawer.observed
  const extremeCount = drawer.countExtreme(simulations, Math.abs(observed) - TIE_TOLERANCE)
  const pValue =
    pValueConvention === 'plus_one'
      ? (extremeCount + 1) / (simulations + 1)
      : extremeCount / simulations
  return {
    estimate: observed,
    pValue,
    monteCarloStdError: Math.sqrt((pValue * (1 - pValue)) / simulations),
    nSimulations: simulations,
    extremeCount,
    pValueConvention,
    algorithm,
  }
}
