import { asc, eq } from 'drizzle-orm'
import {
  buildAnalysisDataset,
  ittExclusions,
  outcomesRecorded,
  type AnalysisDataset,
} from '../../trials/dataset'
import { loadReportedTrial, type RegisteredTrial } from '../auth/scope'
import type { Protocol } from '../../trials/protocol'
import { visibleSeed } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { adherenceRecords, analysisExclusions, enrolments, observations } from '../db/schema'
import { takeUpFromAdherence, takeUpMeasures } from '../../trials/report'
import type { RequestContext } from './context'
import { recordDataView } from './data-view'

/** Loads a trial's enrolments and current observations and shapes them into the analysis dataset. */
export async function loadAnalysisDataset(
  db: Executor,
  trial: RegisteredTrial
): Promise<AnalysisDataset> {
  const enrolled = db
    .select({
      id: enrolments.id,
      household: enrolments.household,
      arm: enrolments.arm,
      stratum: enrolments.stratum,
      block: enrolments.block,
      unit: enrolments.unit,
    })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
  // Intention to treat (ittExclusions): only a household found ineligible at randomisation by a
  // registered criterion is left out; its allocation stays in the ledger and the flow diagram
  // counts it under its arm. Other recorded exclusions stay in the analysis.
  const excluded = ittExclusions(
    await db
      .select({
        unitId: analysisExclusions.enrolmentId,
        criterion: analysisExclusions.ineligibleCriterion,
      })
      .from(analysisExclusions)
      .where(eq(analysisExclusions.trialId, trial.id))
  )
  const units = (await enrolled).filter((u) => !excluded.has(u.id))
  const obs = (
    await db
      .select({
        enrolmentId: observations.enrolmentId,
        variable: observations.variable,
        valueNumber: observations.valueNumber,
        valueText: observations.valueText,
        missingReason: observations.missingReason,
      })
      .from(observations)
      .where(eq(observations.trialId, trial.id))
  ).filter((o) => !excluded.has(o.enrolmentId))
  const householdOf = new Map(units.map((u) => [u.id, u.household]))
  // Block numbers say where a block ends: withheld while the seed (and the block sizes) are secret.
  const revealed = visibleSeed(trial) !== null
  // A complier analysis reads take-up from the adherence records where none was recorded directly.
  const { protocol } = trial
  if (takeUpMeasures(protocol).length) {
    const adherence = await db
      .select({
        unitId: adherenceRecords.enrolmentId,
        arm: enrolments.arm,
        status: adherenceRecords.status,
      })
      .from(adherenceRecords)
      .innerJoin(enrolments, eq(enrolments.id, adherenceRecords.enrolmentId))
      .where(eq(adherenceRecords.trialId, trial.id))
    const recorded = new Set(obs.map((o) => `${o.enrolmentId}\u0000${o.variable}`))
    for (const t of takeUpFromAdherence(protocol, adherence, recorded))
      if (!excluded.has(t.unitId))
        obs.push({
          enrolmentId: t.unitId,
          variable: t.variable,
          valueNumber: t.value,
          valueText: null,
          missingReason: null,
        })
  }
  return buildAnalysisDataset(
    protocol,
    units.map((u) => ({
      id: u.household,
      arm: u.arm,
      stratum: u.stratum,
      block: revealed ? u.block : null,
      unit: u.unit,
    })),
    obs.map((o) => ({
      unitId: householdOf.get(o.enrolmentId)!,
      variable: o.variable,
      value: o.valueNumber ?? o.valueText,
      missingReason: o.missingReason,
    }))
  )
}

/**
 * The analysis dataset of a trial the caller can read, as downloaded: the download is recorded as a
 * sight of its baseline and outcome data (`recordDataView`) in the same transaction.
 */
export async function downloadDataset(rc: RequestContext, trialId: string) {
  return rc.db.transaction(async (tx) => {
    const trial = await loadReportedTrial(tx, rc.principal, trialId, 'read')
    const shown = await loadAnalysisDataset(tx, trial)
    await recordDataView(tx, rc.actor, trial, {
      kind: 'download',
      what: 'dataset.csv',
      data: ['baseline', 'outcome'],
      rows: shown.rows.length,
      outcomesRecorded: outcomesRecorded(trial.protocol, shown),
    })
    return { ...shown, trial }
  })
}
