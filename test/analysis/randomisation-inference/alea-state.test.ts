import { describe, expect, it } from 'vitest'
import seedrandom from 'seedrandom'
import { ALEA_SCALE, aleaState } from '../../../analysis/randomisation-inference'

describe('aleaState', () => {
  it('stepped inline, reproduces seedrandom.alea draw for draw', () => {
    // Draws that differ (as toBe compares, Object.is), checked in one assertion rather than 30,000.
    const differing: Array<{ seed: string | number; draw: number; inline: number; alea: number }> =
      []
    for (const seed of ['trial-42', 7, 'a much longer seed string with spaces']) {
      const reference = seedrandom.alea(String(seed))
      let { c, s0, s1, s2 } = aleaState(seed)
      for (let i = 0; i < 10_000; i++) {
        const t = 2091639 * s0 + c * ALEA_SCALE
        s0 = s1
        s1 = s2
        c = t | 0
        s2 = t - c
        const alea = reference()
        if (!Object.is(s2, alea)) differing.push({ seed, draw: i, inline: s2, alea })
      }
    }
    expect(differing).toEqual([])
  })
})
