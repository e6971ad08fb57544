import { and, asc, desc, eq } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import { isPublic, visibleSeed } from '../../trials/protocol'
import { isUuid } from '../auth/scope'
import type { Executor } from '../db/client'
import {
  analysisRuns,
  auditEvents,
  councils,
  interventions,
  protocolVersions,
  trials,
} from '../db/schema'
import { notFound } from '../problem'
import { ledgerHead } from './ledger'
import { loadRatings, ratingOut } from './ratings'
import { outcomesFirstSeen } from './trials'

const registryColumns = {
  id: trials.id,
  title: trials.title,
  status: trials.status,
  protocol: trials.protocol,
  protocolHash: trials.protocolHash,
  seedCommitment: trials.seedCommitment,
  seed: trials.seed,
  registrationHash: trials.registrationHash,
  registeredAt: trials.registeredAt,
  protocolVersion: trials.protocolVersion,
  outcomesSeenAt: trials.outcomesSeenAt,
  outcomesSeenBy: trials.outcomesSeenBy,
  council: councils.name,
  intervention: interventions.name,
  interventionId: interventions.id,
}

const registryRows = (db: Executor) =>
  db
    .select(registryColumns)
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))

/** The public registry: every trial that was ever registered (a withdrawn draft never was), latest first. */
export async function registryList(db: Executor) {
  const rows = await registryRows(db)
    .orderBy(desc(trials.registeredAt))
    .then((all) => all.filter(isPublic))
  const interventionsListed = [...new Map(rows.map((r) => [r.interventionId, r.intervention]))]
  return { rows, interventions: interventionsListed }
}

/** The public registration record of one registered trial (404 for any other id). */
export async function registryRecord(db: Executor, id: string) {
  if (!isUuid(id)) throw notFound(`trial ${id}`)
  const [r] = await registryRows(db).where(eq(trials.id, id))
  if (!r || !isPublic(r)) throw notFound(`registered trial ${id}`)
  const record = {
    trial_id: r.id,
    title: r.title,
    council: r.council,
    intervention: r.intervention,
    status: r.status,
    protocol_version: r.protocolVersion,
    protocol_hash: r.protocolHash,
    seed_commitment: r.seedCommitment,
    registered_at: r.registeredAt?.toISOString() ?? null,
    registration_hash: r.registrationHash,
    ledger: await ledgerHead(db, r),
    outcomes_first_seen: outcomesFirstSeen(r),
  }
  return { trial: r, record }
}

/**
 * What the registry page shows of a registered trial beyond its record: its registered protocol,
 * versions, latest final planned analysis, withdrawal (when withdrawn) and latest rating.
 */
export async function registryDetails(
  db: Executor,
  trial: Awaited<ReturnType<typeof registryRecord>>['trial']
) {
  const versions = await db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.trialId, trial.id))
    .orderBy(asc(protocolVersions.version))
  const [run] = await db
    .select()
    .from(analysisRuns)
    .where(
      and(
        eq(analysisRuns.trialId, trial.id),
        eq(analysisRuns.kind, 'planned'),
        eq(analysisRuns.stage, 'final')
      )
    )
    .orderBy(desc(analysisRuns.createdAt))
    .limit(1)
  const [withdrawal] = await db
    .select({ detail: auditEvents.detail, at: auditEvents.at })
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.entityId, trial.id),
        eq(auditEvents.entityType, 'trial'),
        eq(auditEvents.action, 'trial.withdrawn')
      )
    )
    .limit(1)
  const [latest] = await loadRatings(db, [trial.id])
  const report = run?.report
  const protocol = registeredProtocol(trial)
  return {
    protocol,
    seed: visibleSeed(trial),
    versions,
    lateAmendments: versions.filter((v) => v.version > 1 && v.outcomesSeen).map((v) => v.version),
    run: run && report?.kind === 'planned' ? { ...run, report } : null,
    withdrawal: withdrawal
      ? { at: withdrawal.at, reason: String(withdrawal.detail?.reason ?? 'no reason given') }
      : null,
    rating: latest ? ratingOut(latest.rating, latest.decisions, protocol) : null,
  }
}
