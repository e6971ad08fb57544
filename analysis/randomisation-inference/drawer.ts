import type { CompiledDesign } from './randomisation-design'

/**
 * Re-randomises one data set with its design, from one seed's stream.
 *
 * @example
 * const drawer: Drawer = factories.unit(outcome, compiled, 'trial-42')
 * drawer.countExtreme(10_000, Math.abs(drawer.observed) - 1e-12)
 */
export interface Drawer {
  /** Observed statistic. */
  observed: number
  /**
   * Runs `simulations` re-randomisations, continuing the stream where the last call stopped, and counts
   * |stat| >= threshold. When `record` is given, the statistic of draw s is written to record[s].
   */
  countExtreme: (simulations: number, threshold: number, record?: Float64Array) => number
}

/**
 * The drawers of one algorithm version: for unit-level designs (complete or blocked) and clustered ones.
 *
 * @example
 * const drawer = (design.clusters ? factories.cluster : factories.unit)(outcome, compiled, seed)
 */
export interface DrawerFactories {
  unit: (outcome: Float64Array, design: CompiledDesign, seed: string | number) => Drawer
  cluster: (outcome: Float64Array, design: CompiledDesign, seed: string | number) => Drawer
}
