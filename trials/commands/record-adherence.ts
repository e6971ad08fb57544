import type { LifecycleStatus } from '../protocol/lifecycle'
import { armLabel } from '../report/consort-flow'
import { ADHERENCE_STATUS_WORDS, type AdherenceStatus } from '../report/vocabulary'
import { householdWrites, recordBatchAudit, refusals, settleBatch } from './record-batch'
import { assertRecordsOpen } from './record-errors'
import type { AuditEvent, TrialState } from './state'

/**
 * One adherence entry after the shell pseudonymised any case reference.
 *
 * @example
 * const e: AdherenceEntry = { row: 2, index: 0, household: 'hh_…', status: 'not_received', reason: 'declined the offer', date: '2026-02-03' }
 */
export interface AdherenceEntry {
  row: number
  index: number
  household: string
  status: AdherenceStatus
  reason?: string
  date: string
  delayed_offer_on?: string
}

/**
 * One enrolled household as the decision needs it: its enrolment, arm, randomisation date and, in
 * a waitlist trial's control arm, the date it becomes eligible for the delayed offer.
 *
 * @example
 * const u: AdherenceUnit = { enrolmentId: 'uuid', arm: 'usual_care', enrolledOn: '2026-01-05', delayedOfferFrom: '2026-07-05' }
 */
export interface AdherenceUnit {
  enrolmentId: string
  arm: string
  enrolledOn: string
  delayedOfferFrom: string | null
}

/**
 * A stored adherence record.
 *
 * @example
 * const c: CurrentAdherence = { id: 'uuid', enrolmentId: 'uuid', status: 'received_as_allocated', reason: null, date: '2026-02-03', delayed_offer_on: null, version: 1 }
 */
export interface CurrentAdherence {
  id: string
  enrolmentId: string
  status: AdherenceStatus
  reason: string | null
  date: string
  delayed_offer_on: string | null
  version: number
}

/**
 * What the decision reads: the trial (its id and council), its status, today, its control arm and
 * whether it is a waitlist trial, its enrolled households by pseudonym and the records held.
 *
 * @example
 * const s: AdherenceState = { id: 't-1', councilId: 'c-1', status: 'recruiting', today: '2026-03-01', controlArm: 'usual_care', waitlist: false, units: new Map(), current: new Map() }
 */
export interface AdherenceState extends Pick<TrialState, 'id' | 'councilId'> {
  status: LifecycleStatus
  today: string
  controlArm: string
  waitlist: boolean
  units: ReadonlyMap<string, AdherenceUnit>
  current: ReadonlyMap<string, CurrentAdherence>
}

/**
 * A new or replacement adherence record.
 *
 * @example
 * const w: AdherenceWrite = { enrolmentId: 'uuid', household: 'hh_…', status: 'received_as_allocated', reason: null, date: '2026-02-03', delayed_offer_on: null }
 */
export interface AdherenceWrite {
  enrolmentId: string
  household: string
  status: AdherenceStatus
  reason: string | null
  date: string
  delayed_offer_on: string | null
}

/**
 * The decision: records to create and to correct, how many were unchanged, and the audit events
 * (none when nothing is written).
 *
 * @example
 * decideRecordAdherence(state, entries, { corrections: false }).create.length
 */
export interface AdherenceDecision {
  create: AdherenceWrite[]
  correct: Array<{ current: CurrentAdherence; next: AdherenceWrite }>
  unchanged: number
  audit: AuditEvent[]
}

const NEEDS_REASON: ReadonlySet<AdherenceStatus> = new Set([
  'not_received',
  'discontinued',
  'received_though_control',
])

const same = (a: CurrentAdherence, b: AdherenceWrite) =>
  a.status === b.status &&
  a.reason === b.reason &&
  a.date === b.date &&
  a.delayed_offer_on === b.delayed_offer_on

/**
 * Decides a batch of adherence entries (one per enrolled household), all or none. Refused, with the
 * row and reason: a household not in the trial; a date before the household's randomisation or
 * after today; `received_though_control` outside the control arm, or `not_received` and
 * `discontinued` in it; a missing reason where one is required; a delayed offer outside a waitlist
 * trial's control arm or before the household became eligible for it; a repeated household; a
 * change to a held record without `corrections`. Corrections need `reason` and keep the previous
 * record in the history. Entries equal to the held record are left alone.
 *
 * @example
 * decideRecordAdherence(state, [{ row: 2, index: 0, household: 'hh_…', status: 'received_as_allocated', date: '2026-02-03' }], { corrections: false })
 */
export function decideRecordAdherence(
  state: AdherenceState,
  entries: readonly AdherenceEntry[],
  options: { corrections: boolean; reason?: string }
): AdherenceDecision {
  assertRecordsOpen(state.status, 'adherence')
  const batch = refusals<AdherenceEntry>()
  const writes = householdWrites(batch, state.units, state.today, entries, {
    check: (e, unit) => {
      const control = unit.arm === state.controlArm
      if (control && (e.status === 'not_received' || e.status === 'discontinued'))
        batch.refuse(
          e,
          'status',
          'status-not-for-arm',
          `The household is in the control arm (${armLabel(unit.arm)}), so its status cannot be that it ${ADHERENCE_STATUS_WORDS[e.status]}: it either received usual service only (received_as_allocated) or ${ADHERENCE_STATUS_WORDS.received_though_control} (received_though_control)`
        )
      if (!control && e.status === 'received_though_control')
        batch.refuse(
          e,
          'status',
          'status-not-for-arm',
          `The status that the household ${ADHERENCE_STATUS_WORDS.received_though_control} is only for the control arm; this household was allocated to ${armLabel(unit.arm)}`
        )
      if (NEEDS_REASON.has(e.status) && !e.reason)
        batch.refuse(
          e,
          'reason',
          'reason-required',
          `Give the reason why the household ${ADHERENCE_STATUS_WORDS[e.status]} (one line, no names or case references)`
        )
      if (e.delayed_offer_on !== undefined) {
        if (!state.waitlist)
          batch.refuse(
            e,
            'delayed_offer_on',
            'not-waitlist',
            'The date of the delayed offer is only for waitlist trials, and this protocol has no waitlist design'
          )
        else if (!control)
          batch.refuse(
            e,
            'delayed_offer_on',
            'not-control',
            'The date of the delayed offer is only for households allocated to control'
          )
        else if (unit.delayedOfferFrom && e.delayed_offer_on < unit.delayedOfferFrom)
          batch.refuse(
            e,
            'delayed_offer_on',
            'before-waitlist-window',
            `The date of the delayed offer (${e.delayed_offer_on}) is before the household becomes eligible for it on ${unit.delayedOfferFrom}, after its primary outcome window`
          )
        if (e.delayed_offer_on > state.today)
          batch.refuse(
            e,
            'delayed_offer_on',
            'in-future',
            `The date of the delayed offer (${e.delayed_offer_on}) is after today (${state.today})`
          )
      }
    },
    write: (e, unit): AdherenceWrite => ({
      enrolmentId: unit.enrolmentId,
      household: e.household,
      status: e.status,
      reason: e.reason ?? null,
      date: e.date,
      delayed_offer_on: e.delayed_offer_on ?? null,
    }),
  })
  const { create, correct, unchanged } = settleBatch(
    'adherence',
    batch,
    writes,
    {
      current: (write) => state.current.get(write.enrolmentId),
      same,
      alreadyRecorded: (_entry, current) => ({
        field: 'status',
        detail: `The household already has a record that it ${ADHERENCE_STATUS_WORDS[current.status]} on ${current.date}; to change it, send corrections=true with the reason for the correction`,
      }),
    },
    options
  )
  const byStatus: Record<string, number> = {}
  for (const w of [...create, ...correct.map((c) => c.next)])
    byStatus[w.status] = (byStatus[w.status] ?? 0) + 1
  return {
    create,
    correct,
    unchanged,
    audit: recordBatchAudit(state, 'adherence', { create, correct, unchanged }, options, {
      by_status: byStatus,
    }),
  }
}
