import { describe, expect, it } from 'vitest'
import seedrandom from 'seedrandom'
import {
  boundedBelow,
  nextUint32,
  uniform53,
  xoshiroState,
} from '../../../analysis/randomisation-inference'
import { goodnessOfFit } from './chi-square-checks'

// Reference outputs from the authors' C code (https://prng.di.unimi.it/xoshiro128starstar.c) with the state
// set to the given words, compiled with gcc -O2:
//   ./xoshiro128starstar 1 2 3 4 8
//   -> 11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849
//   ./xoshiro128starstar 203658631 2718590980 2397782624 1184461928 6      (the state of seed 'trial-42')
//   -> 3928251069, 501053017, 1703904588, 1637233924, 700045244, 231104133
describe('xoshiro128**', () => {
  it('matches the reference implementation', () => {
    const state = { a: 1, b: 2, c: 3, d: 4 }
    expect(Array.from({ length: 8 }, () => nextUint32(state))).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ])
    const seeded = xoshiroState('trial-42')
    expect(Array.from({ length: 6 }, () => nextUint32(seeded))).toEqual([
      3928251069, 501053017, 1703904588, 1637233924, 700045244, 231104133,
    ])
  })

  it('is seeded with the first four words of seedrandom.alea', () => {
    for (const seed of ['trial-42', 7, 'a much longer seed string with spaces']) {
      const alea = seedrandom.alea(String(seed))
      const words = Array.from({ length: 4 }, () => (alea() * 2 ** 32) >>> 0)
      const state = xoshiroState(seed)
      expect([state.a, state.b, state.c, state.d].map((w) => w >>> 0)).toEqual(words)
    }
  })

  it('makes 53-bit uniforms from two words', () => {
    const a = xoshiroState('u')
    const b = xoshiroState('u')
    const u = uniform53(a)
    const high = nextUint32(b) >>> 5
    const low = nextUint32(b) >>> 6
    expect(u).toBe((high * 2 ** 26 + low) / 2 ** 53)
  })
})

describe('boundedBelow', () => {
  it('is Lemire multiply-shift: the high word of x * bound when no rejection is needed', () => {
    const a = xoshiroState('lemire')
    const b = xoshiroState('lemire')
    for (let i = 0; i < 1000; i++) {
      const bound = 1 + ((i * 7919) % 1_000_000)
      const word = nextUint32(b)
      const low = (word * bound) % 2 ** 32
      if (low < bound) break // the rare rejection branch: the two streams part here
      expect(boundedBelow(a, bound)).toBe(Math.floor((word * bound) / 2 ** 32))
    }
  })

  it('is uniform, for a small bound and for a bound above 2^21', () => {
    for (const bound of [7, 3_000_001]) {
      const state = xoshiroState(`uniform-${bound}`)
      const cells = 7
      const counts = new Array<number>(cells).fill(0)
      // Draws outside [0, bound), checked in one assertion rather than 140,000 calls of expect.
      const outside: number[] = []
      for (let i = 0; i < 70_000; i++) {
        const x = boundedBelow(state, bound)
        if (!(x >= 0 && x < bound)) outside.push(x)
        counts[Math.floor((x * cells) / bound)]++
      }
      expect(outside).toEqual([])
      // 3,000,001 is not a multiple of 7: the cells' probabilities differ by at most 1 / 3e6, far below the test's reach.
      expect(goodnessOfFit(counts, new Array(cells).fill(1 / cells)).pValue).toBeGreaterThan(1e-4)
    }
  })
})
