import { and, eq, inArray, sql } from 'drizzle-orm'
import { isMissing, type ObservationKind, type ObservedValue } from '../../trials/data'
import type { Executor } from '../db/client'
import { observations } from '../db/schema'

/** The current row of one observation, as corrections need it. */
export interface CurrentObservation {
  id: string
  enrolmentId: string
  variable: string
  valueNumber: number | null
  valueText: string | null
  missingReason: string | null
  version: number
}

/** The signed-in user who records data, and the request it came in: stamped on every row written. */
export interface Recorder {
  userId: string
  requestId: string
}

/** Key of one unit's variable in maps of current observations. */
export const observationKey = (enrolmentId: string, variable: string) =>
  `${enrolmentId}\u0000${variable}`

/** Current observations of the trial for the given variables (and, optionally, one unit). */
export async function currentObservations(
  tx: Executor,
  trialId: string,
  variables: readonly string[],
  enrolmentId?: string
): Promise<Map<string, CurrentObservation>> {
  if (variables.length === 0) return new Map()
  const where = [eq(observations.trialId, trialId), inArray(observations.variable, [...variables])]
  if (enrolmentId) where.push(eq(observations.enrolmentId, enrolmentId))
  const rows = await tx
    .select({
      id: observations.id,
      enrolmentId: observations.enrolmentId,
      variable: observations.variable,
      valueNumber: observations.valueNumber,
      valueText: observations.valueText,
      missingReason: observations.missingReason,
      version: observations.version,
    })
    .from(observations)
    .where(and(...where))
  return new Map(rows.map((r) => [observationKey(r.enrolmentId, r.variable), r]))
}

/** Columns of a value: exactly one of number, text and missing reason is set. */
export function columnsOf(value: ObservedValue): {
  n: number | null
  t: string | null
  m: string | null
} {
  if (isMissing(value)) return { n: null, t: null, m: value.missing }
  return typeof value === 'number' ? { n: value, t: null, m: null } : { n: null, t: value, m: null }
}

export function sameValue(current: CurrentObservation, value: ObservedValue): boolean {
  const c = columnsOf(value)
  return current.valueNumber === c.n && current.valueText === c.t && current.missingReason === c.m
}

/** A value as the API shows it. */
export function valueOut<R extends string | null>(row: {
  valueNumber: number | null
  valueText: string | null
  missingReason: R
}) {
  return { value: row.valueNumber ?? row.valueText, missing_reason: row.missingReason }
}

export interface NewObservation {
  enrolmentId: string
  kind: ObservationKind
  variable: string
  value: ObservedValue
  /** When it was recorded, when not at `now` (simulated data stamps each row with its own instant). */
  recordedAt?: Date
}

// Rows travel as one JSON parameter per chunk and are expanded by json_to_recordset: one statement
// per 10,000 rows instead of a multi-row VALUES list, which would need 11 bind parameters per row
// and hit PostgreSQL's 65,535-parameter limit at ~6,000 rows.
const CHUNK = 10_000

/** Inserts new observations (version 1) in chunks, inside the caller's transaction. */
export async function insertObservations(
  tx: Executor,
  trialId: string,
  actor: Pick<Recorder, 'userId'>,
  now: Date,
  source: string,
  rows: readonly NewObservation[]
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((r) => ({
        e: r.enrolmentId,
        k: r.kind,
        v: r.variable,
        ...columnsOf(r.value),
        ...(r.recordedAt ? { a: r.recordedAt.toISOString() } : {}),
      }))
    )
    await tx.execute(sql`
      insert into observations (trial_id, enrolment_id, kind, variable, value_number, value_text, missing_reason, version, source, recorded_by, recorded_at)
      select ${trialId}::uuid, r.e, r.k, r.v, r.n, r.t, r.m, 1, ${source}, ${actor.userId}::uuid, coalesce(r.a, ${now.toISOString()}::timestamptz)
      from json_to_recordset(${json}::text::json) as r(e uuid, k text, v text, n float8, t text, m text, a timestamptz)`)
  }
}

/**
 * Replaces current values: the superseded row goes to `observation_history` with who recorded it,
 * who replaced it, when and why, and the observation's version goes up by one.
 */
export async function correctObservations(
  tx: Executor,
  actor: Recorder,
  now: Date,
  source: string,
  reason: string,
  rows: ReadonlyArray<{ current: CurrentObservation; value: ObservedValue }>
): Promise<void> {
  const at = now.toISOString()
  for (let i = 0; i < rows.length; i += CHUNK) {
    const json = JSON.stringify(
      rows.slice(i, i + CHUNK).map((r) => ({ id: r.current.id, ...columnsOf(r.value) }))
    )
    await tx.execute(sql`
      insert into observation_history (observation_id, version, value_number, value_text, missing_reason, source, recorded_by, recorded_at, reason, replaced_by, replaced_at)
      select o.id, o.version, o.value_number, o.value_text, o.missing_reason, o.source, o.recorded_by, o.recorded_at, ${reason}, ${actor.userId}::uuid, ${at}::timestamptz
      from observations o join json_to_recordset(${json}::text::json) as r(id uuid, n float8, t text, m text) on o.id = r.id`)
    await tx.execute(sql`
      update observations o
      set value_number = r.n, value_text = r.t, missing_reason = r.m, version = o.version + 1,
          source = ${source}, recorded_by = ${actor.userId}::uuid, recorded_at = ${at}::timestamptz
      from json_to_recordset(${json}::text::json) as r(id uuid, n float8, t text, m text)
      where o.id = r.id`)
  }
}
