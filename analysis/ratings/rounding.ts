/**
 * Tolerance for every `x <= t` comparison in the spec (§2).
 *
 * @example
 * 6.3000000005 <= 6.3 + COMPARISON_TOLERANCE // true
 */
const COMPARISON_TOLERANCE = 1e-9

/**
 * Rounds to 9 decimal places so floating-point noise (5.4000000001) cannot cross a boundary (§2).
 * Also used before half-up rounding: 0.295 * 100 is 29.499999999999996 in binary, 29.5 after this.
 *
 * @example
 * roundNoise(5.4000000001) // 5.4
 */
export function roundNoise(x: number): number {
  return Math.round(x * 1e9) / 1e9
}

/**
 * Rounds a non-negative number half up to `decimals` places, after removing float noise (§3.2 steps 2-3).
 *
 * @example
 * roundHalfUp(0.295, 2) // 0.3
 * roundHalfUp(10.5, 0)  // 11
 */
export function roundHalfUp(x: number, decimals: number): number {
  const scale = 10 ** decimals
  return Math.floor(roundNoise(x * scale) + 0.5) / scale
}

/**
 * The spec's inclusive comparison `x <= t`, implemented as `x <= t + 1e-9` (§2).
 *
 * @example
 * atMost(0.25000000001, 0.25) // true
 */
export function atMost(x: number, threshold: number): boolean {
  return x <= threshold + COMPARISON_TOLERANCE
}
