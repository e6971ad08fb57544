import { and, asc, desc, eq } from 'drizzle-orm'
import { checkRecord, type ObservedValue } from '../../trials/data'
import { decideRecord, householdRecordAudit, registeredProtocol } from '../../trials/commands'
import { loadTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import { enrolments, observationHistory, observations, type trials } from '../db/schema'
import { ProblemError, notFound } from '../problem'
import { recordAudit, recorderContext } from './audit'
import type { RequestContext } from './context'
import { recordDataView } from './data-view'
import { householdInPath } from './pseudonym'
import {
  correctObservations,
  currentObservations,
  insertObservations,
  observationKey,
  sameValue,
  valueOut,
  type Recorder,
  type CurrentObservation,
  type NewObservation,
} from './observations'

type TrialRow = typeof trials.$inferSelect

/**
 * The enrolment of a household named by its pseudonym or by the council's own case reference
 * (pseudonymised here with the council's key, as at enrolment); an unknown one is not found. The
 * reference is never echoed: messages and responses name the household by its pseudonym.
 */
async function findEnrolment(
  db: Executor,
  trial: { id: string; councilId: string },
  household: string,
  pseudonymKey: string
) {
  const { pseudonym, name } = householdInPath(pseudonymKey, trial.councilId, household)
  const [row] = await db
    .select({ id: enrolments.id, household: enrolments.household })
    .from(enrolments)
    .where(and(eq(enrolments.trialId, trial.id), eq(enrolments.household, pseudonym)))
  if (!row) throw notFound(`${name} in this trial`)
  return row
}

const observationOut = (o: typeof observations.$inferSelect) => ({
  variable: o.variable,
  kind: o.kind,
  ...valueOut(o),
  version: o.version,
  source: o.source,
  recorded_by: o.recordedBy,
  recorded_at: o.recordedAt.toISOString(),
})

/** Current observations of one household, in variable order. */
async function householdObservations(db: Executor, trialId: string, enrolmentId: string) {
  const rows = await db
    .select()
    .from(observations)
    .where(and(eq(observations.trialId, trialId), eq(observations.enrolmentId, enrolmentId)))
    .orderBy(asc(observations.variable))
  return rows.map(observationOut)
}

/** One variable of one household: its current value and every superseded one, newest first. */
async function observationHistoryOf(
  db: Executor,
  trialId: string,
  enrolmentId: string,
  variable: string
) {
  const [current] = await db
    .select()
    .from(observations)
    .where(
      and(
        eq(observations.trialId, trialId),
        eq(observations.enrolmentId, enrolmentId),
        eq(observations.variable, variable)
      )
    )
  if (!current) throw notFound(`a recorded ${variable} for this household`)
  const past = await db
    .select()
    .from(observationHistory)
    .where(eq(observationHistory.observationId, current.id))
    .orderBy(desc(observationHistory.version))
  return {
    current: observationOut(current),
    history: past.map((h) => ({
      version: h.version,
      ...valueOut(h),
      source: h.source,
      recorded_by: h.recordedBy,
      recorded_at: h.recordedAt.toISOString(),
      reason: h.reason,
      replaced_by: h.replacedBy,
      replaced_at: h.replacedAt.toISOString(),
    })),
  }
}

/**
 * Records one household's values. A new variable is created; a value equal to the current one is
 * left alone (so repeating the request changes nothing); a different value is a correction and
 * needs `reason`, which is kept with the previous value in the history.
 */
async function recordHousehold(
  tx: Executor,
  trial: TrialRow,
  actor: Recorder,
  now: Date,
  householdParam: string,
  pseudonymKey: string,
  values: Record<string, unknown>,
  reason: string | undefined
) {
  const enrolment = await findEnrolment(tx, trial, householdParam, pseudonymKey)
  const household = enrolment.household
  const { entries, problems } = checkRecord(registeredProtocol(trial), values)
  decideRecord(
    trial,
    entries.map((e) => e.variable.kind)
  )
  if (problems.length) {
    throw new ProblemError(
      422,
      'validation-failed',
      `${problems.length} problem(s) in the values; nothing was recorded`,
      {
        errors: problems.map((p) => ({
          pointer: `/values/${p.field}`,
          detail: p.detail,
          code: p.code,
        })),
      }
    )
  }
  const current = await currentObservations(
    tx,
    trial.id,
    entries.map((e) => e.variable.name),
    enrolment.id
  )
  const fresh: NewObservation[] = []
  const corrections: Array<{ current: CurrentObservation; value: ObservedValue }> = []
  const changes: Record<string, 'created' | 'corrected' | 'unchanged'> = {}
  for (const { variable, value } of entries) {
    const existing = current.get(observationKey(enrolment.id, variable.name))
    if (!existing) {
      fresh.push({ enrolmentId: enrolment.id, kind: variable.kind, variable: variable.name, value })
      changes[variable.name] = 'created'
    } else if (sameValue(existing, value)) changes[variable.name] = 'unchanged'
    else {
      corrections.push({ current: existing, value })
      changes[variable.name] = 'corrected'
    }
  }
  if (corrections.length && !reason) {
    throw new ProblemError(
      422,
      'reason-required',
      `changing a recorded value needs a reason (${corrections.map((c) => c.current.variable).join(', ')}); nothing was recorded`,
      {
        errors: [
          {
            pointer: '/reason',
            detail: 'give the reason for the correction',
            code: 'reason-required',
          },
        ],
      }
    )
  }
  await insertObservations(tx, trial.id, actor, now, 'api', fresh)
  if (corrections.length) await correctObservations(tx, actor, now, 'api', reason!, corrections)
  await recordAudit(
    tx,
    recorderContext(actor, trial, now),
    householdRecordAudit(trial, { household, changes, reason })
  )
  const after = await householdObservations(tx, trial.id, enrolment.id)
  return { household, changes, observations: after.filter((o) => o.variable in changes) }
}

/** Records values of one household of a trial the caller may record in, in one transaction. */
export async function recordHouseholdValues(
  rc: RequestContext,
  trialId: string,
  household: string,
  body: { values: Record<string, unknown>; reason?: string | undefined }
) {
  const actor = { userId: rc.principal.userId, requestId: rc.actor.requestId ?? '' }
  return rc.db.transaction(async (tx) => {
    const trial = await loadTrial(tx, rc.principal, trialId, 'record', { forUpdate: true })
    const { pseudonymKey } = rc.config
    return recordHousehold(
      tx,
      trial,
      actor,
      rc.actor.at,
      household,
      pseudonymKey,
      body.values,
      body.reason
    )
  })
}

/** A household of a trial the caller can read, by pseudonym or case reference. */
async function readableEnrolment(rc: RequestContext, trialId: string, household: string) {
  const trial = await loadTrial(rc.db, rc.principal, trialId, 'read')
  return { trial, enrolment: await findEnrolment(rc.db, trial, household, rc.config.pseudonymKey) }
}

/**
 * The current values of one household of a trial the caller can read. Reading them is a view of household-level
 * data: audited by role, and it stamps when outcomes were first seen if it shows one (`decideViewData`).
 */
export async function householdValues(rc: RequestContext, trialId: string, household: string) {
  const { trial, enrolment } = await readableEnrolment(rc, trialId, household)
  return rc.db.transaction(async (tx) => {
    const shown = await householdObservations(tx, trial.id, enrolment.id)
    const kinds = new Set(shown.map((o) => o.kind))
    await recordDataView(tx, rc.actor, trial, {
      kind: 'download',
      what: 'household observations',
      data: (['baseline', 'outcome'] as const).filter((k) => kinds.has(k)),
      rows: 1,
      outcomesRecorded: shown.filter((o) => o.kind === 'outcome').length,
    })
    return { household: enrolment.household, observations: shown }
  })
}

/** One variable's current and superseded values for one household of a trial the caller can read. */
export async function householdValueHistory(
  rc: RequestContext,
  trialId: string,
  household: string,
  variable: string
) {
  const { trial, enrolment } = await readableEnrolment(rc, trialId, household)
  return observationHistoryOf(rc.db, trial.id, enrolment.id, variable)
}
