import { formatNumber } from '../../analysis'
import type { MetaAnalysisMethod } from '../../analysis/meta-analysis'
import type { SynthesisGroup } from './synthesis'

const p = (x: number) => (x < 0.001 ? '< 0.001' : `= ${formatNumber(x)}`)

/**
 * The headline of one synthesis group in words, for the evidence page and the API. One trial is
 * shown as that trial's own estimate with its Wald interval: there is nothing to pool and no
 * heterogeneity to speak of (Q on 0 df). Two or more are shown pooled by REML random effects, with
 * the fixed-effect and DerSimonian-Laird estimates, tau2, I2 and Q beside it.
 *
 * @example
 * describeSynthesis(group) // 'Single trial (Leeds 2025): -0.11 [-0.208, -0.012], its own estimate: nothing is pooled'
 */
export function describeSynthesis(group: SynthesisGroup): string {
  if (group.k === 1) {
    const study = group.studies[0]!
    const row = group.forest.FE.studies[0]!
    return `Single trial (${study.label}): ${formatNumber(study.estimate)} [${formatNumber(row.confLow)}, ${formatNumber(row.confHigh)}], its own estimate: nothing is pooled`
  }
  const { REML, FE, DL } = group.pooled
  const h = group.heterogeneity
  return (
    `Pooled (REML random effects) over ${group.k} trials: ${formatNumber(REML.estimate)} ` +
    `[${formatNumber(REML.conf_low)}, ${formatNumber(REML.conf_high)}], p ${p(REML.p_value)} · ` +
    `fixed effect ${formatNumber(FE.estimate)} · DerSimonian–Laird ${formatNumber(DL.estimate)} · ` +
    `τ² = ${formatNumber(REML.tau2)}, I² = ${formatNumber(REML.i2)}%, Q = ${formatNumber(h.q)} on ${h.q_df} df`
  )
}

/**
 * The footnote of a group's forest plot under `method`.
 *
 * @example
 * forestFootnote(group, 'REML') // '3 trials; REML: τ² = 0, I² = 0%, Q = 1.33 on 2 df (p = 0.514)'
 */
export function forestFootnote(group: SynthesisGroup, method: MetaAnalysisMethod): string {
  if (group.k === 1) return "1 trial: the row shown is that trial's own estimate; nothing is pooled"
  const pooled = group.pooled[method]
  const h = group.heterogeneity
  return `${group.k} trials; ${method}: τ² = ${formatNumber(pooled.tau2)}, I² = ${formatNumber(pooled.i2)}%, Q = ${formatNumber(h.q)} on ${h.q_df} df (p ${p(h.q_p_value)})`
}
