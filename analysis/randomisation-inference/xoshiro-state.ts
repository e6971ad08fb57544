import { ALEA_SCALE, aleaState } from './alea-state'

/**
 * The four 32-bit words (held as signed int32) that are the whole state of a xoshiro128** generator.
 *
 * @example
 * const state: XoshiroState = xoshiroState('trial-42')
 */
export interface XoshiroState {
  a: number
  b: number
  c: number
  d: number
}

/**
 * The xoshiro128** state for a seed: the first four outputs of `seedrandom.alea(seed)`, each times 2^32 (Alea
 * draws are multiples of 2^-32, so each is an exact 32-bit word), as words a, b, c, d. Alea's string hashing
 * keeps every seed that trialworks-ri/1 accepted meaningful. The all-zero state, which xoshiro never leaves,
 * is replaced by (1, 0, 0, 0).
 *
 * @example
 * const s = xoshiroState('trial-42')
 * nextUint32(s) // the first word of the trialworks-ri/2 stream for this seed
 */
export function xoshiroState(seed: string | number): XoshiroState {
  let { c, s0, s1, s2 } = aleaState(seed)
  const words: number[] = []
  for (let i = 0; i < 4; i++) {
    const t = 2091639 * s0 + c * ALEA_SCALE
    s0 = s1
    s1 = s2
    c = t | 0
    s2 = t - c
    words.push((s2 * 4294967296) | 0)
  }
  if (!words.some((w) => w !== 0)) words[0] = 1
  return { a: words[0], b: words[1], c: words[2], d: words[3] }
}

/**
 * One step of xoshiro128** (Blackman & Vigna 2021, "Scrambled linear pseudorandom number generators",
 * ACM TOMS 47(4):36, doi:10.1145/3460772), advancing `state` in place:
 *   out = rotl(b * 5, 7) * 9;  t = b << 9;  c ^= a;  d ^= b;  b ^= c;  a ^= d;  c ^= t;  d = rotl(d, 11)
 * returning out as an unsigned 32-bit integer. Hot loops step the same words inline.
 *
 * @example
 * nextUint32({ a: 1, b: 2, c: 3, d: 4 }) // 11520 (the reference C code's first output for this state)
 */
export function nextUint32(state: XoshiroState): number {
  const r = Math.imul(state.b, 5)
  const out = Math.imul((r << 7) | (r >>> 25), 9) >>> 0
  const t = state.b << 9
  state.c ^= state.a
  state.d ^= state.b
  state.b ^= state.c
  state.a ^= state.d
  state.c ^= t
  state.d = (state.d << 11) | (state.d >>> 21)
  return out
}

/**
 * A uniform on [0, 1) with 53 random bits from two consecutive words x, y:
 *   u = ((x >>> 5) 2^26 + (y >>> 6)) / 2^53,
 * as in the reference Mersenne Twister's genrand_res53 (Matsumoto & Nishimura 1998).
 *
 * @example
 * uniform53(xoshiroState('seed')) // in [0, 1), a multiple of 2^-53
 */
export function uniform53(state: XoshiroState): number {
  const high = nextUint32(state) >>> 5
  const low = nextUint32(state) >>> 6
  return (high * 67108864 + low) * 1.1102230246251565e-16
}

const TWO_32 = 4294967296
const TWO_53 = 9007199254740992
/** Below this bound x * m (x < 2^32) is exact in a double, so Lemire's method runs in double arithmetic. */
export const LEMIRE_MAX_BOUND = 2097152

/**
 * A uniform integer in 0..bound-1, exactly (no modulo bias). For bound <= 2^21, Lemire's multiply-and-reject
 * (Lemire 2019, "Fast random integer generation in an interval", ACM TOMACS 29(1):3, doi:10.1145/3230636):
 *   x = next word;  p = x * bound;  low = p mod 2^32;  if low < bound, redraw x while low < (2^32 - bound) mod bound;
 *   result floor(p / 2^32).
 * Above 2^21 (only blocks of more than two million units), r = (x >>> 11) 2^32 + y from two words x, y,
 * redrawn while r >= 2^53 - (2^53 mod bound); result r mod bound.
 *
 * @example
 * boundedBelow(xoshiroState('seed'), 10) // an integer 0..9
 */
export function boundedBelow(state: XoshiroState, bound: number): number {
  if (bound <= LEMIRE_MAX_BOUND) {
    let product = nextUint32(state) * bound
    let high = Math.floor(product / TWO_32)
    let low = product - high * TWO_32
    if (low < bound) {
      const threshold = (TWO_32 - bound) % bound
      while (low < threshold) {
        product = nextUint32(state) * bound
        high = Math.floor(product / TWO_32)
        low = product - high * TWO_32
      }
    }
    return high
  }
  const limit = TWO_53 - (TWO_53 % bound)
  let r: number
  do r = (nextUint32(state) >>> 11) * TWO_32 + nextUint32(state)
  while (r >= limit)
  return r % bound
}

/**
 * The rejection step of Lemire's method, for hot loops that draw the first word inline: given the first
 * product p = x * bound with p mod 2^32 < bound, redraws as `boundedBelow` does and returns its result.
 *
 * @example
 * const high = lemireRetry(state, bound, product) // only when product mod 2^32 < bound
 */
export function lemireRetry(state: XoshiroState, bound: number, product: number): number {
  let high = Math.floor(product / TWO_32)
  let low = product - high * TWO_32
  const threshold = (TWO_32 - bound) % bound
  while (low < threshold) {
    product = nextUint32(state) * bound
    high = Math.floor(product / TWO_32)
    low = product - high * TWO_32
  }
  return high
}
