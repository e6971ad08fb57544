import { regularizedBeta } from './incomplete-beta'

/**
 * Upper tail of the F distribution P(F > f) (R: `pf(f, df1, df2, lower.tail = FALSE)`)
 * = I_y(df2/2, df1/2) with y = df2 / (df2 + df1 f) (A&S 26.6.2).
 *
 * @example
 * fUpperTail(4, 1, 10) // equals 2 * pt(-2, 10)
 */
export function fUpperTail(f: number, df1: number, df2: number): number {
  if (Number.isNaN(f) || !(df1 > 0) || !(df2 > 0)) return Number.NaN
  if (f <= 0) return 1
  const denominator = df2 + df1 * f
  return regularizedBeta(df2 / denominator, df2 / 2, df1 / 2, false, (df1 * f) / denominator)
}
