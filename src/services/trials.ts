import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { assertTransition, nextStates, permissions } from '../../trials/protocol/lifecycle'
import type { ProtocolProblem } from '../../trials/protocol/problems'
import type { Protocol } from '../../trials/protocol/schema'
import { CURRENT_ALGORITHM } from '../../trials/randomisation'
import {
  protocolView,
  registrationBody,
  sealedParameters,
  type RegistrationBody,
} from '../../trials/registration-record'
import { validateForRegistration } from '../../trials/protocol/validate'
import type { Executor } from '../db/client'
import { councils, protocolVersions, trials } from '../db/schema'
import { ProblemError } from '../problem'
import { audit } from './audit'

type TrialRow = typeof trials.$inferSelect

/** A trial as the API shows it. The seed appears only once recruitment has closed. */
export function trialOut(t: TrialRow) {
  return {
    id: t.id,
    council_id: t.councilId,
    intervention_id: t.interventionId,
    title: t.title,
    status: t.status,
    allowed_transitions: [...nextStates(t.status)],
    protocol: protocolView(
      t.protocol,
      t.registration as { protocol: Record<string, unknown> } | null
    ),
    protocol_version: t.protocolVersion,
    protocol_hash: t.protocolHash,
    seed_commitment: t.seedCommitment,
    seed: permissions(t.status).seedRevealed ? t.seed : null,
    /** Parameters sealed in the registered protocol (block sizes), published with the seed. */
    sealed:
      permissions(t.status).seedRevealed && t.registration !== null && t.seed !== null
        ? sealedParameters(t.protocol as Protocol, t.registration as RegistrationBody, t.seed)
        : null,
    registration_hash: t.registrationHash,
    created_at: t.createdAt.toISOString(),
    updated_at: t.updatedAt.toISOString(),
    registered_at: t.registeredAt?.toISOString() ?? null,
    recruiting_at: t.recruitingAt?.toISOString() ?? null,
    closed_at: t.closedAt?.toISOString() ?? null,
  }
}

/** A fresh randomisation seed: 256 bits from the platform CSPRNG, as 64 lowercase hex digits. */
export function drawSeed(): string {
  return randomBytes(32).toString('hex')
}

/** Protocol problems as RFC 9457 field problems (pointers into the protocol document). */
export function protocolProblem(detail: string, problems: ProtocolProblem[]): ProblemError {
  const errors = problems
    .filter((p) => p.severity === 'error')
    .map((p) => ({ pointer: `/protocol${p.path}`, detail: p.message, code: p.code }))
  const warnings = problems
    .filter((p) => p.severity === 'warning')
    .map((p) => ({ pointer: `/protocol${p.path}`, detail: p.message, code: p.code }))
  return new ProblemError(422, 'protocol-invalid', detail, { errors, warnings })
}

export type { Protocol }

/**
 * Registers a draft (the caller holds its row lock): validates the protocol fully, checks it
 * names the trial's intervention and council, draws the seed (CSPRNG; no one chooses it) and writes
 * the registration record: the public protocol (block sizes sealed with the seed), the algorithm
 * and the engine identity, hashed whole, with the seed commitment. Version 1 is stored with it.
 */
export async function registerTrial(
  tx: Executor,
  trial: TrialRow,
  actor: { userId: string; requestId?: string },
  now: Date,
  engine: string,
  seed: string = drawSeed()
) {
  assertTransition(trial.status, 'registered')
  const result = validateForRegistration(trial.protocol)
  if (!result.ok)
    throw protocolProblem(
      `the protocol cannot be registered: ${result.problems.filter((x) => x.severity === 'error').length} problem(s)`,
      result.problems
    )
  const protocol = result.protocol
  const [council] = await tx.select().from(councils).where(eq(councils.id, trial.councilId))
  const shellProblems: ProtocolProblem[] = [
    ...(protocol.intervention.id !== trial.interventionId
      ? [
          {
            path: '/intervention/id',
            code: 'intervention-mismatch',
            message: `must be the trial's intervention ${trial.interventionId}`,
            severity: 'error' as const,
          },
        ]
      : []),
    ...(!protocol.councils.some((x) => x.code === council!.code)
      ? [
          {
            path: '/councils',
            code: 'lead-council-missing',
            message: `must include the registering council ${council!.name} (${council!.code})`,
            severity: 'error' as const,
          },
        ]
      : []),
  ]
  if (shellProblems.length)
    throw protocolProblem('the protocol cannot be registered', shellProblems)
  const registration = registrationBody({
    trialId: trial.id,
    version: 1,
    protocol,
    algorithm: CURRENT_ALGORITHM,
    engine,
    seed,
  })
  const hash = registration.body.protocol_hash
  const [row] = await tx
    .update(trials)
    .set({
      status: 'registered',
      protocol,
      title: protocol.title,
      protocolVersion: 1,
      protocolHash: hash,
      seed,
      seedCommitment: registration.body.seed_commitment,
      registration: registration.body,
      registrationHash: registration.hash,
      registeredAt: now,
      updatedAt: now,
    })
    .where(eq(trials.id, trial.id))
    .returning()
  await tx.insert(protocolVersions).values({
    trialId: trial.id,
    version: 1,
    protocol,
    protocolHash: hash,
    registrationHash: registration.hash,
    outcomesSeen: false,
    reason: 'registration',
    authorId: actor.userId,
    createdAt: now,
  })
  await audit(tx, {
    at: now,
    actorId: actor.userId,
    councilId: trial.councilId,
    action: 'trial.register',
    entityType: 'trial',
    entityId: trial.id,
    requestId: actor.requestId,
    detail: {
      protocol_hash: hash,
      registration_hash: registration.hash,
      engine,
      seed_supplied: false,
      warnings: result.problems,
    },
  })
  return row!
}
