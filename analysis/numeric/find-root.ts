import { InvalidInputError } from '../errors'

/**
 * Options of {@link findRoot}.
 *
 * @example
 * const options: FindRootOptions = { tolerance: 1e-13, maxIterations: 200 }
 */
export interface FindRootOptions {
  /** Absolute tolerance on the root; R's `uniroot` default is about 1.2e-4, the engine uses 1e-13. */
  tolerance?: number
  maxIterations?: number
}

/**
 * Finds x in [lower, upper] with f(x) = 0, given f(lower) and f(upper) of opposite signs.
 *
 * Brent's method: inverse quadratic interpolation or the secant step when it stays inside the
 * bracket and shrinks it fast enough, bisection otherwise, so convergence is guaranteed and
 * superlinear near a simple root. This is the `zeroin` that R's `uniroot` calls (R_zeroin2),
 * with the stopping rule |step| <= 2 eps |x| + tol / 2.
 * Brent (1973) "Algorithms for Minimization without Derivatives", ch. 4, Prentice-Hall.
 *
 * @example
 * findRoot((x) => x * x - 2, 0, 2, { tolerance: 1e-14 }) // 1.4142135623730951
 */
export function findRoot(
  f: (x: number) => number,
  lower: number,
  upper: number,
  options: FindRootOptions = {}
): number {
  const tolerance = options.tolerance ?? 1e-13
  const maxIterations = options.maxIterations ?? 1000
  let a = lower
  let b = upper
  let fa = f(a)
  let fb = f(b)
  if (Number.isNaN(fa) || Number.isNaN(fb)) {
    throw new InvalidInputError(
      'root finding: the function is not defined at an end of the bracket',
      { lower, upper }
    )
  }
  if (fa === 0) return a
  if (fb === 0) return b
  if (Math.sign(fa) === Math.sign(fb)) {
    throw new InvalidInputError(
      'root finding: the function has the same sign at both ends of the bracket',
      {
        lower,
        upper,
        fLower: fa,
        fUpper: fb,
      }
    )
  }
  let c = a
  let fc = fa
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const previousStep = b - a
    // Keep b as the best estimate and c on the other side of the root.
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b
      b = c
      c = a
      fa = fb
      fb = fc
      fc = fa
    }
    const toleranceNow = 2 * Number.EPSILON * Math.abs(b) + tolerance / 2
    let newStep = (c - b) / 2
    if (Math.abs(newStep) <= toleranceNow || fb === 0) return b

    if (Math.abs(previousStep) >= toleranceNow && Math.abs(fa) > Math.abs(fb)) {
      let p: number
      let q: number
      const cb = c - b
      if (a === c) {
        // Secant step through the two points we have.
        const t1 = fb / fa
        p = cb * t1
        q = 1 - t1
      } else {
        // Inverse quadratic interpolation through a, b, c.
        const qa = fa / fc
        const t1 = fb / fc
        const t2 = fb / fa
        p = t2 * (cb * qa * (qa - t1) - (b - a) * (t1 - 1))
        q = (qa - 1) * (t1 - 1) * (t2 - 1)
      }
      if (p > 0) q = -q
      else p = -p
      if (
        p < 0.75 * cb * q - Math.abs(toleranceNow * q) / 2 &&
        p < Math.abs((previousStep * q) / 2)
      ) {
        newStep = p / q
      }
    }
    if (Math.abs(newStep) < toleranceNow) newStep = newStep > 0 ? toleranceNow : -toleranceNow

    a = b
    fa = fb
    b += newStep
    fb = f(b)
    if (Number.isNaN(fb))
      throw new InvalidInputError('root finding: the function returned NaN', { x: b })
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a
      fc = fa
    }
  }
  throw new InvalidInputError('root finding did not converge', { lower, upper, maxIterations })
}
