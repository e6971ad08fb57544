import { InvalidInputError } from '../errors'

/**
 * The contract enumerates complete randomisation exactly up to this many units: C(14, 7) = 3432 assignments.
 *
 * @example
 * n <= EXACT_MAX_UNITS ? exactRandomisationTest(y, t) : monteCarloRandomisationTest(y, t, {}, options)
 */
const EXACT_MAX_UNITS = 14
const TIE_TOLERANCE = 1e-12

/**
 * Result of an exact randomisation test.
 *
 * @example
 * const { pValue, nAssignments }: ExactRandomisationResult = exactRandomisationTest(y, treated)
 */
export interface ExactRandomisationResult {
  /** Observed difference in means, treated minus control. */
  estimate: number
  /** Share of assignments with |stat| >= |observed| - 1e-12. */
  pValue: number
  nAssignments: number
}

/**
 * Exact randomisation test of the sharp null of no effect for any unit, under complete randomisation with
 * the observed number treated: every one of the C(n, n1) assignments is enumerated, and the statistic
 *   stat = S1 / n1 - (T - S1) / n0,  S1 = sum of outcomes of the units labelled treated, T = sum of all outcomes,
 * is compared in absolute value with the observed one (two-sided).
 * Fisher (1935), The Design of Experiments, ch. 2; Gerber & Green (2012), Field Experiments, section 3.4.
 *
 * @example
 * exactRandomisationTest(Float64Array.of(3, 1, 4, 1, 5, 9), Uint8Array.of(1, 0, 1, 0, 1, 0)).nAssignments // 20
 */
export function exactRandomisationTest(
  outcome: Float64Array,
  treated: Uint8Array
): ExactRandomisationResult {
  const n = outcome.length
  if (treated.length !== n)
    throw new InvalidInputError('outcome and treatment must have the same length')
  if (n > EXACT_MAX_UNITS) {
    throw new InvalidInputError(
      `exact randomisation inference enumerates at most ${EXACT_MAX_UNITS} units; this sample has ${n}: use monte_carlo`,
      { n, max: EXACT_MAX_UNITS }
    )
  }
  let n1 = 0
  let total = 0
  let observedSum = 0
  for (let i = 0; i < n; i++) {
    total += outcome[i]
    if (treated[i] === 1) {
      n1++
      observedSum += outcome[i]
    }
  }
  const n0 = n - n1
  if (n1 === 0 || n0 === 0)
    throw new InvalidInputError('randomisation inference needs treated and control units', {
      n1,
      n0,
    })
  const statistic = (s1: number): number => s1 / n1 - (total - s1) / n0
  const observed = statistic(observedSum)
  const threshold = Math.abs(observed) - TIE_TOLERANCE

  // Walk every n1-subset in lexicographic order (Knuth, TAOCP 4A, Algorithm 7.2.1.3T's simpler cousin L).
  const chosen = Array.from({ length: n1 }, (_, i) => i)
  let count = 0
  let extreme = 0
  for (;;) {
    let s1 = 0
    for (const index of chosen) s1 += outcome[index]
    count++
    if (Math.abs(statistic(s1)) >= threshold) extreme++
    let position = n1 - 1
    while (position >= 0 && chosen[position] === n - n1 + position) position--
    if (position < 0) break
    chosen[position]++
    for (let j = position + 1; j < n1; j++) chosen[j] = chosen[j - 1] + 1
  }
  return { estimate: observed, pValue: extreme / count, nAssignments: count }
}
