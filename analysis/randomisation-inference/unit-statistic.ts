import type { CompiledDesign } from './randomisation-design'

/**
 * One block of a unit-level design, as the re-randomisation loops see it.
 *
 * @example
 * const { pool, picks, weight }: UnitStratum = unitStatistic(y, compiled).strata[0]
 */
export interface UnitStratum {
  /** Units of the block; the loops shuffle it in place. */
  pool: Int32Array
  /** Size of the smaller arm, which is the one drawn: min(n1_b, n0_b). */
  picks: number
  /** Whether the drawn arm is the treated one. */
  pickTreated: boolean
  /** c_b, with the sign of the drawn arm: the statistic moves by weight * y for each drawn unit. */
  weight: number
}

/**
 * The block-size weighted difference in means as a linear function of the drawn arms.
 *
 * @example
 * const { observed, constant, weighted, strata }: UnitStatistic = unitStatistic(y, compiled)
 */
export interface UnitStatistic {
  observed: number
  constant: number
  /** weight of the unit's block times its outcome. */
  weighted: Float64Array
  strata: UnitStratum[]
}

/**
 * Individual assignment. With n1_b fixed the statistic is linear in the selected outcomes:
 *   stat = sum_b c_b S1_b - K,  c_b = (N_b / N)(1 / n1_b + 1 / n0_b),  K = sum_b (N_b / N) T_b / n0_b,
 * and drawing the smaller arm C_b instead uses S1_b = T_b - S_C. Both are folded into signed per-unit weights
 * and one constant, so a draw costs one addition per selected unit (or per category on the tie path).
 * Gerber & Green (2012), Field Experiments, ch. 3 (randomisation inference) and ch. 4 (blocked designs).
 *
 * @example
 * unitStatistic(Float64Array.of(1, 2, 3, 4), compileDesign(Uint8Array.of(1, 0, 1, 0))).observed // -1
 */
export function unitStatistic(outcome: Float64Array, design: CompiledDesign): UnitStatistic {
  const n = outcome.length
  const weighted = new Float64Array(n)
  let constant = 0
  let observed = 0
  const strata = design.strata.map((stratum): UnitStratum => {
    const size = stratum.units.length
    const n1 = stratum.treatedCount
    const n0 = size - n1
    const c = (size / n) * (1 / n1 + 1 / n0)
    let blockTotal = 0
    let treatedTotal = 0
    for (const u of stratum.units) {
      blockTotal += outcome[u]
      if (design.unitTreated[u] === 1) treatedTotal += outcome[u]
    }
    const pickTreated = n1 <= n0
    const weight = pickTreated ? c : -c
    for (const u of stratum.units) weighted[u] = weight * outcome[u]
    constant += -((size / n) * blockTotal) / n0 + (pickTreated ? 0 : c * blockTotal)
    observed += c * treatedTotal - ((size / n) * blockTotal) / n0
    return {
      pool: Int32Array.from(stratum.units),
      picks: pickTreated ? n1 : n0,
      pickTreated,
      weight,
    }
  })
  return { observed, constant, weighted, strata }
}
