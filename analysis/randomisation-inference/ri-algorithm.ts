import { aleaDrawers } from './alea-drawers'
import { clusterDrawer } from './cluster-drawer'
import type { DrawerFactories } from './drawer'
import { unitDrawer } from './unit-drawer'

/**
 * Every version of the Monte Carlo re-randomisation stream. A p-value is reproduced by its seed and its
 * version: a change to any loop, generator or path rule is a new version, and the old ones stay.
 * - `trialworks-ri/1`: seedrandom's Alea from the seed; every design by partial Fisher-Yates shuffles, index
 *   i + floor(u (length - i)).
 * - `trialworks-ri/2` (default): xoshiro128** seeded from the first four Alea words (`xoshiroState`); unit-level
 *   designs take, block by block, the tie path (exact multivariate hypergeometric counts of each distinct
 *   outcome value) when `prefersTies` says it is cheaper, otherwise the permutation path with Lemire's exact
 *   bounded indices (`unitDrawer`); clustered designs always permute (`clusterDrawer`).
 *
 * @example
 * RI_ALGORITHMS['trialworks-ri/1'].unit(outcome, compiled, 'trial-42').countExtreme(10_000, 0.5)
 */
export const RI_ALGORITHMS = {
  'trialworks-ri/1': aleaDrawers,
  'trialworks-ri/2': {
    unit: (outcome, design, seed) => unitDrawer(outcome, design, seed),
    cluster: clusterDrawer,
  },
} as const satisfies Record<string, DrawerFactories>

/**
 * The name of one version of the re-randomisation stream.
 *
 * @example
 * const algorithm: RiAlgorithm = 'trialworks-ri/2'
 */
export type RiAlgorithm = keyof typeof RI_ALGORITHMS

/**
 * The version new analyses use.
 *
 * @example
 * monteCarloRandomisationTest(y, t, {}, { simulations: 10_000, seed: 1 }).algorithm === DEFAULT_RI_ALGORITHM // true
 */
export const DEFAULT_RI_ALGORITHM: RiAlgorithm = 'trialworks-ri/2'
