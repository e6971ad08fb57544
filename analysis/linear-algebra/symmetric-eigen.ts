/** Eigenvalues and eigenvectors of a symmetric matrix: `vectors` is row-major, column k pairs with `values[k]`. */
export interface SymmetricEigen {
  readonly values: Float64Array
  readonly vectors: Float64Array
}

/**
 * Eigen-decomposition of a small symmetric matrix (row-major m x m) by cyclic Jacobi rotations, which
 * are accurate to rounding for every eigenvalue, small ones included (Golub & Van Loan, Matrix
 * Computations 4th ed., section 8.5). Meant for the k x k matrices of regression (k up to a few dozen).
 *
 * @example
 * symmetricEigen(Float64Array.from([2, 1, 1, 2]), 2).values // Float64Array [1, 3] (order not fixed)
 */
export function symmetricEigen(matrix: Float64Array, m: number): SymmetricEigen {
  const a = Float64Array.from(matrix)
  const v = new Float64Array(m * m)
  for (let i = 0; i < m; i++) v[i * m + i] = 1
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    let total = 0
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) {
        const x = a[i * m + j] * a[i * m + j]
        total += x
        if (i !== j) off += x
      }
    }
    if (off <= 1e-30 * total || off === 0) break
    for (let p = 0; p < m - 1; p++) {
      for (let q = p + 1; q < m; q++) {
        const apq = a[p * m + q]
        if (apq === 0) continue
        const theta = (a[q * m + q] - a[p * m + p]) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < m; k++) {
          const akp = a[k * m + p]
          const akq = a[k * m + q]
          a[k * m + p] = c * akp - s * akq
          a[k * m + q] = s * akp + c * akq
        }
        for (let k = 0; k < m; k++) {
          const apk = a[p * m + k]
          const aqk = a[q * m + k]
          a[p * m + k] = c * apk - s * aqk
          a[q * m + k] = s * apk + c * aqk
        }
        for (let k = 0; k < m; k++) {
          const vkp = v[k * m + p]
          const vkq = v[k * m + q]
          v[k * m + p] = c * vkp - s * vkq
          v[k * m + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const values = new Float64Array(m)
  for (let i = 0; i < m; i++) values[i] = a[i * m + i]
  return { values, vectors: v }
}
