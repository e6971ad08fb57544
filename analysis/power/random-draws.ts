import seedrandom from 'seedrandom'

/**
 * A stream of uniform doubles in [0, 1).
 *
 * @example
 * const rng: RandomStream = seededStream(2024, 'population')
 */
export type RandomStream = () => number

/**
 * A reproducible uniform stream: Alea (Baagoe 2010) through seedrandom, the same generator in Node and workerd.
 * Distinct `purpose` strings give unrelated streams from one seed.
 *
 * @example
 * const rng = seededStream(2024, 'population')
 * rng() // the same double in [0, 1) on every run
 */
export function seededStream(seed: string | number, purpose: string): RandomStream {
  const prng = seedrandom.alea(`${purpose}|${seed}`)
  return () => prng()
}

/**
 * A standard normal draw by the Box-Muller transform, z = sqrt(-2 log u1) cos(2 pi u2), with u1 in (0, 1].
 * Box & Muller (1958), Ann Math Stat 29:610.
 *
 * @example
 * standardNormalDraw(seededStream(1, 'demo')) // a N(0, 1) draw
 */
export function standardNormalDraw(rng: RandomStream): number {
  const u1 = 1 - rng()
  const u2 = rng()
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}
