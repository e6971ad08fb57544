import { InvalidInputError } from '../errors'
import { findRoot } from '../numeric'

/**
 * Solves f(x) = target for x in [lower, upper], where f is monotone there, to absolute tolerance 1e-13.
 * The bracket is the one `pwr` gives `uniroot`; pwr's own tolerance (~1e-4) is not used because an
 * unrounded sample size should be a property of the design, not of the solver.
 *
 * @example
 * solveFor((n) => 1 - Math.exp(-n / 100), 0.8, 2, 1e9, 'n') // 160.94379124341003
 */
export function solveFor(
  f: (x: number) => number,
  target: number,
  lower: number,
  upper: number,
  quantity: string
): number {
  const atLower = f(lower) - target
  const atUpper = f(upper) - target
  if (Math.sign(atLower) === Math.sign(atUpper) && atLower !== 0 && atUpper !== 0) {
    throw new InvalidInputError(
      `no ${quantity} in [${lower}, ${upper}] gives the requested value`,
      {
        quantity,
        lower,
        upper,
        target,
      }
    )
  }
  return findRoot((x) => f(x) - target, lower, upper, { tolerance: 1e-13 })
}
