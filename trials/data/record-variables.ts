import { fieldsNeededToRandomise } from '../enrolment/baseline'
import type { Protocol } from '../protocol/schema'
import { anchorEvents } from './anchor-events'
import type { ObservationKind } from './vocabulary'

/**
 * A variable that data can be recorded for, with what the protocol says about its values.
 *
 * @example
 * const v: RecordVariable = { name: 'homeless_6m', kind: 'outcome', type: 'binary', fixedAtEnrolment: false }
 */
export interface RecordVariable {
  name: string
  kind: ObservationKind
  /** `date`: an anchor event's date (ISO 8601 calendar date or UTC date-time). */
  type: 'binary' | 'continuous' | 'count' | 'categorical' | 'date'
  /** Categorical only: the allowed labels, when the protocol declares them. */
  levels?: readonly string[]
  /** Randomisation read this field at enrolment: it is part of the allocation record and cannot be changed. */
  fixedAtEnrolment: boolean
}

/**
 * The variables of one kind (or every kind) that the protocol declares: covariates are baseline,
 * primary and secondary outcomes are outcome, process measures (take-up, dose) are process, and
 * each anchor event of an outcome time point other than randomisation is an anchor (its date).
 * Only these names are ever accepted, which is also what keeps personal data out.
 *
 * @example
 * recordVariables(protocol, 'outcome').map((v) => v.name) // ['homeless_6m', 'days_in_temp_accommodation', 'settled_6m']
 */
export function recordVariables(protocol: Protocol, kind?: ObservationKind): RecordVariable[] {
  const fixed = new Set(fieldsNeededToRandomise(protocol))
  const all: RecordVariable[] = [
    ...protocol.covariates.map((c) => ({
      name: c.name,
      kind: 'baseline' as const,
      type: c.type,
      ...(c.levels ? { levels: c.levels } : {}),
      fixedAtEnrolment: fixed.has(c.name),
    })),
    ...[protocol.primary_outcome, ...protocol.secondary_outcomes].map((o) => ({
      name: o.name,
      kind: 'outcome' as const,
      type: o.type,
      fixedAtEnrolment: false,
    })),
    ...(protocol.process_measures ?? []).map((p) => ({
      name: p.name,
      kind: 'process' as const,
      type: p.type,
      fixedAtEnrolment: false,
    })),
    ...anchorEvents(protocol).map((name) => ({
      name,
      kind: 'anchor' as const,
      type: 'date' as const,
      fixedAtEnrolment: false,
    })),
  ]
  return kind ? all.filter((v) => v.kind === kind) : all
}
