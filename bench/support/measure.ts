/** Wall-clock timings of repeated runs, in seconds. */
export interface Timing {
  median: number
  min: number
  max: number
  runs: number[]
  warmups: number
}

export interface TimingOptions {
  /** Untimed runs first: JIT compilation and first-touch allocation would otherwise land in the figure. */
  warmups?: number
  repeats?: number
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

export function summarise(runs: number[], warmups: number): Timing {
  return { median: median(runs), min: Math.min(...runs), max: Math.max(...runs), runs, warmups }
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9

/** Times `run` after `warmups` untimed calls; the median of `repeats` timed calls is the figure reported. */
export function timeSync(
  run: () => unknown,
  { warmups = 1, repeats = 5 }: TimingOptions = {}
): Timing {
  for (let w = 0; w < warmups; w++) run()
  const runs: number[] = []
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint()
    run()
    runs.push(seconds(start))
  }
  return summarise(runs, warmups)
}

export async function timeAsync(
  run: () => Promise<unknown>,
  { warmups = 1, repeats = 5 }: TimingOptions = {}
): Promise<Timing> {
  for (let w = 0; w < warmups; w++) await run()
  const runs: number[] = []
  for (let r = 0; r < repeats; r++) {
    const start = process.hrtime.bigint()
    await run()
    runs.push(seconds(start))
  }
  return summarise(runs, warmups)
}

/** Rounds for reports: timings in seconds keep 4 significant digits. */
export function round(value: number, digits = 4): number {
  if (!Number.isFinite(value) || value === 0) return value
  const scale = 10 ** (digits - 1 - Math.floor(Math.log10(Math.abs(value))))
  return Math.round(value * scale) / scale
}

export function roundTiming(t: Timing): Timing {
  return {
    median: round(t.median),
    min: round(t.min),
    max: round(t.max),
    runs: t.runs.map((r) => round(r)),
    warmups: t.warmups,
  }
}
