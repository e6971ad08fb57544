import { InvalidInputError } from '../errors'
import { cochranQ, weightedSums } from './study-effects'

/**
 * DerSimonian-Laird between-study variance (DerSimonian & Laird 1986, Control Clin Trials 7:177, eq. 8):
 *   tau2 = max(0, (Q - (k - 1)) / (sum w - sum w^2 / sum w)),  w_i = 1 / v_i
 *
 * @example
 * derSimonianLairdTau2([0, 2], [1, 1]) // 1
 */
export function derSimonianLairdTau2(yi: readonly number[], vi: readonly number[]): number {
  const k = yi.length
  if (k < 2) return 0
  const q = cochranQ(yi, vi)
  const { sumWeights, sumSquaredWeights } = weightedSums(yi, vi, 0)
  return Math.max(0, (q - (k - 1)) / (sumWeights - sumSquaredWeights / sumWeights))
}

/** REML score pieces for the intercept-only model at a given tau2 (P = W - w w' / sum w). */
function remlPieces(yi: readonly number[], vi: readonly number[], tau2: number) {
  const { sumWeights, sumSquaredWeights, mean } = weightedSums(yi, vi, tau2)
  let yPPy = 0
  let sumCubedWeights = 0
  let sumLogVariance = 0
  let residualSquares = 0
  for (let i = 0; i < yi.length; i++) {
    const w = 1 / (vi[i] + tau2)
    const r = yi[i] - mean
    yPPy += w * w * r * r
    sumCubedWeights += w * w * w
    sumLogVariance += Math.log(vi[i] + tau2)
    residualSquares += w * r * r
  }
  const traceP = sumWeights - sumSquaredWeights / sumWeights
  const tracePP =
    sumSquaredWeights -
    (2 * sumCubedWeights) / sumWeights +
    (sumSquaredWeights * sumSquaredWeights) / (sumWeights * sumWeights)
  // Restricted log-likelihood up to a constant (Viechtbauer 2005, J Educ Behav Stat 30:261, eq. 8).
  const logLikelihood = -0.5 * (sumLogVariance + Math.log(sumWeights) + residualSquares)
  return { yPPy, traceP, tracePP, logLikelihood }
}

/**
 * Restricted maximum likelihood tau2 by Fisher scoring, as metafor's rma.uni does:
 *   tau2 <- tau2 + (y'PPy - tr(P)) / tr(PP),  halving the step while it would go below 0,
 * started from the Hedges estimate and iterated until the change is below `threshold`.
 * Viechtbauer (2005), J Educ Behav Stat 30:261, eq. 10-11. As metafor does, a fit whose restricted
 * likelihood is below that at tau2 = 0 falls back to 0; a boundary estimate is returned as exactly 0.
 *
 * @example
 * remlTau2([-0.42, -0.18, -0.61, 0.05], [0.04, 0.021, 0.09, 0.015]) // about 0.03
 */
export function remlTau2(
  yi: readonly number[],
  vi: readonly number[],
  threshold = 1e-14,
  maxIterations = 10_000
): number {
  const k = yi.length
  if (k < 2) return 0
  // Hedges (1983) start: (sum (y - ybar)^2 - (sum v - sum v / k)) / (k - 1), floored at 0.
  const ybar = yi.reduce((s, y) => s + y, 0) / k
  const ss = yi.reduce((s, y) => s + (y - ybar) * (y - ybar), 0)
  const sumV = vi.reduce((s, v) => s + v, 0)
  let tau2 = Math.max(0, (ss - (sumV - sumV / k)) / (k - 1))

  for (let iteration = 0; ; iteration++) {
    if (iteration >= maxIterations) {
      throw new InvalidInputError('REML Fisher scoring did not converge', {
        iterations: maxIterations,
      })
    }
    const { yPPy, traceP, tracePP } = remlPieces(yi, vi, tau2)
    let step = (yPPy - traceP) / tracePP
    while (tau2 + step < 0) step /= 2
    const next = tau2 + step
    const change = Math.abs(next - tau2)
    tau2 = next
    if (change < threshold * Math.max(1, tau2)) break
  }

  const atZero = remlPieces(yi, vi, 0)
  // The score at 0 says whether 0 is a boundary maximum; the likelihood check guards a local optimum.
  if (atZero.yPPy - atZero.traceP <= 0 && tau2 < 1e3 * threshold) return 0
  if (atZero.logLikelihood > remlPieces(yi, vi, tau2).logLikelihood) return 0
  return tau2
}
