import seedrandom from 'seedrandom'

/**
 * The four numbers that are the whole state of an Alea generator.
 *
 * @example
 * const state: AleaState = aleaState('trial-42')
 */
export interface AleaState {
  c: number
  s0: number
  s1: number
  s2: number
}

/**
 * 2^-32.
 *
 * @example
 * ALEA_SCALE * 2 ** 32 // 1
 */
export const ALEA_SCALE = 2.3283064365386963e-10

/**
 * The initial state of `seedrandom.alea(seed)`, for hot loops that step the generator inline:
 *   t = 2091639 s0 + c 2^-32;  s0 <- s1;  s1 <- s2;  c <- floor(t);  s2 <- t - c   (the draw is s2)
 * which yields exactly seedrandom's stream without a function call per draw. Alea: Baagoe (2010),
 * "Better random numbers for JavaScript", a multiply-with-carry lagged generator.
 *
 * @example
 * const s = aleaState('seed')
 * const t = 2091639 * s.s0 + s.c * ALEA_SCALE // then as above: the same first draw as seedrandom.alea('seed')()
 */
export function aleaState(seed: string | number): AleaState {
  const { c, s0, s1, s2 } = seedrandom.alea(String(seed), { state: true }).state()
  return { c, s0, s1, s2 }
}
