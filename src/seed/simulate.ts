import { and, asc, eq } from 'drizzle-orm'
import seedrandom from 'seedrandom'
import type { Executor } from '../db/client'
import { enrolments, observations } from '../db/schema'
import { insertObservations, type NewObservation } from '../services/observations'

export interface SimulatedEffect {
  /** Probability of the primary outcome (homeless within 6 months) in control and treatment. */
  homelessControl: number
  homelessTreated: number
  /** Multiplicative effect of treatment on days in temporary accommodation. */
  daysRatio: number
  /** Share of households lost to follow-up. */
  attrition: number
}

/**
 * Records simulated outcomes of the family-mediation example protocol for every enrolled
 * household of a trial (demo data and tests only): the primary outcome, days in temporary
 * accommodation and settled housing, with a reason for every missing value. Deterministic given
 * `seed`. `treatedArms` lists the arms that receive the effect.
 */
export async function simulateOutcomes(
  db: Executor,
  trialId: string,
  recordedBy: string,
  options: {
    seed: string
    treatedArms: string[]
    effect?: Partial<SimulatedEffect>
    /** When each household's outcomes were recorded, from its enrolment instant (default 1 September 2026). */
    recordedAt?: (enrolledAt: Date) => Date
    /** Also record the registered process measure (attendance at mediation). */
    process?: boolean
  }
) {
  const effect: SimulatedEffect = {
    homelessControl: 0.34,
    homelessTreated: 0.22,
    daysRatio: 0.74,
    attrition: 0.08,
    ...options.effect,
  }
  const recordedAt = options.recordedAt ?? (() => OUTCOMES_RECORDED_AT)
  const rng = seedrandom(options.seed)
  const units = await db.select().from(enrolments).where(eq(enrolments.trialId, trialId))
  const rows = units.flatMap((u) => {
    const treated = options.treatedArms.includes(u.arm)
    const lost = rng() < effect.attrition
    const homeless = rng() < (treated ? effect.homelessTreated : effect.homelessControl) ? 1 : 0
    const days = Math.round(Math.exp(3 + rng()) * (treated ? effect.daysRatio : 1) * 10) / 10
    const settled = rng() < (treated ? 0.7 : 0.6) ? 1 : 0
    const base = {
      enrolmentId: u.id,
      kind: 'outcome' as const,
      recordedAt: recordedAt(u.enrolledAt),
    }
    return [
      {
        ...base,
        variable: 'homeless_6m',
        value: lost ? { missing: 'lost_to_follow_up' as const } : homeless,
      },
      {
        ...base,
        variable: 'days_in_temp_accommodation',
        value: lost ? { missing: 'lost_to_follow_up' as const } : days,
      },
      {
        ...base,
        variable: 'settled_6m',
        value: lost ? { missing: 'moved_away' as const } : settled,
      },
    ]
  })
  // The registered process measure, from its own stream so the outcomes above are as before:
  // about three in four offered mediation attend a session, and a few in usual care find one.
  const attendance = seedrandom(`${options.seed}-process`)
  const process = (options.process ? units : []).map((u) => ({
    enrolmentId: u.id,
    kind: 'process' as const,
    recordedAt: recordedAt(u.enrolledAt),
    variable: PROCESS_MEASURE,
    value: attendance() < (options.treatedArms.includes(u.arm) ? 0.75 : 0.04) ? 1 : 0,
  }))
  await insertSimulated(db, trialId, recordedBy, [...rows, ...process])
  return units.length
}

/** When simulated outcomes were recorded, unless the caller says otherwise. */
const OUTCOMES_RECORDED_AT = new Date('2026-09-01T00:00:00Z')

/**
 * Inserts simulated observations (source `simulated`). Each row carries its own recording instant, so the
 * insert's own `now` (the epoch here) is never used.
 */
const insertSimulated = (
  db: Executor,
  trialId: string,
  recordedBy: string,
  rows: ReadonlyArray<NewObservation & { recordedAt: Date }>
) => insertObservations(db, trialId, { userId: recordedBy }, new Date(0), 'simulated', rows)

/** The demo's registered process measure. */
export const PROCESS_MEASURE = 'attended_mediation'

/**
 * Records a simulated harm outcome (`left_home_unplanned_6m`: left the family home without a
 * planned move within 6 months) for every enrolled household of a demo trial, at the same rate in
 * every arm, missing wherever the primary outcome is missing (the same follow-up contact records
 * both). Deterministic given `seed`, from its own stream so the other simulated outcomes are as
 * before.
 */
export async function simulateHarmOutcome(
  db: Executor,
  trialId: string,
  recordedBy: string,
  options: { seed: string; rate: number; recordedAt: (enrolledAt: Date) => Date }
) {
  const rng = seedrandom(`${options.seed}-harms`)
  const units = await db
    .select({
      id: enrolments.id,
      enrolledAt: enrolments.enrolledAt,
      missing: observations.missingReason,
    })
    .from(enrolments)
    .innerJoin(
      observations,
      and(eq(observations.enrolmentId, enrolments.id), eq(observations.variable, 'homeless_6m'))
    )
    .where(eq(enrolments.trialId, trialId))
    .orderBy(asc(enrolments.sequence))
  const rows = units.map((u) => {
    const left = rng() < options.rate ? 1 : 0
    return {
      enrolmentId: u.id,
      kind: 'outcome' as const,
      recordedAt: options.recordedAt(u.enrolledAt),
      variable: HARM_OUTCOME,
      value: u.missing ? { missing: u.missing } : left,
    }
  })
  await insertSimulated(db, trialId, recordedBy, rows)
}

/** The demo's registered harm outcome. */
export const HARM_OUTCOME = 'left_home_unplanned_6m'
