import { AllocatorStateMismatchError, SampleSizeExceededError } from '../errors'
import type { RandomisationConfig } from '../schema'
import type { MethodState } from '../state-schema'
import type { MethodAllocator } from '../types'
import { createStream, resumeStream } from './draw'
import { checkArms } from './resume'

/**
 * Exact arm counts for N units with integer ratios r_i (R = sum r_i), drawn with one uniform u:
 *   n_i = floor(N r_i / R), rho_i = N r_i mod R, d = sum(rho_i) / R extra units (0 <= d < K)
 *   t = floor(u R); arm i gets one extra unit iff some k in 0..d-1 has C_{i-1} <= t + kR < C_i,
 *   where C_i = rho_0 + ... + rho_i (systematic sampling).
 * Each arm's expected count is exactly N r_i / R and never more than one unit away from it.
 * Systematic PPS sampling: Madow (1949), Ann. Math. Stat. 20:333, doi:10.1214/aoms/1177729988.
 *
 * @example
 * completeCounts(5, [1, 1], 0.2) // [3, 2]: t = 0 lands in arm 0's remainder slot
 */
export function completeCounts(total: number, ratios: readonly number[], u: number): number[] {
  const ratioSum = ratios.reduce((sum, ratio) => sum + ratio, 0)
  const remainders = ratios.map((ratio) => (total * ratio) % ratioSum)
  const counts = ratios.map((ratio, arm) => (total * ratio - remainders[arm]) / ratioSum)
  const extras = remainders.reduce((sum, rho) => sum + rho, 0) / ratioSum
  const start = Math.floor(u * ratioSum)
  let lower = 0
  remainders.forEach((rho, arm) => {
    const upper = lower + rho
    // The first point t + kR at or above `lower`; it belongs to this arm if it is below `upper` and k < d.
    const k = Math.max(0, Math.ceil((lower - start) / ratioSum))
    if (k < extras && start + k * ratioSum < upper) counts[arm] += 1
    lower = upper
  })
  return counts
}

/**
 * Complete randomisation of a planned total N (`sample_size`, or the batch size when allocating a batch):
 * one draw for the counts (see {@link completeCounts}) on the stream `complete`, then for unit k an urn draw
 * without replacement: j = floor(u * remaining), arm = first arm whose cumulative remaining count exceeds j.
 *
 * @example
 * const method = createComplete(config, 'trialworks-randomisation/1', 'c0ffee', 100)
 * method.allocate({ id: 'h-1' }, 1) // { id: 'h-1', arm: 'mediation' } or another arm
 */
export function createComplete(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  total: number,
  saved?: Extract<MethodState, { kind: 'complete' }>
): MethodAllocator {
  if (saved !== undefined) {
    if (saved.total !== total) {
      throw new AllocatorStateMismatchError(
        `saved complete randomisation planned ${saved.total} units, the configuration ${total}`,
        { saved: saved.total, sample_size: total }
      )
    }
    checkArms(saved.remaining, config.arms.length, 'urn counts', true)
  }
  const rng = saved ? resumeStream(saved.stream) : createStream(tag, seed, 'complete')
  const remaining = saved
    ? saved.remaining.slice()
    : completeCounts(
        total,
        config.arms.map((arm) => arm.ratio),
        rng()
      )
  let left = remaining.reduce((sum, count) => sum + count, 0)
  return {
    snapshot: () => ({
      kind: 'complete',
      stream: rng.state(),
      total,
      remaining: remaining.slice(),
    }),
    allocate(unit, position) {
      if (left === 0) {
        throw new SampleSizeExceededError(
          `complete randomisation planned ${total} units; unit ${position} cannot be allocated`,
          { sample_size: total, position }
        )
      }
      const target = Math.floor(rng() * left)
      let cumulative = 0
      let arm = 0
      for (; arm < remaining.length - 1; arm += 1) {
        cumulative += remaining[arm]
        if (target < cumulative) break
      }
      remaining[arm] -= 1
      left -= 1
      return { id: unit.id, arm: config.arms[arm].name }
    },
  }
}
