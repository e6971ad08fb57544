/**
 * What every benchmark hands back to `bench/run.ts`: table rows (our figure beside the reference tool's) and
 * free-form details for `bench/results/latest.json`.
 */
export type Unit = 's' | 'per s'

export interface Quantity {
  value: number
  unit: Unit
}

export interface Row {
  measure: string
  trialworks: Quantity
  /** The reference tool's figure on the same machine, or why there is none. */
  reference?: { tool: string; value: Quantity } | { tool: string; skipped: string }
  /**
   * How many times faster trialworks is (reference seconds / ours, or our rate / reference rate).
   * Below 1 means slower; for enrolment against pgbench it is the share of the raw insert rate kept.
   */
  ratio?: number
  goal?: string
  goalMet?: boolean
}

export interface BenchmarkReport {
  name: string
  title: string
  goal: string
  rows: Row[]
  notes: string[]
  details: Record<string, unknown>
}

export const seconds = (value: number): Quantity => ({ value, unit: 's' })
export const perSecond = (value: number): Quantity => ({ value, unit: 'per s' })

/** Ratio in the direction "larger is better for trialworks". */
export function speedRatio(ours: Quantity, reference: Quantity): number {
  return ours.unit === 's' ? reference.value / ours.value : ours.value / reference.value
}
