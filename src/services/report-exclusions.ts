import { and, asc, desc, eq } from 'drizzle-orm'
import {
  decideRecordExclusion,
  registeredProtocol,
  type CurrentExclusion,
  type ExclusionWrite,
} from '../../trials/commands'
import type { ExclusionEntryInput } from '../../trials/report'
import type { Executor } from '../db/client'
import { analysisExclusionHistory, analysisExclusions, enrolments, type trials } from '../db/schema'
import { notFound } from '../problem'
import type { Recorder } from './observations'
import { pseudonymise, type HouseholdInPath } from './pseudonym'
import { correctionOptions, persistRecords, type RecordOptions } from './report-records'

type TrialRow = typeof trials.$inferSelect
const day = (d: Date) => d.toISOString().slice(0, 10)

/**
 * Records post-randomisation exclusions, all or none: pseudonymises references, decides
 * (`decideRecordExclusion`), writes new records and corrections (the previous row to the history),
 * and audits, in the caller's transaction.
 */
export async function recordExclusions(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  pseudonymKey: string,
  entries: ReadonlyArray<{ row: number; index: number; value: ExclusionEntryInput }>,
  options: RecordOptions
) {
  const units = await tx
    .select({ id: enrolments.id, household: enrolments.household, at: enrolments.enrolledAt })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
  const held = await tx
    .select()
    .from(analysisExclusions)
    .where(eq(analysisExclusions.trialId, trial.id))
  const decision = decideRecordExclusion(
    {
      id: trial.id,
      councilId: trial.councilId,
      status: trial.status,
      today: day(now),
      criteria: new Set([
        ...registeredProtocol(trial).eligibility.inclusion,
        ...registeredProtocol(trial).eligibility.exclusion,
      ]),
      units: new Map(units.map((u) => [u.household, { enrolmentId: u.id, enrolledOn: day(u.at) }])),
      current: new Map<string, CurrentExclusion>(
        held.map((r) => [
          r.enrolmentId,
          {
            id: r.id,
            enrolmentId: r.enrolmentId,
            reason: r.reason,
            date: r.excludedOn,
            criterion: r.ineligibleCriterion,
            version: r.version,
          },
        ])
      ),
    },
    entries.map(({ row, index, value }) => ({
      row,
      index,
      household:
        value.household ?? pseudonymise(pseudonymKey, trial.councilId, value.household_ref!),
      reason: value.reason,
      date: value.date,
      ...(value.criterion !== undefined ? { criterion: value.criterion } : {}),
    })),
    correctionOptions(options)
  )
  const columns = (w: ExclusionWrite) => ({
    reason: w.reason,
    excludedOn: w.date,
    ineligibleCriterion: w.criterion,
  })
  const batch = { tx, trial, actor, now, rows: entries.length, options, decision }
  return persistRecords(batch, {
    records: analysisExclusions,
    id: analysisExclusions.id,
    columns,
    history: analysisExclusionHistory,
    load: async (id) =>
      (await tx.select().from(analysisExclusions).where(eq(analysisExclusions.id, id)))[0],
    created: (w, stored) => ({ ...stored, trialId: trial.id, enrolmentId: w.enrolmentId }),
    archived: ({ id, trialId: _trial, enrolmentId: _enrolment, ...kept }, replaced) => ({
      ...kept,
      ...replaced,
      exclusionId: id,
    }),
  })
}

/** A trial's post-randomisation exclusions, with counts by arm, and each one's corrections. */
export async function exclusionList(db: Executor, trialId: string) {
  const rows = await db
    .select({ record: analysisExclusions, household: enrolments.household, arm: enrolments.arm })
    .from(analysisExclusions)
    .innerJoin(enrolments, eq(enrolments.id, analysisExclusions.enrolmentId))
    .where(eq(analysisExclusions.trialId, trialId))
    .orderBy(asc(enrolments.sequence))
  const byArm: Record<string, number> = {}
  for (const r of rows) byArm[r.arm] = (byArm[r.arm] ?? 0) + 1
  return {
    by_arm: byArm,
    records: rows.map((r) => ({
      household: r.household,
      arm: r.arm,
      reason: r.record.reason,
      date: r.record.excludedOn,
      criterion: r.record.ineligibleCriterion,
      removes_from_analysis: r.record.ineligibleCriterion !== null,
      version: r.record.version,
      source: r.record.source,
      recorded_by: r.record.recordedBy,
      recorded_at: r.record.recordedAt.toISOString(),
    })),
  }
}

/**
 * One household's exclusion and every superseded version of it, newest first. The household is
 * named by its pseudonym (`householdInPath` resolves a case reference to it).
 */
export async function householdExclusion(
  db: Executor,
  trialId: string,
  { pseudonym: household, name }: HouseholdInPath
) {
  const [row] = await db
    .select({ record: analysisExclusions, arm: enrolments.arm })
    .from(analysisExclusions)
    .innerJoin(enrolments, eq(enrolments.id, analysisExclusions.enrolmentId))
    .where(and(eq(analysisExclusions.trialId, trialId), eq(enrolments.household, household)))
  if (!row) throw notFound(`an exclusion of ${name}`)
  const past = await db
    .select()
    .from(analysisExclusionHistory)
    .where(eq(analysisExclusionHistory.exclusionId, row.record.id))
    .orderBy(desc(analysisExclusionHistory.version))
  return {
    current: {
      household,
      arm: row.arm,
      reason: row.record.reason,
      date: row.record.excludedOn,
      version: row.record.version,
    },
    history: past.map((h) => ({
      version: h.version,
      reason: h.reason,
      date: h.excludedOn,
      source: h.source,
      recorded_by: h.recordedBy,
      recorded_at: h.recordedAt.toISOString(),
      correction_reason: h.correctionReason,
      replaced_by: h.replacedBy,
      replaced_at: h.replacedAt.toISOString(),
    })),
  }
}
