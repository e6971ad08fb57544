import seedrandom from 'seedrandom'
import type { StreamState } from '../state-schema'

/** A stream of uniform doubles in [0, 1); `state()` is its Alea state, to persist and resume it exactly. */
export type Stream = (() => number) & { state(): StreamState }

/**
 * The v1 stream for one purpose: `seedrandom.alea(tag + "|" + seed + "|" + name)`. Alea (Baagøe 2010) seeds from
 * the UTF-16 code units of the whole string through its Mash hash, so any change in seed or name gives an unrelated
 * stream. Names: `simple`, `complete`, `minimisation`, `stratum|<canonical stratum key>`.
 *
 * @example
 * const rng = createStream('trialworks-randomisation/1', 'c0ffee', 'stratum|["York"]')
 * rng() // a double in [0, 1)
 */
export function createStream(tag: string, seed: string, name: string): Stream {
  return wrap(seedrandom.alea(`${tag}|${seed}|${name}`, { state: true }))
}

/**
 * A stream resumed from a saved Alea state: its draws continue exactly where the saved stream's stopped.
 *
 * @example
 * const rng = createStream('trialworks-randomisation/1', 'c0ffee', 'simple')
 * rng()
 * const resumed = resumeStream(rng.state())
 * resumed() === rng() // true
 */
export function resumeStream(state: StreamState): Stream {
  return wrap(seedrandom.alea('', { state: { ...state } }))
}

function wrap(prng: seedrandom.StatefulPRNG<seedrandom.State.Alea>): Stream {
  const stream = () => prng()
  stream.state = (): StreamState => {
    const { c, s0, s1, s2 } = prng.state()
    return { c, s0, s1, s2 }
  }
  return stream
}

/**
 * Index chosen by one draw u among integer weights w_0..w_{K-1} (only entries listed in `candidates`, in order):
 * j = floor(u * sum(w)); return the first candidate c with j < w_c0 + ... + w_c.
 * Integer weights keep the mapping exact and identical in any language with IEEE doubles.
 *
 * @example
 * pickWeighted(0.7, [2, 1], [0, 1]) // 1, since floor(0.7 * 3) = 2 falls in arm 1's slot
 */
export function pickWeighted(
  u: number,
  weights: readonly number[],
  candidates: readonly number[]
): number {
  let total = 0
  for (const candidate of candidates) total += weights[candidate]
  const target = Math.floor(u * total)
  let cumulative = 0
  for (const candidate of candidates) {
    cumulative += weights[candidate]
    if (target < cumulative) return candidate
  }
  // u < 1 guarantees a hit above; this guards against a malformed stream.
  return candidates[candidates.length - 1]
}
