import { randomBytes } from 'node:crypto'
import type { Protocol } from '../../trials/protocol/schema'
import type { ProtocolProblem } from '../../trials/protocol/problems'
import { nextStates, type TrialStatus } from '../../trials/protocol/lifecycle'
import type { trials } from '../db/schema'
import { ProblemError } from '../problem'

type TrialRow = typeof trials.$inferSelect

/** Statuses in which the seed has been revealed (recruitment is over). */
const SEED_REVEALED: ReadonlySet<TrialStatus> = new Set(['closed', 'analysed', 'rated'])

/** A trial as the API shows it. The seed appears only once recruitment has closed. */
export function trialOut(t: TrialRow) {
  return {
    id: t.id,
    council_id: t.councilId,
    intervention_id: t.interventionId,
    title: t.title,
    status: t.status,
    allowed_transitions: [...nextStates(t.status)],
    protocol: t.protocol as Record<string, unknown>,
    protocol_version: t.protocolVersion,
    protocol_hash: t.protocolHash,
    seed_commitment: t.seedCommitment,
    seed: SEED_REVEALED.has(t.status) ? t.seed : null,
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
  const errors = problems.filter((p) => p.severity === 'error').map((p) => ({ pointer: `/protocol${p.path}`, detail: p.message, code: p.code }))
  const warnings = problems.filter((p) => p.severity === 'warning').map((p) => ({ pointer: `/protocol${p.path}`, detail: p.message, code: p.code }))
  return new ProblemError(422, 'protocol-invalid', detail, { errors, warnings })
}

export type { Protocol }
