import type { ConsortFlow } from '../report/consort-flow'
import type { Threat } from '../../analysis/ratings'
import type { FactProvenance } from './provenance'

/**
 * Adherence in the rated comparison, counted from the adherence records.
 *
 * @example
 * const a: AdherenceCounts = { treatment: { allocated: 180, recorded: 170, notReceived: 25 }, control: { allocated: 180, recorded: 175, crossedOver: 6 } }
 */
export interface AdherenceCounts {
  treatment: { allocated: number; recorded: number; notReceived: number }
  control: { allocated: number; recorded: number; crossedOver: number }
}

/**
 * The `non_compliance` threat measured from adherence rather than declared. The share of
 * households that did not get what they were allocated, p = (not received + crossed over) /
 * households with an adherence record, is classed minor below 10%, moderate from 10% to 30% and
 * substantial above 30% (INTERPRETATION: EVIDENCE_RATINGS.md names non-compliance as a threat
 * without a threshold; these cut-offs follow the common reading that an intention-to-treat effect
 * is diluted materially once about a tenth of households do not comply, and heavily beyond
 * a third). Non-compliance dilutes an intention-to-treat effect towards no effect, so its direction
 * is recorded as favouring control. Null when no adherence is recorded: the declared answer stands.
 *
 * @example
 * nonComplianceThreat({ treatment: { allocated: 100, recorded: 100, notReceived: 15 }, control: { allocated: 100, recorded: 100, crossedOver: 5 } })?.threat.severity // 'moderate'
 */
export function nonComplianceThreat(
  counts: AdherenceCounts
): { threat: Threat | null; share: number; provenance: FactProvenance } | null {
  const recorded = counts.treatment.recorded + counts.control.recorded
  if (recorded === 0) return null
  const off = counts.treatment.notReceived + counts.control.crossedOver
  const share = off / recorded
  const coverage = recorded / Math.max(1, counts.treatment.allocated + counts.control.allocated)
  const percent = (x: number) => `${(100 * x).toFixed(1)}%`
  const detail = `measured from adherence records: ${counts.treatment.notReceived} of ${counts.treatment.recorded} allocated households did not receive the intervention and ${counts.control.crossedOver} of ${counts.control.recorded} control households received it (${percent(share)} non-compliance; records cover ${percent(coverage)} of the comparison)`
  if (off === 0) return { threat: null, share, provenance: { source: 'measured', detail } }
  const severity = share < 0.1 ? 'minor' : share <= 0.3 ? 'moderate' : 'substantial'
  return {
    threat: { type: 'non_compliance', severity, direction: 'favours_control' },
    share,
    provenance: { source: 'measured', detail: `${detail}: ${severity}` },
  }
}

/**
 * The adherence counts of one comparison (`arm` against `control`) from the CONSORT flow, or null
 * when no household of either arm has an adherence record.
 *
 * @example
 * adherenceCountsFromFlow(flow, 'family_mediation', 'usual_care')?.treatment.notReceived
 */
export function adherenceCountsFromFlow(
  flow: ConsortFlow,
  arm: string,
  control: string
): AdherenceCounts | null {
  const t = flow.arms.find((a) => a.arm === arm)
  const c = flow.arms.find((a) => a.arm === control)
  if (!t || !c) return null
  const recorded = (a: typeof t) => a.allocated - a.adherence_not_recorded
  if (recorded(t) + recorded(c) === 0) return null
  return {
    treatment: { allocated: t.allocated, recorded: recorded(t), notReceived: t.not_received.n },
    control: { allocated: c.allocated, recorded: recorded(c), crossedOver: c.not_received.n },
  }
}
