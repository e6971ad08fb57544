import type { DataTable } from '../../analysis/data'
import { coxIndex, hedgesG, type BaselineEffectSize } from '../../analysis/ratings'
import { TREATMENT_COLUMN } from '../protocol/names'
import type { Protocol } from '../protocol/schema'

/**
 * Baseline effect sizes of one comparison on its analytic sample, with what could not be computed.
 *
 * @example
 * const b: AnalyticBaseline = analyticSampleBaseline(protocol, table, 'family_mediation', 'usual_care', new Set(['age_head']))
 */
export interface AnalyticBaseline {
  sizes: BaselineEffectSize[]
  warnings: string[]
  /** Households in the analytic sample, by arm. */
  n: { treatment: number; control: number }
}

/**
 * Baseline equivalence as the standards measure it (EVIDENCE_RATINGS.md §4.3-4.4, following the
 * WWC Procedures Handbook v5.0): on the analytic sample (households of the two arms with the primary
 * outcome observed), for every covariate the protocol declares:
 *   continuous and count: Hedges' g = omega (mean_T - mean_C) / s_pooled;
 *   binary: Cox index = omega (logit p_T - logit p_C) / 1.65;
 *   categorical: one binary indicator per category (`variable=level`), a Cox index each;
 * with omega = 1 - 3 / (4N - 9). Households missing the covariate are left out of that covariate
 * only. A Cox index with a proportion of 0 or 1 is undefined (`cox_undefined_proportion:<variable>`,
 * for manual review), never replaced. A characteristic counts as adjusted when the primary model
 * includes it as a covariate, or as a block (the strata) it is part of.
 *
 * @example
 * analyticSampleBaseline(protocol, table, 'family_mediation', 'usual_care', adjusted).sizes[0].effect_size
 */
export function analyticSampleBaseline(
  protocol: Protocol,
  table: DataTable,
  arm: string,
  control: string,
  adjusted: ReadonlySet<string>
): AnalyticBaseline {
  const arms = table.columns[TREATMENT_COLUMN]?.values ?? []
  const outcome = table.columns[protocol.primary_outcome.name]?.values ?? []
  const rows: Array<{ row: number; treated: boolean }> = []
  for (let i = 0; i < table.rowCount; i++) {
    if (outcome[i] === null || outcome[i] === undefined) continue
    if (arms[i] === arm) rows.push({ row: i, treated: true })
    else if (arms[i] === control) rows.push({ row: i, treated: false })
  }
  const sizes: BaselineEffectSize[] = []
  const warnings: string[] = []
  for (const covariate of protocol.covariates) {
    const column = table.columns[covariate.name]?.values
    if (!column) {
      warnings.push(`baseline_not_in_dataset:${covariate.name}`)
      continue
    }
    const observed = rows.filter((r) => column[r.row] !== null && column[r.row] !== undefined)
    const side = (treated: boolean) => observed.filter((r) => r.treated === treated)
    const isAdjusted = adjusted.has(covariate.name)
    const binarySize = (variable: string, indicator: (value: unknown) => boolean) => {
      const [t, c] = [side(true), side(false)]
      if (t.length === 0 || c.length === 0 || t.length + c.length < 3) {
        warnings.push(`baseline_too_few_households:${variable}`)
        return
      }
      const share = (group: typeof t) =>
        group.filter((r) => indicator(column[r.row])).length / group.length
      const cox = coxIndex(
        { n: t.length, proportion: share(t) },
        { n: c.length, proportion: share(c) }
      )
      if (!cox.ok) warnings.push(`cox_undefined_proportion:${variable}`)
      else
        sizes.push({
          variable,
          kind: 'binary',
          effect_size: cox.effect_size,
          adjusted_in_impact_model: isAdjusted,
        })
    }
    if (covariate.type === 'binary') {
      binarySize(covariate.name, (v) => Number(v) === 1)
    } else if (covariate.type === 'categorical') {
      const levels =
        covariate.levels ?? [...new Set(observed.map((r) => String(column[r.row])))].sort()
      for (const level of levels) {
        // A declared category nobody in the analytic sample has says nothing about balance.
        if (!observed.some((r) => String(column[r.row]) === level)) continue
        binarySize(`${covariate.name}=${level}`, (v) => String(v) === level)
      }
    } else {
      const summary = (group: typeof observed) => {
        const values = group.map((r) => Number(column[r.row]))
        const mean = values.reduce((s, v) => s + v, 0) / values.length
        const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1)
        return { n: values.length, mean, sd: Math.sqrt(variance) }
      }
      const [t, c] = [side(true), side(false)]
      if (t.length < 2 || c.length < 2) {
        warnings.push(`baseline_too_few_households:${covariate.name}`)
        continue
      }
      const [st, sc] = [summary(t), summary(c)]
      if (st.sd === 0 && sc.sd === 0) {
        warnings.push(`effect_size_undefined:${covariate.name}`)
        continue
      }
      sizes.push({
        variable: covariate.name,
        kind: 'continuous',
        effect_size: hedgesG(st, sc),
        adjusted_in_impact_model: isAdjusted,
      })
    }
  }
  return {
    sizes,
    warnings,
    n: {
      treatment: rows.filter((r) => r.treated).length,
      control: rows.filter((r) => !r.treated).length,
    },
  }
}
