import { z } from 'zod'
import { InvalidInputError } from '../errors'
import { studentTQuantile } from '../distributions'
import { noncentralTCdf } from '../distributions/noncentral-t'
import { solveFor } from './solve-for'

/**
 * The alternative hypothesis, named as pwr names it.
 *
 * @example
 * powerAlternativeSchema.parse('greater') // 'greater'
 */
export const powerAlternativeSchema = z.enum(['two.sided', 'greater', 'less'])
/**
 * One of two.sided, greater, less.
 *
 * @example
 * const alternative: PowerAlternative = 'two.sided'
 */
export type PowerAlternative = z.infer<typeof powerAlternativeSchema>

/**
 * Exactly one of `d`, `n`, `power` is left out: it is solved for.
 *
 * @example
 * twoSampleTPowerInputSchema.parse({ d: 0.3, power: 0.8 }).alternative // 'two.sided'
 */
const twoSampleTPowerInputSchema = z.object({
  d: z.number().optional().describe("Cohen's d, the difference in means in SD units"),
  n: z.number().gt(1).optional().describe('Units per arm'),
  power: z.number().gt(0).lt(1).optional(),
  alpha: z.number().gt(0).lt(1).default(0.05),
  alternative: powerAlternativeSchema.default('two.sided'),
})
/**
 * Input of {@link twoSampleTPower} before defaults.
 *
 * @example
 * const input: TwoSampleTPowerInput = { d: 0.3, power: 0.8 }
 */
export type TwoSampleTPowerInput = z.input<typeof twoSampleTPowerInputSchema>

/**
 * Every quantity of the t-test power equation, the solved one included.
 *
 * @example
 * const { n }: TwoSampleTPowerResult = twoSampleTPower({ d: 0.3, power: 0.8 })
 */
export interface TwoSampleTPowerResult {
  d: number
  /** Units per arm, not rounded. */
  n: number
  power: number
  alpha: number
  alternative: PowerAlternative
}

/**
 * Power of the two-sample t-test with n per arm, exactly as `pwr::pwr.t.test(type = "two.sample")`:
 *   df = 2n - 2,  ncp = d sqrt(n / 2)
 *   two.sided: P(T' > t_{1-alpha/2}) + P(T' < -t_{1-alpha/2});  greater: P(T' > t_{1-alpha});  less: P(T' < t_alpha)
 * with T' noncentral t(df, ncp). Cohen (1988), Statistical Power Analysis, 2nd ed., ch. 2.
 *
 * @example
 * twoSampleTPowerAt(0.5, 64, 0.05, 'two.sided') // 0.8014596 (R: pwr.t.test(n = 64, d = 0.5)$power)
 */
export function twoSampleTPowerAt(
  d: number,
  n: number,
  alpha: number,
  alternative: PowerAlternative
): number {
  const df = 2 * n - 2
  const ncp = Math.sqrt(n / 2) * d
  if (alternative === 'two.sided') {
    const critical = studentTQuantile(1 - alpha / 2, df)
    return noncentralTCdf(critical, df, ncp, false) + noncentralTCdf(-critical, df, ncp, true)
  }
  if (alternative === 'greater')
    return noncentralTCdf(studentTQuantile(1 - alpha, df), df, ncp, false)
  return noncentralTCdf(studentTQuantile(alpha, df), df, ncp, true)
}

/**
 * Solves the two-sample t-test power equation for whichever of d, n (per arm) and power is missing,
 * as `pwr::pwr.t.test(type = "two.sample")` does, but to an absolute tolerance of 1e-13 and with n unrounded.
 * For a two-sided test d is taken as |d| (pwr's convention). Brackets are pwr's: n in [2 + 1e-10, 1e9];
 * d in [1e-7, 10] (two-sided), [-5, 10] (greater), [-10, 5] (less).
 *
 * @example
 * twoSampleTPower({ d: 0.3, power: 0.8 }).n // about 175.38 households per arm
 */
export function twoSampleTPower(input: TwoSampleTPowerInput): TwoSampleTPowerResult {
  const parsed = twoSampleTPowerInputSchema.safeParse(input)
  if (!parsed.success)
    throw new InvalidInputError('invalid power input', { issues: parsed.error.issues })
  const { d, n, power, alpha, alternative } = parsed.data
  const missing = [d, n, power].filter((value) => value === undefined).length
  if (missing !== 1)
    throw new InvalidInputError('leave out exactly one of d, n and power: it is solved for')
  const effect = d === undefined ? undefined : alternative === 'two.sided' ? Math.abs(d) : d

  if (power === undefined) {
    return {
      d: effect!,
      n: n!,
      power: twoSampleTPowerAt(effect!, n!, alpha, alternative),
      alpha,
      alternative,
    }
  }
  if (n === undefined) {
    const solved = solveFor(
      (x) => twoSampleTPowerAt(effect!, x, alpha, alternative),
      power,
      2 + 1e-10,
      1e9,
      'n'
    )
    return { d: effect!, n: solved, power, alpha, alternative }
  }
  const [lower, upper] =
    alternative === 'two.sided' ? [1e-7, 10] : alternative === 'greater' ? [-5, 10] : [-10, 5]
  const solved = solveFor(
    (x) => twoSampleTPowerAt(x, n, alpha, alternative),
    power,
    lower,
    upper,
    'd'
  )
  return { d: solved, n, power, alpha, alternative }
}
