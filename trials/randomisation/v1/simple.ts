import type { RandomisationConfig } from '../schema'
import type { MethodState } from '../state-schema'
import type { MethodAllocator } from '../types'
import { createStream, pickWeighted, resumeStream } from './draw'

/**
 * Simple randomisation: one draw per unit from the stream `simple`, arm = pickWeighted(u, ratios).
 *
 * @example
 * const method = createSimple(config, 'trialworks-randomisation/1', 'c0ffee')
 * method.allocate({ id: 'h-1' }, 1) // { id: 'h-1', arm: 'mediation' } or another arm
 */
export function createSimple(
  config: RandomisationConfig,
  tag: string,
  seed: string,
  saved?: Extract<MethodState, { kind: 'simple' }>
): MethodAllocator {
  const rng = saved ? resumeStream(saved.stream) : createStream(tag, seed, 'simple')
  const ratios = config.arms.map((arm) => arm.ratio)
  const all = ratios.map((_, index) => index)
  return {
    allocate(unit) {
      return { id: unit.id, arm: config.arms[pickWeighted(rng(), ratios, all)].name }
    },
    snapshot: () => ({ kind: 'simple', stream: rng.state() }),
  }
}
