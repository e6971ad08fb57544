import { analysisSpecSchema, type AnalysisSpec } from '../../analysis'
import type { PlannedAnalysis } from './analysis-plan'
import { TREATMENT_COLUMN } from './names'
import type { Protocol } from './schema'

/**
 * One comparison the engine runs: a planned analysis, one arm against control, as a full spec.
 *
 * @example
 * for (const { analysis, arm, spec } of executableSpecs(protocol)) run(spec)
 */
export type ExecutableSpec = {
  analysis: string
  role: PlannedAnalysis['role']
  arm: string
  control: string
  spec: AnalysisSpec
}

/**
 * The analysis spec of one planned analysis for one comparison, with the implicit fields filled in:
 * `treatment` is the `arm` column, `treatment_arm`/`control_arm` pick the two arms compared; for
 * iv, the instrument is that same assignment (`arm`, recoded 1 for the arm and 0 for control by the
 * same two fields).
 * Returned unparsed, so a caller can validate it with `analysisSpecSchema`.
 *
 * @example
 * comparisonSpec(plannedAnalysis, 'family_mediation', 'usual_care')
 * // { estimator: 'lin', outcome: 'homeless_6m', ..., treatment: 'arm', treatment_arm: 'family_mediation', control_arm: 'usual_care' }
 */
export function comparisonSpec(
  analysis: { spec?: Record<string, unknown> | object },
  arm: string,
  control: string
): Record<string, unknown> {
  const spec = { ...(analysis.spec as Record<string, unknown>) }
  if (spec.estimator === 'iv')
    return { ...spec, instrument: TREATMENT_COLUMN, treatment_arm: arm, control_arm: control }
  return { ...spec, treatment: TREATMENT_COLUMN, treatment_arm: arm, control_arm: control }
}

/**
 * Every comparison of a registered protocol's analysis plan as a complete, validated analysis
 * spec, in plan order: for each planned analysis, each of its arms (default every non-control arm)
 * against control. The analysis dataset must hold the allocated arm's name in column `arm`.
 *
 * @example
 * executableSpecs(familyMediationProtocol).map((s) => s.analysis)
 * // ['primary_itt', 'primary_strata_fixed_effects', 'days_in_ta', 'settled']
 */
export function executableSpecs(protocol: Protocol): ExecutableSpec[] {
  const control = protocol.arms.find((arm) => arm.control)?.name
  if (control === undefined) return []
  const treated = protocol.arms.filter((arm) => !arm.control).map((arm) => arm.name)
  return protocol.analysis_plan.analyses.flatMap((analysis) =>
    (analysis.arms ?? treated).map((arm) => ({
      analysis: analysis.name,
      role: analysis.role,
      arm,
      control,
      spec: analysisSpecSchema.parse(comparisonSpec(analysis, arm, control)),
    }))
  )
}
