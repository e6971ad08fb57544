import { and, asc, eq, sql } from 'drizzle-orm'
import seedrandom from 'seedrandom'
import type { Executor } from '../db/client'
import { enrolments, observations } from '../db/schema'

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
  const rng = seedrandom(options.seed)
  const units = await db.select().from(enrolments).where(eq(enrolments.trialId, trialId))
  const rows = units.flatMap((u) => {
    const treated = options.treatedArms.includes(u.arm)
    const lost = rng() < effect.attrition
    const homeless = rng() < (treated ? effect.homelessTreated : effect.homelessControl) ? 1 : 0
    const days = Math.round(Math.exp(3 + rng()) * (treated ? effect.daysRatio : 1) * 10) / 10
    const settled = rng() < (treated ? 0.7 : 0.6) ? 1 : 0
    const base = {
      trialId,
      enrolmentId: u.id,
      kind: 'outcome' as const,
      source: 'simulated',
      recordedBy,
      recordedAt: options.recordedAt?.(u.enrolledAt) ?? new Date('2026-09-01T00:00:00Z'),
    }
    const missing = (reason: 'lost_to_follow_up' | 'moved_away') => ({
      valueNumber: null,
      missingReason: reason,
    })
    return [
      {
        ...base,
        variable: 'homeless_6m',
        ...(lost ? missing('lost_to_follow_up') : { valueNumber: homeless, missingReason: null }),
      },
      {
        ...base,
        variable: 'days_in_temp_accommodation',
        ...(lost ? missing('lost_to_follow_up') : { valueNumber: days, missingReason: null }),
      },
      {
        ...base,
        variable: 'settled_6m',
        ...(lost ? missing('moved_away') : { valueNumber: settled, missingReason: null }),
      },
    ]
  })
  // The registered process measure, from its own stream so the outcomes above are as before:
  // about three in four offered mediation attend a session, and a few in usual care find one.
  const attendance = seedrandom(`${options.seed}-process`)
  const process = (options.process ? units : []).map((u) => ({
    trialId,
    enrolmentId: u.id,
    kind: 'process' as const,
    source: 'simulated',
    recordedBy,
    recordedAt: options.recordedAt?.(u.enrolledAt) ?? new Date('2026-09-01T00:00:00Z'),
    variable: PROCESS_MEASURE,
    valueNumber: attendance() < (options.treatedArms.includes(u.arm) ? 0.75 : 0.04) ? 1 : 0,
    missingReason: null,
  }))
  await insertSimulated(db, trialId, recordedBy, rows)
  await insertSimulated(db, trialId, recordedBy, process)
  return units.length
}

/** A simulated observation as {@link insertSimulated} writes it. */
interface SimulatedRow {
  enrolmentId: string
  kind: 'outcome' | 'process'
  variable: string
  valueNumber: number | null
  missingReason: string | null
  recordedAt: Date
}

/**
 * Inserts simulated observations (version 1, source `simulated`) in order, as `insertObservations` does: the
 * rows travel as one JSON parameter per chunk, expanded by json_to_recordset, rather than as a multi-row
 * VALUES list of a dozen bind parameters per row, which took most of the time of seeding a trial.
 */
async function insertSimulated(
  db: Executor,
  trialId: string,
  recordedBy: string,
  rows: readonly SimulatedRow[]
) {
  for (let i = 0; i < rows.length; i += 10_000) {
    const json = JSON.stringify(
      rows.slice(i, i + 10_000).map((r) => ({
        e: r.enrolmentId,
        k: r.kind,
        v: r.variable,
        n: r.valueNumber,
        m: r.missingReason,
        a: r.recordedAt.toISOString(),
      }))
    )
    await db.execute(sql`
      insert into observations (trial_id, enrolment_id, kind, variable, value_number, missing_reason, source, recorded_by, recorded_at)
      select ${trialId}::uuid, r.e, r.k, r.v, r.n, r.m, 'simulated', ${recordedBy}::uuid, r.a
      from json_to_recordset(${json}::text::json) as r(e uuid, k text, v text, n float8, m text, a timestamptz)`)
  }
}

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
      valueNumber: u.missing ? null : left,
      missingReason: u.missing,
    }
  })
  await insertSimulated(db, trialId, recordedBy, rows)
}

/** The demo's registered harm outcome. */
export const HARM_OUTCOME = 'left_home_unplanned_6m'
