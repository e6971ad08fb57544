import type { ComparisonReport, PlanReport } from '../plan/run-plan'
import type { Protocol } from '../protocol/schema'
import { ArmRequiredError, InconsistentReportError, NoPrimaryComparisonError } from './errors'

/**
 * The primary comparison of one treatment arm with control, and the arm sizes measured from the
 * same analysis run: randomised per arm from the sample-ratio check, analysed per arm from the
 * primary outcome's attrition.
 *
 * @example
 * const { arm, randomised, analysed }: PrimaryComparison = primaryComparison(protocol, report)
 */
export interface PrimaryComparison {
  arm: string
  control: string
  comparison: ComparisonReport
  randomised: { treatment: number; control: number }
  analysed: { treatment: number; control: number }
  balance: PlanReport['balance'][number] | null
}

const num = (value: unknown): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null

// Shares from the attrition analysis are missing / randomised, so n (1 - share) is a whole number up to rounding.
function wholeCount(n: number, share: number, what: string): number {
  const exact = n * (1 - share)
  const count = Math.round(exact)
  if (Math.abs(exact - count) > 1e-6 || count < 0 || count > n) {
    throw new InconsistentReportError(
      `the ${what} attrition share ${share} does not describe a whole number of the ${n} randomised units`,
      { n, share }
    )
  }
  return count
}

/**
 * Picks the primary comparison to rate from a planned analysis run and measures its arm sizes.
 * A multi-arm trial needs `arm`; a comparison whose data failed cannot be rated.
 *
 * @example
 * primaryComparison(protocol, report, 'family_mediation').analysed // { treatment: 108, control: 113 }
 */
export function primaryComparison(
  protocol: Protocol,
  report: PlanReport,
  arm?: string
): PrimaryComparison {
  const primaries = report.comparisons.filter((c) => c.role === 'primary')
  if (!primaries.length)
    throw new NoPrimaryComparisonError('the analysis run has no primary comparison to rate')
  const arms = [...new Set(primaries.map((c) => c.arm))]
  if (arm === undefined && arms.length > 1)
    throw new ArmRequiredError(
      `the trial has ${arms.length} treatment arms; rate one of: ${arms.join(', ')}`,
      { arms }
    )
  const chosen = arm ?? arms[0]!
  const comparison = primaries.find((c) => c.arm === chosen)
  if (!comparison)
    throw new NoPrimaryComparisonError(
      `arm ${chosen} has no primary comparison; rate one of: ${arms.join(', ')}`,
      {
        arm: chosen,
        arms,
      }
    )
  if (comparison.result === null) {
    throw new NoPrimaryComparisonError(
      `the primary comparison of ${chosen} could not be estimated: ${comparison.error?.message ?? 'no result'}`,
      { arm: chosen, error: comparison.error }
    )
  }
  const control = comparison.control
  const outcome = protocol.primary_outcome.name
  const attrition = report.attrition.find((a) => a.outcome === outcome && a.arm === chosen)
  if (!attrition?.result)
    throw new NoPrimaryComparisonError(
      `attrition of ${outcome} for ${chosen} is not in the run: ${attrition?.error?.message ?? 'missing'}`,
      { arm: chosen }
    )
  const srm = report.sample_ratio_mismatch
  const at = (name: string) => (srm ? srm.observed[srm.arms.indexOf(name)] : undefined)
  const nTreatment = at(chosen)
  const nControl = at(control)
  if (nTreatment === undefined || nControl === undefined)
    throw new InconsistentReportError('the run does not give the number randomised to each arm', {
      arm: chosen,
      control,
    })
  const shareTreatment = num(attrition.result.attrition_treatment)
  const shareControl = num(attrition.result.attrition_control)
  if (shareTreatment === null || shareControl === null)
    throw new InconsistentReportError('the run gives no attrition share per arm', { arm: chosen })
  if (num(attrition.result.n_randomised) !== nTreatment + nControl) {
    throw new InconsistentReportError(
      `attrition counts ${String(attrition.result.n_randomised)} units but the arms hold ${nTreatment + nControl}`,
      { arm: chosen }
    )
  }
  return {
    arm: chosen,
    control,
    comparison,
    randomised: { treatment: nTreatment, control: nControl },
    analysed: {
      treatment: wholeCount(nTreatment, shareTreatment, chosen),
      control: wholeCount(nControl, shareControl, control),
    },
    balance: report.balance.find((b) => b.arm === chosen) ?? null,
  }
}
