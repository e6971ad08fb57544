import { asc, eq } from 'drizzle-orm'
import { buildAnalysisDataset, type AnalysisDataset } from '../../trials/dataset'
import type { Protocol } from '../../trials/protocol/schema'
import { visibleSeed } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { enrolments, observations, type trials } from '../db/schema'

/** Loads a trial's enrolments and current observations and shapes them into the analysis dataset. */
export async function loadAnalysisDataset(
  db: Executor,
  trial: typeof trials.$inferSelect
): Promise<AnalysisDataset> {
  const units = await db
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
  const obs = await db
    .select({
      enrolmentId: observations.enrolmentId,
      variable: observations.variable,
      valueNumber: observations.valueNumber,
      valueText: observations.valueText,
      missingReason: observations.missingReason,
    })
    .from(observations)
    .where(eq(observations.trialId, trial.id))
  const householdOf = new Map(units.map((u) => [u.id, u.household]))
  // Block numbers say where a block ends: withheld while the seed (and the block sizes) are secret.
  const revealed = visibleSeed(trial) !== null
  return buildAnalysisDataset(
    trial.protocol as Protocol,
    units.map((u) => ({
      id: u.household,
      arm: u.arm,
      stratum: u.stratum,
      block: revealed ? u.block : null,
      unit: u.unit as Record<string, unknown>,
    })),
    obs.map((o) => ({
      unitId: householdOf.get(o.enrolmentId)!,
      variable: o.variable,
      value: o.valueNumber ?? o.valueText,
      missingReason: o.missingReason,
    }))
  )
}
