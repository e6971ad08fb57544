import {
  forestPlotData,
  metaAnalysis,
  type ForestPlotData,
  type MetaAnalysisMethod,
  type MetaAnalysisResult,
} from '../../analysis/meta-analysis'
import type { EffectScale } from './comparison-effect'

/**
 * One trial's primary effect, ready for pooling.
 *
 * @example
 * const s: StudyEffect = { trialId: 't-1', label: 'Leeds 2025', outcome: 'homeless_6m', outcomeType: 'binary', arm: 'family_mediation', scale: 'difference', estimate: -0.11, stdError: 0.05 }
 */
export interface StudyEffect {
  trialId: string
  label: string
  outcome: string
  outcomeType: string
  arm: string
  scale: EffectScale
  estimate: number
  stdError: number
}

/**
 * A pooled estimate under one model, named as the API shows it.
 *
 * @example
 * const p: PooledEstimate = { method: 'REML', estimate: -0.1, std_error: 0.03, conf_low: -0.16, conf_high: -0.04, p_value: 0.001, tau2: 0.0004, i2: 12.5, h2: 1.14 }
 */
export interface PooledEstimate {
  method: MetaAnalysisMethod
  estimate: number
  std_error: number
  conf_low: number
  conf_high: number
  p_value: number
  tau2: number
  i2: number
  h2: number
}

/**
 * Trials pooled together: same primary outcome name and type, same treatment arm name, same effect scale.
 *
 * @example
 * const g: SynthesisGroup = synthesise(effects)[0] // g.pooled.REML.estimate
 */
export interface SynthesisGroup {
  key: string
  outcome: string
  outcomeType: string
  arm: string
  scale: EffectScale
  k: number
  studies: Array<
    StudyEffect & { variance: number; weightPercent: Record<MetaAnalysisMethod, number> }
  >
  pooled: Record<MetaAnalysisMethod, PooledEstimate>
  heterogeneity: { q: number; q_df: number; q_p_value: number }
  /** Forest-plot rows under each model (Wald intervals per study, the pooled row last). */
  forest: Record<MetaAnalysisMethod, ForestPlotData>
}

const METHODS: readonly MetaAnalysisMethod[] = ['FE', 'DL', 'REML']

const pooled = (fit: MetaAnalysisResult): PooledEstimate => ({
  method: fit.method,
  estimate: fit.estimate,
  std_error: fit.stdError,
  conf_low: fit.confLow,
  conf_high: fit.confHigh,
  p_value: fit.pValue,
  tau2: fit.tau2,
  i2: fit.i2,
  h2: fit.h2,
})

/**
 * The key of the group a study pools in: only like is pooled with like.
 *
 * @example
 * groupKey({ outcome: 'homeless_6m', outcomeType: 'binary', arm: 'family_mediation', scale: 'difference' }) // 'homeless_6m|binary|family_mediation|difference'
 */
function groupKey(s: Pick<StudyEffect, 'outcome' | 'outcomeType' | 'arm' | 'scale'>): string {
  return [s.outcome, s.outcomeType, s.arm, s.scale].join('|')
}

/**
 * Groups trials' primary effects by outcome, outcome type, arm and scale, and pools each group by
 * inverse-variance fixed effect and DerSimonian-Laird and REML random effects (v_i = SE_i^2; see
 * `metaAnalysis`, which reproduces metafor::rma), with Cochran's Q and forest-plot rows. Groups come
 * largest first, then by key; studies keep their input order, so the output is deterministic.
 *
 * @example
 * synthesise([a, b, c])[0].pooled.DL.tau2
 */
export function synthesise(effects: readonly StudyEffect[], alpha = 0.05): SynthesisGroup[] {
  const groups = new Map<string, StudyEffect[]>()
  for (const e of effects) {
    const key = groupKey(e)
    groups.set(key, [...(groups.get(key) ?? []), e])
  }
  const out = [...groups.entries()].map(([key, studies]): SynthesisGroup => {
    const input = {
      yi: studies.map((s) => s.estimate),
      vi: studies.map((s) => s.stdError * s.stdError),
    }
    const fits = Object.fromEntries(
      METHODS.map((m) => [m, metaAnalysis(input, { method: m, alpha })])
    ) as Record<MetaAnalysisMethod, MetaAnalysisResult>
    const forest = Object.fromEntries(
      METHODS.map((m) => [
        m,
        forestPlotData(
          input,
          fits[m],
          studies.map((s) => s.label),
          alpha
        ),
      ])
    ) as Record<MetaAnalysisMethod, ForestPlotData>
    const first = studies[0]!
    return {
      key,
      outcome: first.outcome,
      outcomeType: first.outcomeType,
      arm: first.arm,
      scale: first.scale,
      k: studies.length,
      studies: studies.map((s, i) => ({
        ...s,
        variance: input.vi[i]!,
        weightPercent: Object.fromEntries(
          METHODS.map((m) => [m, forest[m].studies[i]!.weightPercent])
        ) as Record<MetaAnalysisMethod, number>,
      })),
      pooled: Object.fromEntries(METHODS.map((m) => [m, pooled(fits[m])])) as Record<
        MetaAnalysisMethod,
        PooledEstimate
      >,
      heterogeneity: { q: fits.FE.q, q_df: fits.FE.qDf, q_p_value: fits.FE.qPValue },
      forest,
    }
  })
  return out.sort((a, b) => b.k - a.k || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
}
