import { z } from 'zod'
import { InvalidInputError } from '../errors'
import { normalCdf, normalQuantile, normalUpperTail } from '../distributions'
import { powerAlternativeSchema, type PowerAlternative } from './two-sample-t-power'
import { solveFor } from './solve-for'

/**
 * Cohen's h, the difference of arcsine-transformed proportions (R: `pwr::ES.h(p1, p0)`):
 *   h = 2 asin(sqrt(p1)) - 2 asin(sqrt(p0))
 * Cohen (1988), Statistical Power Analysis, 2nd ed., eq. 6.2.1.
 *
 * @example
 * cohensH(0.5, 0.5) // 0
 */
export function cohensH(p1: number, p0: number): number {
  return 2 * Math.asin(Math.sqrt(p1)) - 2 * Math.asin(Math.sqrt(p0))
}

/**
 * Exactly one of `n`, `power` is left out: it is solved for.
 *
 * @example
 * twoProportionsPowerInputSchema.parse({ p1: 0.3, p0: 0.4, power: 0.8 }).alpha // 0.05
 */
const twoProportionsPowerInputSchema = z.object({
  p1: z.number().gt(0).lt(1).describe('Outcome proportion, treatment arm'),
  p0: z.number().gt(0).lt(1).describe('Outcome proportion, control arm'),
  n: z.number().gt(1).optional().describe('Units per arm'),
  power: z.number().gt(0).lt(1).optional(),
  alpha: z.number().gt(0).lt(1).default(0.05),
  alternative: powerAlternativeSchema.default('two.sided'),
})
/**
 * Input of {@link twoProportionsPower} before defaults.
 *
 * @example
 * const input: TwoProportionsPowerInput = { p1: 0.3, p0: 0.4, power: 0.8 }
 */
export type TwoProportionsPowerInput = z.input<typeof twoProportionsPowerInputSchema>

/**
 * Every quantity of the two-proportion power equation, the solved one included.
 *
 * @example
 * const { n }: TwoProportionsPowerResult = twoProportionsPower({ p1: 0.3, p0: 0.4, power: 0.8 })
 */
export interface TwoProportionsPowerResult {
  /** Cohen's h; |h| for a two-sided test, as pwr reports it. */
  h: number
  n: number
  power: number
  alpha: number
  alternative: PowerAlternative
}

/**
 * Normal-approximation power for comparing two proportions through Cohen's h, as `pwr::pwr.2p.test`:
 *   two.sided: 1 - Phi(z_{1-alpha/2} - h sqrt(n/2)) + Phi(z_{alpha/2} - h sqrt(n/2))
 *   greater:   1 - Phi(z_{1-alpha} - h sqrt(n/2));   less: Phi(z_alpha - h sqrt(n/2))
 * Cohen (1988), ch. 6.
 *
 * @example
 * twoProportionsPowerAt(0.2, 400, 0.05, 'two.sided') // 0.8074304 (R: pwr.2p.test(h = 0.2, n = 400)$power)
 */
function twoProportionsPowerAt(
  h: number,
  n: number,
  alpha: number,
  alternative: PowerAlternative
): number {
  const shift = h * Math.sqrt(n / 2)
  if (alternative === 'two.sided') {
    return (
      normalUpperTail(normalQuantile(1 - alpha / 2) - shift) +
      normalCdf(normalQuantile(alpha / 2) - shift)
    )
  }
  if (alternative === 'greater') return normalUpperTail(normalQuantile(1 - alpha) - shift)
  return normalCdf(normalQuantile(alpha) - shift)
}

/**
 * Sample size per arm (unrounded) or power for two proportions, `pwr::pwr.2p.test(h = ES.h(p1, p0))`,
 * solved to an absolute tolerance of 1e-13 on pwr's bracket n in [2 + 1e-10, 1e9].
 *
 * @example
 * twoProportionsPower({ p1: 0.3, p0: 0.4, power: 0.8 }).n // about 355.4 households per arm
 */
export function twoProportionsPower(input: TwoProportionsPowerInput): TwoProportionsPowerResult {
  const parsed = twoProportionsPowerInputSchema.safeParse(input)
  if (!parsed.success)
    throw new InvalidInputError('invalid power input', { issues: parsed.error.issues })
  const { p1, p0, n, power, alpha, alternative } = parsed.data
  if ((n === undefined) === (power === undefined)) {
    throw new InvalidInputError('give exactly one of n and power: the other is solved for')
  }
  if (p1 === p0) throw new InvalidInputError('p1 and p0 must differ: there is no effect to detect')
  const raw = cohensH(p1, p0)
  const h = alternative === 'two.sided' ? Math.abs(raw) : raw
  if (power === undefined)
    return { h, n: n!, power: twoProportionsPowerAt(h, n!, alpha, alternative), alpha, alternative }
  const solved = solveFor(
    (x) => twoProportionsPowerAt(h, x, alpha, alternative),
    power,
    2 + 1e-10,
    1e9,
    'n'
  )
  return { h, n: solved, power, alpha, alternative }
}
