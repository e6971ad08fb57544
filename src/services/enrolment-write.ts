import { sql, type SQL } from 'drizzle-orm'
import type { BaselineValue } from '../../trials/enrolment'
import { ALLOCATOR_STATE_FORMAT, type AllocatorState } from '../../trials/randomisation'
import type { Executor } from '../db/client'
import type { enrolments, trials } from '../db/schema'
import type { CommitWith } from '../db/pipelined-transaction'
import { bindStatement, runPrepared, statementTemplate } from '../db/prepared'
import {
  appendCtes,
  auditAppend,
  type AuditAppend,
  type AuditChainHead,
  type AuditEntry,
} from './audit'
import { ledgerEntriesFor } from './ledger'

type TrialRow = typeof trials.$inferSelect
type EnrolmentRow = typeof enrolments.$inferSelect

/**
 * A state row that moved under the trial row lock writes nothing, and the statement then fails (so that a COMMIT
 * sent behind it rolls back instead): the cast of this text and the count of enrolments to an integer raises
 * PostgreSQL's invalid-input error at run time only (the count is not a constant, so it is never folded at plan
 * time), and the message carries the text.
 */
const STATE_MOVED = 'allocator state moved under the trial row lock; enrolments written: '

const causes = (err: unknown): Array<{ message?: unknown } | undefined> => {
  const out: Array<{ message?: unknown } | undefined> = []
  type Cause = { message?: unknown; cause?: unknown } | undefined
  for (let e = err as Cause; e; e = e.cause as Cause) out.push(e)
  return out
}

/** One allocated household, as it is about to be stored. */
export interface NewEnrolment {
  sequence: number
  household: string
  unit: Record<string, BaselineValue>
  baseline: Record<string, BaselineValue>
  arm: string
  stratum: string | null
  block: number | null
  /** Who enrolled it, and when (ISO 8601 UTC): each request's own actor and clock reading. */
  enrolled_by: string
  enrolled_at: string
}

/** The values of the write statement (see {@link writeStatement}). */
type WriteValues = {
  trialId: string
  enrolled: number
  algorithm: string
  protocolHash: string | null
  protocolVersion: number
  /** The allocator state, as JSON. */
  state: string
  /** When the state was saved (ISO 8601). */
  at: string
  /** The state row's count of enrolments read under the trial row lock; null: there was no state row. */
  storedEnrolments: number | null
  /** The new enrolments ({@link NewEnrolment}), as JSON. */
  rows: string
  /** Their ledger entries, as JSON. */
  ledger: string
} & AuditAppend

/**
 * The one statement of {@link writeEnrolments}, around `saved`, the statement that writes the allocator state.
 * Its values are used as values only, so its text is built once per process (see `statementTemplate`).
 */
const writeStatement = (saved: SQL, v: WriteValues) => sql`
      with saved as (${saved}), inserted as (
        insert into enrolments (trial_id, sequence, household, unit, baseline, arm, stratum, block,
                                algorithm, protocol_version, enrolled_by, enrolled_at)
        select saved.trial_id, x.sequence, x.household, x.unit, x.baseline, x.arm, x.stratum, x.block,
               ${v.algorithm}, ${v.protocolVersion}, x.enrolled_by, x.enrolled_at
        from saved
        cross join jsonb_to_recordset(${v.rows}::jsonb)
          as x(sequence integer, household text, unit jsonb, baseline jsonb, arm text, stratum text,
               block integer, enrolled_by uuid, enrolled_at timestamptz)
        returning id, sequence, trial_id, baseline, enrolled_by, enrolled_at
      ), baseline as (
        insert into observations (trial_id, enrolment_id, kind, variable, value_number, value_text,
                                  source, recorded_by, recorded_at)
        select i.trial_id, i.id, 'baseline', v.key,
               case when jsonb_typeof(v.value) = 'number' then (v.value #>> '{}')::double precision end,
               case when jsonb_typeof(v.value) = 'string' then v.value #>> '{}' end,
               'enrolment', i.enrolled_by, i.enrolled_at
        from inserted i cross join lateral jsonb_each(i.baseline) as v
        where jsonb_typeof(v.value) <> 'null'
      ), ledger as (
        insert into allocation_ledger (trial_id, sequence, household, unit, arm, hash, enrolment_id)
        select i.trial_id, l.sequence, l.household, l.unit, l.arm, l.hash, i.id
        from inserted i
        join jsonb_to_recordset(${v.ledger}::jsonb)
          as l(sequence integer, household text, unit jsonb, arm text, hash text)
          on l.sequence = i.sequence
      ), ${appendCtes(v)}
      select i.id, i.sequence, (select version from saved) as state_version
      from (select case when exists (select 1 from saved) then 0
              else (${STATE_MOVED} || (select count(*) from inserted))::int end as unmoved) as guard
      left join inserted i on true
      where guard.unmoved = 0
      order by i.sequence`

/** The write of a trial's first enrolments: the state row is inserted (and none may have appeared). */
const writeWithFirstState = statementTemplate('enrolment write, first state', (v: WriteValues) =>
  writeStatement(
    sql`insert into allocator_states as s
          (trial_id, enrolments, format, algorithm, protocol_hash, state, updated_at)
        values (${v.trialId}, ${v.enrolled}, ${ALLOCATOR_STATE_FORMAT}, ${v.algorithm},
                ${v.protocolHash}, ${v.state}::jsonb, ${v.at}::timestamptz)
        on conflict (trial_id) do nothing
        returning trial_id, xmin::text as version`,
    v
  )
)

/**
 * The write of later enrolments: the row read under the lock is updated in place (a plain UPDATE: an upsert would
 * first lock the row it conflicts with, one more WAL record per enrolment), if it still holds `storedEnrolments`.
 */
const writeWithState = statementTemplate('enrolment write', (v: WriteValues) =>
  writeStatement(
    sql`update allocator_states as s set
          enrolments = ${v.enrolled}, format = ${ALLOCATOR_STATE_FORMAT}, algorithm = ${v.algorithm},
          protocol_hash = ${v.protocolHash}, state = ${v.state}::jsonb, updated_at = ${v.at}::timestamptz
        where s.trial_id = ${v.trialId} and s.enrolments = ${v.storedEnrolments}
        returning s.trial_id, s.xmin::text as version`,
    v
  )
)

/**
 * Stores a request's new enrolments, their baseline observations, their public ledger entries (chained
 * onto the ledger's head), the allocator's state after them and the chained audit events (one per request) in one
 * statement, whatever the number of households or of earlier enrolments. The state row is written only if it
 * still holds `storedEnrolments` (what the caller read under the trial row lock; null: there was none, and none
 * may have appeared), and the enrolments are
 * inserted only through it: a state that moved under the caller inserts nothing, and the statement fails. Baseline observations are read back from each inserted enrolment's own baseline, so they can
 * never disagree with it. Returns the stored enrolments and the version the state row now has.
 */
export async function writeEnrolments(
  tx: Executor,
  trial: TrialRow,
  write: {
    rows: readonly NewEnrolment[]
    state: AllocatorState
    storedEnrolments: number | null
    algorithm: string
    /** When the state was saved: the last request's clock reading. */
    at: Date
    /** One audit event per request, in order, all on the trial's chain. */
    audit: readonly AuditEntry[]
    /** The trial's audit chain head and ledger tail, when the caller read them under the trial row lock. */
    heads?: { audit: AuditChainHead; ledger: { sequence: number; hash: string } | null }
    /** Runs the statement as the transaction's last, with its COMMIT (see `pipelinedTransaction`). */
    commitWith?: CommitWith
  }
): Promise<{ rows: EnrolmentRow[]; stateVersion: string }> {
  const enrolled = write.rows[write.rows.length - 1]!.sequence
  // Locks the audit chain head (unless the caller did); the ledger continues from its head under the trial
  // row lock.
  const audited = await auditAppend(tx, write.audit, write.heads?.audit)
  const ledger = await ledgerEntriesFor(tx, trial, write.rows, write.heads?.ledger)
  const values: WriteValues = {
    trialId: trial.id,
    enrolled,
    algorithm: write.algorithm,
    protocolHash: trial.protocolHash,
    protocolVersion: trial.protocolVersion,
    state: JSON.stringify(write.state),
    at: write.at.toISOString(),
    storedEnrolments: write.storedEnrolments,
    rows: JSON.stringify(write.rows),
    ledger: JSON.stringify(ledger),
    ...audited,
  }
  const statement = bindStatement(
    write.storedEnrolments === null ? writeWithFirstState : writeWithState,
    values
  )
  const moved = () =>
    new Error(
      `the allocator state of trial ${trial.id} changed under its row lock; nothing was enrolled`
    )
  let inserted: Array<{ id: string; sequence: number; state_version: string }>
  try {
    inserted = await (write.commitWith ?? ((q) => runPrepared(tx, q)))(statement)
  } catch (err) {
    if (causes(err).some((e) => String(e?.message).includes(STATE_MOVED))) throw moved()
    throw err
  }
  if (inserted.length !== write.rows.length) throw moved()
  const bySequence = new Map(write.rows.map((r) => [r.sequence, r]))
  const rows = inserted.map(({ id, sequence }) => {
    const row = bySequence.get(sequence)!
    return {
      id,
      trialId: trial.id,
      sequence,
      household: row.household,
      unit: row.unit,
      baseline: row.baseline,
      arm: row.arm,
      stratum: row.stratum,
      block: row.block,
      algorithm: write.algorithm,
      protocolVersion: trial.protocolVersion,
      enrolledBy: row.enrolled_by,
      enrolledAt: new Date(row.enrolled_at),
    }
  })
  return { rows, stateVersion: inserted[0]!.state_version }
}
