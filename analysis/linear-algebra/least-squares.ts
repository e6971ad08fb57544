/**
 * A least-squares fit with the aliased (linearly dependent) columns removed.
 * Matrices are column-major Float64Arrays; `rInverse` is row-major r x r upper triangular.
 */
export interface LeastSquaresFit {
  /** Coefficients of the kept columns, in the order of `kept`. */
  readonly coefficients: Float64Array
  /** Indices of the design columns kept, in their original order. */
  readonly kept: readonly number[]
  /** Indices of the design columns dropped as linear combinations of earlier ones. */
  readonly dropped: readonly number[]
  readonly rank: number
  /** y - X b over all n rows. */
  readonly residuals: Float64Array
  /** R^-1 of the thin QR of the kept columns, X_kept = Q R, so (X'X)^-1 = R^-1 R^-T. Row-major r x r. */
  readonly rInverse: Float64Array
}

/**
 * Ordinary least squares by Householder QR with R's limited column pivoting (LINPACK dqrdc2, as lm and
 * estimatr use): columns are taken in order, and one whose norm after projection on the earlier columns
 * falls below `tolerance` times its original norm is aliased and dropped. So the intercept and treatment,
 * which come first, are kept and later collinear covariates are dropped, as R reports NA for them.
 * Golub & Van Loan, Matrix Computations 4th ed., section 5.2 (Householder QR) and 5.3 (least squares).
 *
 * @example
 * // y = 1 + 2x on three points; column 2 duplicates column 1 and is dropped
 * const x = Float64Array.from([1, 1, 1, 0, 1, 2, 0, 1, 2])
 * const fit = leastSquares(x, 3, 3, Float64Array.from([1, 3, 5]))
 * fit.coefficients // Float64Array [1, 2]; fit.dropped // [2]
 */
export function leastSquares(
  design: Float64Array,
  n: number,
  p: number,
  y: Float64Array,
  tolerance = 1e-7
): LeastSquaresFit {
  const work = Float64Array.from(design)
  const qty = Float64Array.from(y)
  const kept: number[] = []
  const dropped: number[] = []
  const betas: number[] = []
  const rDiagonal: number[] = []
  const originalNorms = new Float64Array(p)
  for (let j = 0; j < p; j++) {
    let s = 0
    const base = j * n
    for (let i = 0; i < n; i++) s += design[base + i] * design[base + i]
    originalNorms[j] = Math.sqrt(s)
  }
  let r = 0
  for (let j = 0; j < p; j++) {
    const base = j * n
    let normSquared = 0
    for (let i = r; i < n; i++) normSquared += work[base + i] * work[base + i]
    const norm = Math.sqrt(normSquared)
    if (r >= n || norm <= tolerance * originalNorms[j] || norm === 0) {
      dropped.push(j)
      continue
    }
    // Reflector v = x + sign(x_r) ||x|| e_r, stored in place; H = I - v v' / beta with beta = ||x||(||x|| + |x_r|).
    const head = work[base + r]
    const alpha = head >= 0 ? -norm : norm
    work[base + r] = head - alpha
    const beta = norm * (norm + Math.abs(head))
    for (let c = j + 1; c < p; c++) {
      const other = c * n
      let s = 0
      for (let i = r; i < n; i++) s += work[base + i] * work[other + i]
      const f = s / beta
      if (f !== 0) for (let i = r; i < n; i++) work[other + i] -= f * work[base + i]
    }
    let s = 0
    for (let i = r; i < n; i++) s += work[base + i] * qty[i]
    const f = s / beta
    for (let i = r; i < n; i++) qty[i] -= f * work[base + i]
    rDiagonal.push(alpha)
    betas.push(beta)
    kept.push(j)
    r++
  }
  const rank = r
  // R (row-major rank x rank): row a, column b holds work[kept[b] * n + a] above the diagonal.
  const rMatrix = new Float64Array(rank * rank)
  for (let b = 0; b < rank; b++) {
    for (let a = 0; a < b; a++) rMatrix[a * rank + b] = work[kept[b] * n + a]
    rMatrix[b * rank + b] = rDiagonal[b]
  }
  const coefficients = new Float64Array(rank)
  for (let a = rank - 1; a >= 0; a--) {
    let s = qty[a]
    for (let b = a + 1; b < rank; b++) s -= rMatrix[a * rank + b] * coefficients[b]
    coefficients[a] = s / rMatrix[a * rank + a]
  }
  const rInverse = new Float64Array(rank * rank)
  for (let b = 0; b < rank; b++) {
    rInverse[b * rank + b] = 1 / rMatrix[b * rank + b]
    for (let a = b - 1; a >= 0; a--) {
      let s = 0
      for (let c = a + 1; c <= b; c++) s += rMatrix[a * rank + c] * rInverse[c * rank + b]
      rInverse[a * rank + b] = -s / rMatrix[a * rank + a]
    }
  }
  // Residuals from the original columns, not from Q'y, so they are exact to rounding.
  const residuals = Float64Array.from(y)
  kept.forEach((column, b) => {
    const coefficient = coefficients[b]
    const base = column * n
    for (let i = 0; i < n; i++) residuals[i] -= coefficient * design[base + i]
  })
  return { coefficients, kept, dropped, rank, residuals, rInverse }
}
