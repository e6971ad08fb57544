import { anchorDateOf, RANDOMISATION } from '../data/anchor-events'
import { addIsoDuration } from '../data/iso-duration'
import { ittExclusions } from '../dataset/itt-population'
import type { Protocol } from '../protocol/schema'
import {
  SCREENING_REASON_LABELS,
  screeningReasons,
  type AdherenceStatus,
  type ScreeningReason,
} from './vocabulary'
import type { ArmFlow, ConsortFlow, FollowUpBox, ReasonCount } from './consort-flow-schema'

export type { ArmFlow, ConsortFlow, FollowUpBox, ReasonCount } from './consort-flow-schema'

/**
 * What the flow diagram is drawn from, as loaded from the database at the moment it is asked for.
 *
 * @example
 * const input: FlowInput = { protocol, asOf: new Date(), screening: [], units: [], adherence: [], observations: [] }
 */
export interface FlowInput {
  protocol: Protocol
  asOf: Date
  screening: ReadonlyArray<{ reason: ScreeningReason; count: number; detail: string | null }>
  /**
   * Enrolled households; `anchorDates` holds each recorded anchor event date (observation kind
   * `anchor`), from which time points anchored on that event are counted.
   */
  units: ReadonlyArray<{
    id: string
    arm: string
    enrolledAt: Date
    anchorDates?: Readonly<Record<string, Date>>
  }>
  adherence: ReadonlyArray<{
    unitId: string
    status: AdherenceStatus
    reason: string | null
    date: string
  }>
  /**
   * Post-randomisation exclusions; `criterion` names the registered eligibility criterion a
   * household was found to have failed at randomisation (null: it stays in the analysis).
   */
  exclusions?: ReadonlyArray<{
    unitId: string
    reason: string
    date: string
    criterion?: string | null
  }>
  /** Current outcome observations: a value (missingReason null) or a missing reason. */
  observations: ReadonlyArray<{ unitId: string; variable: string; missingReason: string | null }>
}

/**
 * An arm's registered name in words: `family_mediation` -> `Family mediation`.
 *
 * @example
 * armLabel('usual_care') // 'Usual care'
 */
export function armLabel(name: string): string {
  const words = name.replace(/_/g, ' ')
  return words.charAt(0).toUpperCase() + words.slice(1)
}

const tally = (reasons: Iterable<string>): ReasonCount => {
  const m = new Map<string, number>()
  let n = 0
  for (const r of reasons) {
    m.set(r, (m.get(r) ?? 0) + 1)
    n++
  }
  return {
    n,
    reasons: [...m.entries()]
      .map(([reason, k]) => ({ reason, n: k }))
      .sort((a, b) => b.n - a.n || a.reason.localeCompare(b.reason)),
  }
}

/**
 * Builds the CONSORT 2025 flow from loaded records. Assessed = randomised + households in the
 * screening log; excluded by reason from the screening log; allocated per arm from the enrolments;
 * received / not received from adherence records (intervention arms: not_received with reasons;
 * control arm: received_though_control, a crossover, with reasons; households without a record are
 * counted as not recorded); follow-up per outcome time point from the first outcome registered at
 * it (primary first), each household's time point dated as its anchor date plus the offset (the
 * randomisation instant, or the household's recorded date of the anchor event; a household whose
 * anchor event has no recorded date is not yet due): lost = recorded missing for any reason but
 * not_yet_due, discontinued = adherence `discontinued` dated on or before the household's time
 * point (any recorded so far when it cannot be dated yet); analysed = households
 * with a primary outcome value, unless found ineligible at randomisation; excluded from analysis =
 * the rest: households found ineligible at randomisation (by the recorded reason), then those
 * without a primary outcome value (by missing reason or "no outcome recorded"). The analysis
 * population is the analysis dataset's, by one rule (`ittExclusions`): intention to treat, so an
 * exclusion recorded for any other reason leaves the household in the analysis in its allocated
 * arm and is reported as kept (`kept_in_analysis`).
 *
 * @example
 * consortFlow({ protocol, asOf: new Date(), screening: [{ reason: 'declined', count: 4, detail: null }], units: [], adherence: [], observations: [] }).assessed // 4
 */
export function consortFlow(input: FlowInput): ConsortFlow {
  const { protocol } = input
  const byReason = new Map<ScreeningReason, { n: number; details: string[] }>()
  for (const r of screeningReasons) byReason.set(r, { n: 0, details: [] })
  for (const s of input.screening) {
    const entry = byReason.get(s.reason)!
    entry.n += s.count
    if (s.detail) for (let i = 0; i < s.count; i++) entry.details.push(s.detail)
  }
  const excludedTotal = [...byReason.values()].reduce((n, e) => n + e.n, 0)

  const adherence = new Map(input.adherence.map((a) => [a.unitId, a]))
  const exclusions = new Map((input.exclusions ?? []).map((e) => [e.unitId, e]))
  const removed = ittExclusions(
    (input.exclusions ?? []).map((e) => ({ unitId: e.unitId, criterion: e.criterion ?? null }))
  )
  const observed = new Map<string, string | null>()
  for (const o of input.observations)
    observed.set(`${o.unitId}\u0000${o.variable}`, o.missingReason)
  const outcomes = [protocol.primary_outcome, ...protocol.secondary_outcomes]
  const timePoints: Array<{ key: string; outcome: (typeof outcomes)[number] }> = []
  for (const o of outcomes) {
    const key = `${o.time_point.anchor}|${o.time_point.offset}`
    if (!timePoints.some((t) => t.key === key)) timePoints.push({ key, outcome: o })
  }
  const notes: string[] = []

  const arms: ArmFlow[] = protocol.arms.map((arm) => {
    const units = input.units.filter((u) => u.arm === arm.name)
    const records = units.map((u) => adherence.get(u.id))
    const recorded = records.filter((r) => r !== undefined)
    const crossover = arm.control ? 'received_though_control' : 'not_received'
    const notReceived = tally(
      recorded.filter((r) => r.status === crossover).map((r) => r.reason ?? 'no reason given')
    )
    const discontinued = tally(
      recorded.filter((r) => r.status === 'discontinued').map((r) => r.reason ?? 'no reason given')
    )
    const followUp: FollowUpBox[] = timePoints.map(({ outcome }) => {
      const { anchor, offset } = outcome.time_point
      const lost: string[] = []
      const stopped: string[] = []
      const dueDays: string[] = []
      let notYetDue = 0
      let awaiting = 0
      let outstanding = 0
      for (const u of units) {
        // Same dating rule as follow-up progress: anchor date + offset; no anchor date, no due date.
        const from = anchorDateOf(anchor, u.enrolledAt, u.anchorDates)
        const due = from && addIsoDuration(from, offset)
        const dueDay = due?.toISOString().slice(0, 10)
        if (dueDay) dueDays.push(dueDay)
        const key = `${u.id}\u0000${outcome.name}`
        const a = adherence.get(u.id)
        // Undated time points lie ahead, so any discontinuation recorded so far precedes them.
        if (a?.status === 'discontinued' && (dueDay === undefined || a.date <= dueDay))
          stopped.push(a.reason ?? 'no reason given')
        const reason = observed.get(key)
        if (reason === null) continue
        if (reason !== undefined && reason !== 'not_yet_due') {
          lost.push(reason)
          continue
        }
        // As in follow-up progress, a household still marked not_yet_due once due is outstanding.
        if (due && due <= input.asOf) outstanding++
        else {
          notYetDue++
          if (!due) awaiting++
        }
      }
      dueDays.sort()
      return {
        key: anchor === RANDOMISATION ? offset : `${anchor}+${offset}`,
        time_point: outcome.time_point.label,
        anchor,
        offset,
        outcome: outcome.name,
        due_from: dueDays[0] ?? null,
        due_to: dueDays[dueDays.length - 1] ?? null,
        awaiting_anchor_date: awaiting,
        lost: tally(lost),
        discontinued: tally(stopped),
        not_yet_due: notYetDue,
        outstanding,
      }
    })
    const primary = protocol.primary_outcome.name
    const afterRandomisation: string[] = []
    const noOutcome: string[] = []
    const kept: string[] = []
    let analysed = 0
    for (const u of units) {
      const key = `${u.id}\u0000${primary}`
      const exclusion = exclusions.get(u.id)
      if (exclusion && !removed.has(u.id)) kept.push(exclusion.reason)
      if (exclusion && removed.has(u.id)) afterRandomisation.push(exclusion.reason)
      else if (!observed.has(key)) noOutcome.push('no outcome recorded')
      else if (observed.get(key) === null) analysed++
      else noOutcome.push(observed.get(key)!)
    }
    return {
      arm: arm.name,
      label: armLabel(arm.name),
      control: arm.control,
      allocated: units.length,
      received: recorded.filter(
        (r) => r.status === 'received_as_allocated' || r.status === 'discontinued'
      ).length,
      not_received: notReceived,
      discontinued,
      adherence_not_recorded: units.length - recorded.length,
      follow_up: followUp,
      analysis: {
        outcome: primary,
        analysed,
        excluded: tally([...afterRandomisation, ...noOutcome]),
        after_randomisation: tally(afterRandomisation),
        no_outcome: tally(noOutcome),
        kept_in_analysis: tally(kept),
      },
    }
  })

  return {
    as_of: input.asOf.toISOString(),
    assessed: input.units.length + excludedTotal,
    excluded: {
      n: excludedTotal,
      reasons: screeningReasons
        .map((r) => ({ reason: r, n: byReason.get(r)!.n }))
        .filter((r) => r.n > 0),
      by_reason: screeningReasons.map((r) => ({
        reason: r,
        label: SCREENING_REASON_LABELS[r],
        n: byReason.get(r)!.n,
        details: tally(byReason.get(r)!.details).reasons,
      })),
    },
    randomised: input.units.length,
    arms,
    notes,
  }
}
