import type { DataTable } from '../../analysis/data'
import { DomainError, runAnalysis, analysisSpecSchema } from '../../analysis'
import { TREATMENT_COLUMN } from '../protocol/names'
import type { Protocol } from '../protocol/schema'

/**
 * The relative effect of every binary outcome for every arm against control: the unadjusted risk
 * ratio p1 / p0 with its delta-method 95% CI on the log scale (the engine's `risk_ratio`, as
 * `epitools::riskratio(method = "wald")`), so that binary results show both the absolute and the
 * relative effect (CONSORT 2025 item 26). Keyed `outcome|arm`; an undefined ratio (no events in an
 * arm) gives its reason.
 *
 * @example
 * relativeEffects(protocol, table)['homeless_6m|family_mediation'] // { estimate: 0.71, conf_low: 0.55, conf_high: 0.92 }
 */
export function relativeEffects(
  protocol: Protocol,
  table: DataTable
): Record<string, { estimate: number; conf_low: number; conf_high: number } | { error: string }> {
  const control = protocol.arms.find((a) => a.control)?.name
  const out: Record<
    string,
    { estimate: number; conf_low: number; conf_high: number } | { error: string }
  > = {}
  if (!control) return out
  for (const outcome of [protocol.primary_outcome, ...protocol.secondary_outcomes]) {
    if (outcome.type !== 'binary') continue
    for (const arm of protocol.arms.filter((a) => !a.control)) {
      try {
        const spec = analysisSpecSchema.parse({
          estimator: 'risk_ratio',
          outcome: outcome.name,
          treatment: TREATMENT_COLUMN,
          treatment_arm: arm.name,
          control_arm: control,
          alpha: 0.05,
        })
        const r = runAnalysis(spec, table)
        out[`${outcome.name}|${arm.name}`] = {
          estimate: r.estimate as number,
          conf_low: r.conf_low as number,
          conf_high: r.conf_high as number,
        }
      } catch (err) {
        if (!(err instanceof DomainError)) throw err
        out[`${outcome.name}|${arm.name}`] = { error: err.message }
      }
    }
  }
  return out
}
