import { regularizedGamma } from './incomplete-gamma'

/**
 * Chi-square upper tail P(X > x) (R: `pchisq(x, df, lower.tail = FALSE)`) = Q(df/2, x/2).
 *
 * @example
 * chiSquareUpperTail(50, 1) // 1.53743684398e-12
 */
export function chiSquareUpperTail(x: number, df: number): number {
  return regularizedGamma(df / 2, x / 2, true)
}

/**
 * Chi-square distribution function P(X <= x) (R: `pchisq(x, df)`) = P(df/2, x/2).
 *
 * @example
 * chiSquareCdf(2, 2) // 0.6321205588285577 (= 1 - exp(-1))
 */
export function chiSquareCdf(x: number, df: number): number {
  return regularizedGamma(df / 2, x / 2, false)
}
