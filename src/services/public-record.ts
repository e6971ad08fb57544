import { asc, eq } from 'drizzle-orm'
import { visibleSeed } from '../../trials/protocol'
import { registeredProtocol } from '../../trials/commands'
import { sealedParameters, type RegistrationBody } from '../../trials/registration-record'
import type { Executor } from '../db/client'
import { councils, interventions, protocolVersions, trials } from '../db/schema'
import { conflict, notFound } from '../problem'
import { ledgerEntries, ledgerHead } from './ledger'
import { outcomesFirstSeen } from './trials'

/** A registered trial with its council and intervention names, or 404 (drafts are not public). */
async function loadRegistered(db: Executor, id: string) {
  const [r] = await db
    .select({ trial: trials, council: councils.name, intervention: interventions.name })
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .innerJoin(interventions, eq(interventions.id, trials.interventionId))
    .where(eq(trials.id, id))
  if (!r || !r.trial.registeredAt || r.trial.registration === null)
    throw notFound(`registered trial ${id}`)
  return r
}

/**
 * The public registration record of a trial (`GET /registry/{id}/record.json`): the hashed registration
 * (public protocol, algorithm, engine identity, seed commitment), every protocol version with whether
 * outcomes had been seen when it was made, the seed and sealed block sizes once revealed, and the ledger head.
 */
export async function publicRecord(db: Executor, id: string) {
  const { trial, council, intervention } = await loadRegistered(db, id)
  const revealed = visibleSeed(trial) !== null
  const body = trial.registration!
  const versions = await db
    .select()
    .from(protocolVersions)
    .where(eq(protocolVersions.trialId, id))
    .orderBy(asc(protocolVersions.version))
  const sealed = revealed ? sealedParameters(registeredProtocol(trial), body, trial.seed!) : null
  return {
    format: 'trialworks-record/1' as const,
    trial_id: trial.id,
    title: trial.title,
    council,
    intervention,
    status: trial.status,
    registered_at: trial.registeredAt!.toISOString(),
    closed_at: trial.closedAt?.toISOString() ?? null,
    registration: body,
    registration_hash: trial.registrationHash!,
    versions: versions.map((v) => ({
      version: v.version,
      protocol_hash: v.protocolHash,
      registration_hash: v.registrationHash,
      created_at: v.createdAt.toISOString(),
      deviation: v.deviation,
      outcomes_seen: v.outcomesSeen,
    })),
    outcomes_first_seen: outcomesFirstSeen(trial),
    seed: revealed ? trial.seed : null,
    sealed,
    ledger: await ledgerHead(db, trial),
  }
}

/**
 * The public allocation ledger (`GET /registry/{id}/allocations.json`), published once the seed is revealed,
 * with copies of the registration fields it was made under. Pseudonymous households and only the unit fields
 * the randomisation reads: no other baseline value and no case reference.
 */
export async function publicLedger(db: Executor, id: string) {
  const { trial } = await loadRegistered(db, id)
  if (visibleSeed(trial) === null)
    throw conflict(
      'not-closed',
      'the allocation ledger is published once the seed is revealed at close; until then its head is on the registry page',
      { trial_status: trial.status }
    )
  const body = trial.registration!
  const head = await ledgerHead(db, trial)
  return {
    format: 'trialworks-ledger/1' as const,
    trial_id: trial.id,
    registration_hash: trial.registrationHash!,
    protocol_hash: body.protocol_hash,
    algorithm: body.algorithm,
    engine: body.engine,
    seed_commitment: body.seed_commitment,
    head: head.head,
    entries: await ledgerEntries(db, trial.id),
  }
}
