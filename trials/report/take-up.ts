import type { Protocol } from '../protocol/schema'
import type { AdherenceStatus } from './vocabulary'

/**
 * Whether a household received the intervention, from its adherence record: 1 when an
 * intervention arm received it (in full or until it was discontinued) or a control household
 * received it anyway; 0 when it was not received, or the control household received usual
 * service only.
 *
 * @example
 * receivedIntervention('received_though_control', true) // 1
 */
export function receivedIntervention(status: AdherenceStatus, control: boolean): 0 | 1 {
  if (status === 'received_though_control') return 1
  if (status === 'not_received') return 0
  return control ? 0 : 1
}

/**
 * The process measures a complier analysis reads as take-up: the `endogenous` variable of every
 * planned `iv` analysis (whose instrument is the allocation).
 *
 * @example
 * takeUpMeasures(protocolWithCace) // ['attended_mediation']
 */
export function takeUpMeasures(protocol: Protocol): string[] {
  const process = new Set((protocol.process_measures ?? []).map((m) => m.name))
  const names = protocol.analysis_plan.analyses
    .map((a) => a.spec as { estimator: string; endogenous?: string })
    .filter(
      (s) => s.estimator === 'iv' && typeof s.endogenous === 'string' && process.has(s.endogenous)
    )
    .map((s) => s.endogenous!)
  return [...new Set(names)]
}

/**
 * Take-up values derived from adherence records for the complier (CACE) analysis: for each take-up
 * measure of `takeUpMeasures` and each household with an adherence record but no recorded value
 * of that measure, the value `receivedIntervention` gives. A value recorded directly (process data
 * import) is never overridden.
 *
 * @example
 * takeUpFromAdherence(protocol, [{ unitId: 'hh_1', arm: 'family_mediation', status: 'not_received' }], new Set())
 * // [{ unitId: 'hh_1', variable: 'attended_mediation', value: 0, missingReason: null }]
 */
export function takeUpFromAdherence(
  protocol: Protocol,
  adherence: ReadonlyArray<{ unitId: string; arm: string; status: AdherenceStatus }>,
  recorded: ReadonlySet<string>
): Array<{ unitId: string; variable: string; value: number; missingReason: null }> {
  const measures = takeUpMeasures(protocol)
  const control = new Set(protocol.arms.filter((a) => a.control).map((a) => a.name))
  return measures.flatMap((variable) =>
    adherence
      .filter((a) => !recorded.has(`${a.unitId}\u0000${variable}`))
      .map((a) => ({
        unitId: a.unitId,
        variable,
        value: receivedIntervention(a.status, control.has(a.arm)),
        missingReason: null,
      }))
  )
}
