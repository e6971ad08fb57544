import { and, eq, ne } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import { followUpProgress } from '../../trials/data'
import type { Executor } from '../db/client'
import { observations } from '../db/schema'
import { progressUnits, type TrialRow } from './trials'

/** Recruitment against target and follow-up of each outcome and process measure at `now`. */
export async function progressOf(db: Executor, trial: TrialRow, now: Date) {
  const units = await progressUnits(db, trial.id)
  const recorded = await db
    .select({
      unitId: observations.enrolmentId,
      variable: observations.variable,
      missingReason: observations.missingReason,
    })
    .from(observations)
    .where(and(eq(observations.trialId, trial.id), ne(observations.kind, 'baseline')))
  const p = followUpProgress(registeredProtocol(trial), units, recorded, now)
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
      offset: m.offset,
      due: m.due,
      not_yet_due: m.notYetDue,
      received: m.received,
      missing: m.missing,
      outstanding: m.outstanding,
    })),
  }
}
