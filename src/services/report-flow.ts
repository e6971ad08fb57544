import { and, eq, isNull } from 'drizzle-orm'
import { parseAnchorDate } from '../../trials/data'
import { consortFlow, type ConsortFlow } from '../../trials/report'
import type { RegisteredTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import {
  adherenceRecords,
  analysisExclusions,
  enrolments,
  observations,
  screeningRecords,
  type trials,
} from '../db/schema'

type TrialRow = RegisteredTrial

/** The CONSORT 2025 flow of a trial, from its records as they stand at `now`. */
export async function loadConsortFlow(
  db: Executor,
  trial: TrialRow,
  now: Date
): Promise<ConsortFlow> {
  const { protocol } = trial
  const screening = await db
    .select({
      reason: screeningRecords.reason,
      count: screeningRecords.count,
      detail: screeningRecords.detail,
    })
    .from(screeningRecords)
    .where(eq(screeningRecords.trialId, trial.id))
  const enrolled = await db
    .select({ id: enrolments.id, arm: enrolments.arm, enrolledAt: enrolments.enrolledAt })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
  const anchorRows = await db
    .select({
      unitId: observations.enrolmentId,
      event: observations.variable,
      value: observations.valueText,
    })
    .from(observations)
    .where(
      and(
        eq(observations.trialId, trial.id),
        eq(observations.kind, 'anchor'),
        isNull(observations.missingReason)
      )
    )
  const anchorDates = new Map<string, Record<string, Date>>()
  for (const r of anchorRows) {
    const date = parseAnchorDate(r.value)
    if (!date) continue
    anchorDates.set(r.unitId, { ...anchorDates.get(r.unitId), [r.event]: date })
  }
  const units = enrolled.map((u) => ({ ...u, anchorDates: anchorDates.get(u.id) }))
  const adherence = await db
    .select({
      unitId: adherenceRecords.enrolmentId,
      status: adherenceRecords.status,
      reason: adherenceRecords.reason,
      date: adherenceRecords.occurredOn,
    })
    .from(adherenceRecords)
    .where(eq(adherenceRecords.trialId, trial.id))
  const outcome = await db
    .select({
      unitId: observations.enrolmentId,
      variable: observations.variable,
      missingReason: observations.missingReason,
    })
    .from(observations)
    .where(and(eq(observations.trialId, trial.id), eq(observations.kind, 'outcome')))
  const exclusions = await db
    .select({
      unitId: analysisExclusions.enrolmentId,
      reason: analysisExclusions.reason,
      date: analysisExclusions.excludedOn,
      criterion: analysisExclusions.ineligibleCriterion,
    })
    .from(analysisExclusions)
    .where(eq(analysisExclusions.trialId, trial.id))
  return consortFlow({
    protocol,
    asOf: now,
    screening,
    units,
    adherence,
    exclusions,
    observations: outcome,
  })
}
