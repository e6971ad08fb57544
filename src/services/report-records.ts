import type { z } from 'zod'
import { and, asc, desc, eq } from 'drizzle-orm'
import {
  decideRecordAdherence,
  registered,
  decideRecordScreening,
  RecordsRefusedError,
  type AdherenceUnit,
  type AdherenceWrite,
  type CurrentAdherence,
  type CurrentScreening,
  type RowProblem,
  type ScreeningWrite,
  type AuditEvent,
} from '../../trials/commands'
import {
  delayedOfferDate,
  readEntries,
  waitlistProgress,
  type AdherenceEntryInput,
  type ScreeningEntryInput,
  type ScreeningReason,
} from '../../trials/report'
import type { RegisteredTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import {
  adherenceHistory,
  adherenceRecords,
  enrolments,
  observations,
  screeningHistory,
  screeningRecords,
  type trials,
} from '../db/schema'
import type { PgColumn, PgInsertValue, PgTable, PgUpdateSetSource } from 'drizzle-orm/pg-core'
import { notFound } from '../problem'
import { recordAudit, recorderContext } from './audit'
import type { Recorder } from './observations'
import { pseudonymise, type HouseholdInPath } from './pseudonym'

type TrialRow = typeof trials.$inferSelect
const day = (d: Date) => d.toISOString().slice(0, 10)
const CHUNK = 500

/** How a batch of records is written: a dry run validates only; corrections need a reason. */
export interface RecordOptions {
  dryRun: boolean
  corrections: boolean
  reason?: string
  source: string
}

/** What a `decideRecord…` command needs of the options: whether corrections are allowed, and their reason. */
export const correctionOptions = (options: RecordOptions) => ({
  corrections: options.corrections,
  ...(options.reason ? { reason: options.reason } : {}),
})

/** Who recorded a row, from where and when: set on every row a batch creates or corrects. */
export interface RecordStamp {
  source: string
  recordedBy: string
  recordedAt: Date
}

/** Why and by whom a stored row was replaced: set on its copy in the history. */
export interface RecordReplacement {
  correctionReason: string
  replacedBy: string
  replacedAt: Date
}

/** Where one kind of record is kept, and how a decided write becomes a row of it. */
export interface RecordTables<
  T extends PgTable,
  H extends PgTable,
  W,
  Old extends { version: number },
  Cols extends PgUpdateSetSource<T>,
> {
  /** The current records and their id column. */
  records: T
  id: PgColumn
  /** The superseded versions of the records. */
  history: H
  /** The stored row a correction replaces. */
  load(id: string): Promise<Old | undefined>
  /** The columns a decided write sets, on a new row and on a corrected one. */
  columns(write: W): Cols
  /** A new row from a decided write, given its columns and stamp. */
  created(write: W, stored: Cols & RecordStamp): PgInsertValue<T>
  /** The history row of a replaced one, as it was. */
  archived(old: Old, replacement: RecordReplacement): PgInsertValue<H>
}

/** A decided batch of records, with who recorded it, when, and in which transaction. */
export interface RecordBatch<W, C extends { id: string }> {
  tx: Executor
  trial: TrialRow
  actor: Recorder
  now: Date
  /** How many entries the batch had. */
  rows: number
  options: RecordOptions
  decision: RecordDecision<W, C>
}

/** What a `decideRecord…` command returns: the rows to write and the audit events. */
export interface RecordDecision<W, C extends { id: string }> {
  create: W[]
  correct: Array<{ current: C; next: W }>
  unchanged: number
  audit: AuditEvent[]
}

/**
 * Persists a decided batch of records in the caller's transaction: new rows, corrections (the
 * previous row to the history, the stored one a version on) and the decided audit events. A dry run
 * writes nothing. Returns the batch's counts.
 */
export async function persistRecords<
  T extends PgTable,
  H extends PgTable,
  W,
  C extends { id: string },
  Old extends { version: number },
  Cols extends PgUpdateSetSource<T>,
>(batch: RecordBatch<W, C>, tables: RecordTables<T, H, W, Old, Cols>) {
  const { tx, trial, actor, now, options, decision } = batch
  const result = {
    dry_run: options.dryRun,
    rows: batch.rows,
    created: decision.create.length,
    corrected: decision.correct.length,
    unchanged: decision.unchanged,
  }
  if (options.dryRun) return result
  const stamp = { source: options.source, recordedBy: actor.userId, recordedAt: now }
  for (let i = 0; i < decision.create.length; i += CHUNK)
    await tx
      .insert(tables.records)
      .values(
        decision.create
          .slice(i, i + CHUNK)
          .map((w) => tables.created(w, { ...tables.columns(w), ...stamp }))
      )
  for (const { current, next } of decision.correct) {
    const old = (await tables.load(current.id))!
    const replacement = {
      correctionReason: options.reason!,
      replacedBy: actor.userId,
      replacedAt: now,
    }
    await tx.insert(tables.history).values(tables.archived(old, replacement))
    await tx
      .update(tables.records)
      .set({ ...tables.columns(next), ...stamp, version: old.version + 1 })
      .where(eq(tables.id, current.id))
  }
  await recordAudit(tx, recorderContext(actor, trial, now), decision.audit)
  return result
}

/**
 * Entries read from a CSV file or a JSON list: those that parse, and the problems of those that do
 * not (every row is read, so all are listed at once). Refused at once when there is no entry at all.
 */
export function parseEntries<E>(
  body: string | readonly unknown[],
  format: 'csv' | 'json',
  schema: z.ZodType<E>
): { entries: Array<{ row: number; index: number; value: E }>; problems: RowProblem[] } {
  const parsed = readEntries(body, format, schema)
  if (!parsed.entries.length && !parsed.problems.length)
    refuseRows([
      {
        row: 1,
        pointer: '/entries',
        field: 'entries',
        code: 'empty',
        detail: 'There are no entries to record',
      },
    ])
  return parsed
}

/**
 * Runs `decide` (a dry run of the parsed rows) only to collect its refusals, then refuses the batch
 * with the malformed rows and those refusals together, by row: one answer lists every problem.
 */
export async function refuseWithDecided(
  problems: readonly RowProblem[],
  decide: () => Promise<unknown>
): Promise<never> {
  const decided = await decide().then(
    () => [],
    (err: unknown) => {
      if (err instanceof RecordsRefusedError) return err.problems
      throw err
    }
  )
  return refuseRows([...problems, ...decided].sort((a, b) => a.row - b.row))
}

function refuseRows(problems: RowProblem[]): never {
  throw new RecordsRefusedError(
    `${new Set(problems.map((p) => p.row)).size} row(s) refused; nothing was recorded`,
    problems
  )
}

const screeningOut = (r: typeof screeningRecords.$inferSelect) => ({
  id: r.id,
  week: r.week,
  household: r.household,
  assessed_on: r.assessedOn,
  reason: r.reason,
  detail: r.detail,
  count: r.count,
  version: r.version,
  source: r.source,
  recorded_by: r.recordedBy,
  recorded_at: r.recordedAt.toISOString(),
})

/**
 * Records screening-log entries, all or none: pseudonymises references, decides
 * (`decideRecordScreening`), writes new records and corrections (the previous row to the history),
 * and audits, in the caller's transaction.
 */
export async function recordScreening(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  pseudonymKey: string,
  entries: ReadonlyArray<{ row: number; index: number; value: ScreeningEntryInput }>,
  options: RecordOptions
) {
  const held = await tx
    .select()
    .from(screeningRecords)
    .where(eq(screeningRecords.trialId, trial.id))
  const current = new Map<string, CurrentScreening>(
    held.map((r) => [
      r.key,
      {
        id: r.id,
        key: r.key,
        week: r.week,
        household: r.household,
        assessed_on: r.assessedOn,
        reason: r.reason,
        detail: r.detail,
        count: r.count,
        version: r.version,
      },
    ])
  )
  const enrolled = new Set(
    (
      await tx
        .select({ household: enrolments.household })
        .from(enrolments)
        .where(eq(enrolments.trialId, trial.id))
    ).map((r) => r.household)
  )
  const decision = decideRecordScreening(
    {
      id: trial.id,
      councilId: trial.councilId,
      status: trial.status,
      recruitmentStartedOn: trial.recruitingAt ? day(trial.recruitingAt) : null,
      today: day(now),
      enrolled,
      current,
    },
    entries.map(({ row, index, value }) => {
      const household =
        value.household ??
        (value.household_ref
          ? pseudonymise(pseudonymKey, trial.councilId, value.household_ref)
          : undefined)
      return {
        row,
        index,
        reason: value.reason,
        ...(household ? { household } : {}),
        ...(value.assessed_on ? { assessed_on: value.assessed_on } : {}),
        ...(value.week ? { week: value.week } : {}),
        ...(value.count !== undefined ? { count: value.count } : {}),
        ...(value.detail ? { detail: value.detail } : {}),
      }
    }),
    correctionOptions(options)
  )
  const columns = (w: ScreeningWrite) => ({
    week: w.week,
    assessedOn: w.assessed_on,
    reason: w.reason,
    detail: w.detail,
    count: w.count,
  })
  const batch = { tx, trial, actor, now, rows: entries.length, options, decision }
  return persistRecords(batch, {
    records: screeningRecords,
    id: screeningRecords.id,
    columns,
    history: screeningHistory,
    load: async (id) =>
      (await tx.select().from(screeningRecords).where(eq(screeningRecords.id, id)))[0],
    created: (w, stored) => ({ ...stored, trialId: trial.id, key: w.key, household: w.household }),
    archived: ({ id, trialId: _trial, key: _key, household: _household, ...kept }, replaced) => ({
      ...kept,
      ...replaced,
      screeningId: id,
    }),
  })
}

/** The screening log of a trial: every current record, with totals by reason and by ISO week. */
export async function screeningLog(db: Executor, trialId: string) {
  const rows = await db
    .select()
    .from(screeningRecords)
    .where(eq(screeningRecords.trialId, trialId))
    .orderBy(asc(screeningRecords.week), asc(screeningRecords.reason), asc(screeningRecords.key))
  const byReason: Record<ScreeningReason, number> = { not_eligible: 0, declined: 0, other: 0 }
  const byWeek = new Map<string, Record<ScreeningReason, number>>()
  for (const r of rows) {
    byReason[r.reason] = (byReason[r.reason] ?? 0) + r.count
    const w = byWeek.get(r.week) ?? { not_eligible: 0, declined: 0, other: 0 }
    w[r.reason] = (w[r.reason] ?? 0) + r.count
    byWeek.set(r.week, w)
  }
  return {
    total: Object.values(byReason).reduce((a, b) => a + b, 0),
    by_reason: byReason,
    by_week: [...byWeek.entries()].map(([week, counts]) => ({ week, ...counts })),
    records: rows.map(screeningOut),
  }
}

/** One screening record and every superseded version of it, newest first. */
export async function screeningRecordHistory(db: Executor, trialId: string, recordId: string) {
  const [current] = await db
    .select()
    .from(screeningRecords)
    .where(and(eq(screeningRecords.trialId, trialId), eq(screeningRecords.id, recordId)))
  if (!current) throw notFound(`screening record ${recordId}`)
  const past = await db
    .select()
    .from(screeningHistory)
    .where(eq(screeningHistory.screeningId, current.id))
    .orderBy(desc(screeningHistory.version))
  return {
    current: screeningOut(current),
    history: past.map((h) => ({
      version: h.version,
      week: h.week,
      assessed_on: h.assessedOn,
      reason: h.reason,
      detail: h.detail,
      count: h.count,
      source: h.source,
      recorded_by: h.recordedBy,
      recorded_at: h.recordedAt.toISOString(),
      correction_reason: h.correctionReason,
      replaced_by: h.replacedBy,
      replaced_at: h.replacedAt.toISOString(),
    })),
  }
}

/**
 * Each enrolment's primary outcome anchor date: its randomisation instant, or the recorded date of
 * the anchor event (observation kind `anchor`) when the primary outcome counts from another event.
 */
async function primaryAnchorDates(db: Executor, trial: RegisteredTrial) {
  const anchor = trial.protocol.primary_outcome.time_point.anchor
  const units = await db
    .select({ id: enrolments.id, enrolledAt: enrolments.enrolledAt })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
  if (anchor === 'randomisation')
    return new Map(units.map((u) => [u.id, u.enrolledAt as Date | null]))
  const recorded = await db
    .select({ unitId: observations.enrolmentId, value: observations.valueText })
    .from(observations)
    .where(and(eq(observations.trialId, trial.id), eq(observations.variable, anchor)))
  const dates = new Map(
    recorded
      .filter((r) => r.value && !Number.isNaN(new Date(r.value).getTime()))
      .map((r) => [r.unitId, new Date(r.value!)])
  )
  return new Map(units.map((u) => [u.id, dates.get(u.id) ?? null]))
}

/** The enrolled households of a trial as adherence decisions need them, keyed by pseudonym. */
async function adherenceUnits(db: Executor, trial: RegisteredTrial) {
  const { protocol } = trial
  const anchors = protocol.waitlist
    ? await primaryAnchorDates(db, trial)
    : new Map<string, Date | null>()
  const rows = await db
    .select({
      id: enrolments.id,
      household: enrolments.household,
      arm: enrolments.arm,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
  const control = protocol.arms.find((a) => a.control)?.name ?? ''
  return new Map<string, AdherenceUnit>(
    rows.map((r) => {
      const anchor = anchors.get(r.id) ?? null
      const offer = r.arm === control && anchor ? delayedOfferDate(protocol, anchor) : null
      return [
        r.household,
        {
          enrolmentId: r.id,
          arm: r.arm,
          enrolledOn: day(r.enrolledAt),
          delayedOfferFrom: offer ? day(offer) : null,
        },
      ]
    })
  )
}

/**
 * Records adherence entries, all or none: pseudonymises references, decides
 * (`decideRecordAdherence`), writes new records and corrections (the previous row to the history),
 * and audits, in the caller's transaction.
 */
export async function recordAdherence(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  pseudonymKey: string,
  entries: ReadonlyArray<{ row: number; index: number; value: AdherenceEntryInput }>,
  options: RecordOptions
) {
  const reported = registered(trial)
  const { protocol } = reported
  const units = await adherenceUnits(tx, reported)
  const held = await tx
    .select()
    .from(adherenceRecords)
    .where(eq(adherenceRecords.trialId, trial.id))
  const current = new Map<string, CurrentAdherence>(
    held.map((r) => [
      r.enrolmentId,
      {
        id: r.id,
        enrolmentId: r.enrolmentId,
        status: r.status,
        reason: r.reason,
        date: r.occurredOn,
        delayed_offer_on: r.delayedOfferOn,
        version: r.version,
      },
    ])
  )
  const decision = decideRecordAdherence(
    {
      id: trial.id,
      councilId: trial.councilId,
      status: trial.status,
      today: day(now),
      controlArm: protocol.arms.find((a) => a.control)?.name ?? '',
      waitlist: protocol.waitlist !== undefined,
      units,
      current,
    },
    entries.map(({ row, index, value }) => ({
      row,
      index,
      household:
        value.household ?? pseudonymise(pseudonymKey, trial.councilId, value.household_ref!),
      status: value.status,
      date: value.date,
      ...(value.reason ? { reason: value.reason } : {}),
      ...(value.delayed_offer_on ? { delayed_offer_on: value.delayed_offer_on } : {}),
    })),
    correctionOptions(options)
  )
  const columns = (w: AdherenceWrite) => ({
    status: w.status,
    reason: w.reason,
    occurredOn: w.date,
    delayedOfferOn: w.delayed_offer_on,
  })
  const batch = { tx, trial, actor, now, rows: entries.length, options, decision }
  return persistRecords(batch, {
    records: adherenceRecords,
    id: adherenceRecords.id,
    columns,
    history: adherenceHistory,
    load: async (id) =>
      (await tx.select().from(adherenceRecords).where(eq(adherenceRecords.id, id)))[0],
    created: (w, stored) => ({ ...stored, trialId: trial.id, enrolmentId: w.enrolmentId }),
    archived: ({ id, trialId: _trial, enrolmentId: _enrolment, ...kept }, replaced) => ({
      ...kept,
      ...replaced,
      adherenceId: id,
    }),
  })
}

const adherenceOut = (r: typeof adherenceRecords.$inferSelect, household: string, arm: string) => ({
  household,
  arm,
  status: r.status,
  reason: r.reason,
  date: r.occurredOn,
  delayed_offer_on: r.delayedOfferOn,
  version: r.version,
  source: r.source,
  recorded_by: r.recordedBy,
  recorded_at: r.recordedAt.toISOString(),
})

/** Adherence of a trial: each enrolled household's current record, with counts by arm and status. */
export async function adherenceList(db: Executor, trialId: string) {
  const rows = await db
    .select({ record: adherenceRecords, household: enrolments.household, arm: enrolments.arm })
    .from(adherenceRecords)
    .innerJoin(enrolments, eq(enrolments.id, adherenceRecords.enrolmentId))
    .where(eq(adherenceRecords.trialId, trialId))
    .orderBy(asc(enrolments.sequence))
  const byArm: Record<string, Record<string, number>> = {}
  for (const r of rows) {
    const arm = (byArm[r.arm] ??= {})
    arm[r.record.status] = (arm[r.record.status] ?? 0) + 1
  }
  return {
    by_arm: byArm,
    records: rows.map((r) => adherenceOut(r.record, r.household, r.arm)),
  }
}

/**
 * One household's adherence record and every superseded version, newest first. The household is
 * named by its pseudonym (`householdInPath` resolves a case reference to it).
 */
export async function householdAdherence(
  db: Executor,
  trialId: string,
  { pseudonym: household, name }: HouseholdInPath
) {
  const [row] = await db
    .select({ record: adherenceRecords, household: enrolments.household, arm: enrolments.arm })
    .from(adherenceRecords)
    .innerJoin(enrolments, eq(enrolments.id, adherenceRecords.enrolmentId))
    .where(and(eq(adherenceRecords.trialId, trialId), eq(enrolments.household, household)))
  if (!row) throw notFound(`an adherence record for ${name}`)
  const past = await db
    .select()
    .from(adherenceHistory)
    .where(eq(adherenceHistory.adherenceId, row.record.id))
    .orderBy(desc(adherenceHistory.version))
  return {
    current: adherenceOut(row.record, row.household, row.arm),
    history: past.map((h) => ({
      version: h.version,
      status: h.status,
      reason: h.reason,
      date: h.occurredOn,
      delayed_offer_on: h.delayedOfferOn,
      source: h.source,
      recorded_by: h.recordedBy,
      recorded_at: h.recordedAt.toISOString(),
      correction_reason: h.correctionReason,
      replaced_by: h.replacedBy,
      replaced_at: h.replacedAt.toISOString(),
    })),
  }
}

/** Waitlist trials: when each control household becomes eligible for the delayed offer, and whether it was made. */
export async function waitlistOf(db: Executor, trial: RegisteredTrial, now: Date) {
  const { protocol } = trial
  if (!protocol.waitlist) return null
  const control = protocol.arms.find((a) => a.control)!.name
  const anchors = await primaryAnchorDates(db, trial)
  const rows = await db
    .select({
      id: enrolments.id,
      household: enrolments.household,
      offered: adherenceRecords.delayedOfferOn,
    })
    .from(enrolments)
    .leftJoin(adherenceRecords, eq(adherenceRecords.enrolmentId, enrolments.id))
    .where(and(eq(enrolments.trialId, trial.id), eq(enrolments.arm, control)))
    .orderBy(asc(enrolments.sequence))
  return waitlistProgress(
    protocol,
    rows.map((r) => ({
      household: r.household,
      anchor: anchors.get(r.id) ?? null,
      offeredOn: r.offered,
    })),
    now
  )
}
