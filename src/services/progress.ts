import { and, asc, eq, ne } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import { followUpProgress, outcomesDueInMonth } from '../../trials/data'
import { stratumLabel } from '../../trials/dataset'
import type { Executor } from '../db/client'
import { enrolments, observations } from '../db/schema'
import type { TrialRow } from './trials'

/** Enrolled units and their follow-up observations (anchor dates included), as progress counts them. */
export async function followUpInputs(db: Executor, trialId: string) {
  const units = await db
    .select({
      id: enrolments.id,
      arm: enrolments.arm,
      stratum: enrolments.stratum,
      enrolledAt: enrolments.enrolledAt,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trialId))
    .orderBy(asc(enrolments.sequence))
  const recorded = await db
    .select({
      unitId: observations.enrolmentId,
      variable: observations.variable,
      missingReason: observations.missingReason,
      kind: observations.kind,
      value: observations.valueText,
    })
    .from(observations)
    .where(and(eq(observations.trialId, trialId), ne(observations.kind, 'baseline')))
  return { units, recorded }
}

/**
 * Recruitment against target and follow-up of each outcome and process measure at `now`, and the
 * outcome values falling due in the UTC calendar month of `now`.
 */
export async function progressOf(db: Executor, trial: TrialRow, now: Date) {
  const { units, recorded } = await followUpInputs(db, trial.id)
  const protocol = registeredProtocol(trial)
  const labelled = units.map((u) => ({ ...u, stratum: stratumLabel(u.stratum) }))
  const p = followUpProgress(protocol, labelled, recorded, now)
  const month = outcomesDueInMonth(protocol, labelled, recorded, now)
  return {
    trial_id: trial.id,
    status: trial.status,
    as_of: now.toISOString(),
    enrolment: {
      enrolled: p.enrolled,
      target: p.target,
      by_arm: p.byArm,
      by_stratum: p.byStratum.map((s) => ({
        stratum: s.stratum,
        enrolled: s.enrolled,
        by_arm: s.byArm,
      })),
    },
    measures: p.measures.map((m) => ({
      name: m.name,
      kind: m.kind,
      anchor: m.anchor,
      offset: m.offset,
      received: m.received,
      missing: m.missing,
      missing_total: m.missingTotal,
      outstanding: m.outstanding,
      not_yet_due: m.notYetDue,
      awaiting_anchor_date: m.awaitingAnchorDate,
      due: m.due,
    })),
    due_this_month: {
      from: month.from.toISOString(),
      to: month.to.toISOString(),
      total: month.total,
      by_measure: month.byMeasure,
    },
  }
}
