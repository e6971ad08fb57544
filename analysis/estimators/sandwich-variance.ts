import { symmetricEigen } from '../linear-algebra'
import { DesignError } from '../errors'
import { ZeroVarianceError } from './errors'
import type { GroupIndex } from './group-index'

/** The variance estimators of estimatr::lm_robust. */
export type SeType = 'HC0' | 'HC1' | 'HC2' | 'HC3' | 'CR0' | 'CR2' | 'stata'

/** What the sandwich needs from a least-squares fit. */
export interface SandwichInput {
  /** Column-major n x p design the fit used; only the `kept` columns enter. */
  readonly design: Float64Array
  readonly n: number
  readonly kept: readonly number[]
  /** Row-major R^-1 of the kept columns (X'X)^-1 = R^-1 R^-T. */
  readonly rInverse: Float64Array
  readonly residuals: Float64Array
  /** Position of the coefficient of interest among the kept columns. */
  readonly target: number
  readonly seType: SeType
  /** Cluster of each row; required for CR0, CR2 and stata. */
  readonly clusters?: GroupIndex
}

/** Variance of one coefficient and the degrees of freedom of its t reference. */
export interface SandwichVariance {
  readonly variance: number
  readonly df: number
  readonly clusterCount?: number
}

/** Z = X_kept R^-1 (column-major n x r): the orthonormalised design, so H = Z Z' and a_i = z_i' t. */
function orthonormalDesign(input: SandwichInput): Float64Array {
  const { design, n, kept, rInverse } = input
  const r = kept.length
  const z = new Float64Array(n * r)
  for (let b = 0; b < r; b++) {
    const source = kept[b] * n
    for (let a = b; a < r; a++) {
      const factor = rInverse[b * r + a]
      if (factor === 0) continue
      const target = a * n
      for (let i = 0; i < n; i++) z[target + i] += factor * design[source + i]
    }
  }
  return z
}

/**
 * Heteroskedasticity-consistent variance of coefficient j: V_j = sum_i w_i a_i^2 with a = X (X'X)^-1 e_j,
 * the j-th row of (X'X)^-1 X' diag(w) X (X'X)^-1, where w_i = e_i^2 (HC0, White 1980), e_i^2 n/(n-k) (HC1),
 * e_i^2/(1-h_ii) (HC2) or e_i^2/(1-h_ii)^2 (HC3); MacKinnon & White (1985), J. Econometrics 29(3),
 * doi:10.1016/0304-4076(85)90158-7. df = n - k, as estimatr.
 */
function heteroskedasticVariance(input: SandwichInput, z: Float64Array): SandwichVariance {
  const { n, residuals, target, seType } = input
  const r = input.kept.length
  const t = input.rInverse.subarray(target * r, target * r + r)
  const needsLeverage = seType === 'HC2' || seType === 'HC3'
  let variance = 0
  for (let i = 0; i < n; i++) {
    let a = 0
    let leverage = 0
    for (let c = target; c < r; c++) {
      const zic = z[c * n + i]
      a += zic * t[c]
    }
    let weight = residuals[i] * residuals[i]
    if (needsLeverage) {
      for (let c = 0; c < r; c++) leverage += z[c * n + i] * z[c * n + i]
      const complement = 1 - leverage
      if (complement <= 1e-10) {
        throw new ZeroVarianceError(
          `row ${i + 1} of the analysis has leverage 1 (it alone determines a coefficient, as a unit alone in its arm or block does), so its residual is 0 and ${seType} standard errors, which divide by 1 - leverage, are undefined; HC0 or HC1 are defined`,
          {
            row: i + 1,
          }
        )
      }
      weight /= seType === 'HC2' ? complement : complement * complement
    }
    variance += weight * a * a
  }
  if (seType === 'HC1') variance *= n / (n - r)
  return { variance, df: n - r }
}

/** Rows of each cluster, grouped by counting sort. */
function clusterRows(clusters: GroupIndex): { order: Int32Array; starts: Int32Array } {
  const count = clusters.levels.length
  const starts = new Int32Array(count + 1)
  for (const code of clusters.codes) starts[code + 1]++
  for (let g = 0; g < count; g++) starts[g + 1] += starts[g]
  const fill = starts.slice(0, count)
  const order = new Int32Array(clusters.codes.length)
  clusters.codes.forEach((code, i) => {
    order[fill[code]++] = i
  })
  return { order, starts }
}

/**
 * Cluster-robust variance of coefficient j.
 * CR0 (Liang & Zeger 1986): V = sum_g (a_g' e_g)^2; stata (CR1) multiplies by G/(G-1) (N-1)/(N-k); both df = G - 1.
 * CR2 (Bell & McCaffrey 2002, Survey Methodology 28(2); Pustejovsky & Tipton 2018, JBES 36(4),
 * doi:10.1080/07350015.2016.1247004): V = sum_g (a_g' A_g e_g)^2 with A_g = (I - H_gg)^(-1/2), the symmetric
 * (pseudo-)inverse square root. Its df is Satterthwaite's under the working model e ~ (I - H) N(0, I):
 * with c_g = A_g a_g and Omega_gh = c_g' (I - H)_gh c_h, df = (tr Omega)^2 / ||Omega||_F^2.
 * (I - H)_gh = delta_gh I - Z_g Z_h', so Omega_gh = delta_gh c_g'c_g - w_g'w_h with w_g = Z_g' c_g, and
 * sum_gh (w_g'w_h)^2 = ||sum_g w_g w_g'||_F^2: the df costs O(G k^2), not O(N^2).
 * H_gg = Z_g Z_g' has the same nonzero eigenvalues as Z_g'Z_g (k x k), so A_g = I + Z_g Q Z_g' with
 * Q = V diag(((1-s)^(-1/2) - 1)/s) V' from the eigen-decomposition of Z_g'Z_g: no n_g x n_g matrix is formed.
 */
function clusterVariance(
  input: SandwichInput,
  z: Float64Array,
  clusters: GroupIndex
): SandwichVariance {
  const { n, residuals, target, seType } = input
  const r = input.kept.length
  const t = input.rInverse.subarray(target * r, target * r + r)
  const groups = clusters.levels.length
  const { order, starts } = clusterRows(clusters)
  const a = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    let s = 0
    for (let c = target; c < r; c++) s += z[c * n + i] * t[c]
    a[i] = s
  }
  if (seType !== 'CR2') {
    let variance = 0
    for (let g = 0; g < groups; g++) {
      let s = 0
      for (let k = starts[g]; k < starts[g + 1]; k++) s += a[order[k]] * residuals[order[k]]
      variance += s * s
    }
    if (seType === 'stata') variance *= (groups / (groups - 1)) * ((n - 1) / (n - r))
    return { variance, df: groups - 1, clusterCount: groups }
  }
  let variance = 0
  let trace = 0
  let diagonalSquares = 0
  const outer = new Float64Array(r * r)
  for (let g = 0; g < groups; g++) {
    const rows = order.subarray(starts[g], starts[g + 1])
    const size = rows.length
    const zg = new Float64Array(size * r) // row-major size x r
    for (let k = 0; k < size; k++) for (let c = 0; c < r; c++) zg[k * r + c] = z[c * n + rows[k]]
    const gram = new Float64Array(r * r)
    for (let k = 0; k < size; k++) {
      for (let c = 0; c < r; c++) {
        const v = zg[k * r + c]
        if (v === 0) continue
        for (let d = c; d < r; d++) gram[c * r + d] += v * zg[k * r + d]
      }
    }
    for (let c = 0; c < r; c++) for (let d = 0; d < c; d++) gram[c * r + d] = gram[d * r + c]
    const { values, vectors } = symmetricEigen(gram, r)
    // Q = V diag(q) V'; an eigenvalue s = 1 of H_gg (a cluster that alone determines a coefficient) has no
    // inverse square root: the pseudo-inverse sets that direction to 0, i.e. q = -1/s.
    const q = new Float64Array(r)
    for (let c = 0; c < r; c++) {
      const s = values[c]
      if (s <= 1e-12) q[c] = 0
      else if (1 - s <= 1e-10) q[c] = -1 / s
      else q[c] = (1 / Math.sqrt(1 - s) - 1) / s
    }
    const applyA = (v: Float64Array): Float64Array => {
      const projected = new Float64Array(r) // Z_g' v
      for (let k = 0; k < size; k++)
        for (let c = 0; c < r; c++) projected[c] += zg[k * r + c] * v[k]
      const inEigen = new Float64Array(r) // diag(q) V' Z_g' v
      for (let c = 0; c < r; c++) {
        let s = 0
        for (let d = 0; d < r; d++) s += vectors[d * r + c] * projected[d]
        inEigen[c] = s * q[c]
      }
      const back = new Float64Array(r) // V diag(q) V' Z_g' v
      for (let d = 0; d < r; d++) {
        let s = 0
        for (let c = 0; c < r; c++) s += vectors[d * r + c] * inEigen[c]
        back[d] = s
      }
      const result = Float64Array.from(v)
      for (let k = 0; k < size; k++) {
        let s = 0
        for (let c = 0; c < r; c++) s += zg[k * r + c] * back[c]
        result[k] += s
      }
      return result
    }
    const ag = new Float64Array(size)
    const eg = new Float64Array(size)
    for (let k = 0; k < size; k++) {
      ag[k] = a[rows[k]]
      eg[k] = residuals[rows[k]]
    }
    const cg = applyA(ag)
    let score = 0
    let cc = 0
    for (let k = 0; k < size; k++) {
      score += cg[k] * eg[k]
      cc += cg[k] * cg[k]
    }
    variance += score * score
    const w = new Float64Array(r)
    for (let k = 0; k < size; k++) for (let c = 0; c < r; c++) w[c] += zg[k * r + c] * cg[k]
    let ww = 0
    for (let c = 0; c < r; c++) ww += w[c] * w[c]
    trace += cc - ww
    diagonalSquares += cc * cc - 2 * cc * ww
    for (let c = 0; c < r; c++) for (let d = 0; d < r; d++) outer[c * r + d] += w[c] * w[d]
  }
  let frobenius = 0
  for (const v of outer) frobenius += v * v
  const df = (trace * trace) / (diagonalSquares + frobenius)
  return { variance, df, clusterCount: groups }
}

/**
 * Sandwich variance of one regression coefficient with estimatr's small-sample conventions
 * (HC0-HC3 with df = n - k; CR0 and stata with df = G - 1; CR2 with the Bell-McCaffrey df).
 *
 * @example
 * const fit = leastSquares(x, n, p, y)
 * sandwichVariance({ design: x, n, kept: fit.kept, rInverse: fit.rInverse, residuals: fit.residuals, target: 1, seType: 'HC2' })
 */
export function sandwichVariance(input: SandwichInput): SandwichVariance {
  const z = orthonormalDesign(input)
  if (input.seType === 'CR0' || input.seType === 'CR2' || input.seType === 'stata') {
    if (input.clusters === undefined)
      throw new DesignError(`se_type ${input.seType} needs a clusters column`)
    if (input.clusters.levels.length < 2) {
      throw new DesignError(
        `cluster-robust standard errors need at least two clusters; the data have ${input.clusters.levels.length}`
      )
    }
    return clusterVariance(input, z, input.clusters)
  }
  return heteroskedasticVariance(input, z)
}
