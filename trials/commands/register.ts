import type { Deviation } from '../protocol/amendment'
import type { ProtocolChange } from '../protocol/diff'
import { ProtocolInvalidError } from '../protocol/errors'
import { assertTransition } from '../protocol/lifecycle'
import type { ProtocolProblem } from '../protocol/problems'
import { CURRENT_ALGORITHM } from '../randomisation/algorithms'
import { registrationBody } from '../registration-record/registration'
import type { Protocol } from '../protocol/schema'
import { seedProblems } from '../protocol/seed'
import { validateForRegistration } from '../protocol/validate'
import { FieldProblemsError } from './errors'
import { trialEvent, type AuditEvent, type TrialPatch, type TrialState } from './state'

/**
 * A protocol version to store: version 1 at registration, one more per amendment.
 *
 * @example
 * const v: ProtocolVersionValues = { version: 1, protocol, protocolHash, reason: 'registration', diff: null, deviation: false, deviationReasons: null }
 */
export type ProtocolVersionValues = {
  version: number
  protocol: Protocol
  protocolHash: string
  reason: string
  diff: ProtocolChange[] | null
  deviation: boolean
  deviationReasons: Deviation[] | null
  /** The registration hash of this version (protocol, algorithm, engine, seed commitment). */
  registrationHash: string
  /** Whether outcome data or results had been seen when this version was made. */
  outcomesSeen: boolean
}

/** Problems only the loaded state can show: the protocol must name the trial's intervention and council. */
function ownershipProblems(
  protocol: Protocol,
  state: TrialState,
  council: { code: string; name: string }
): ProtocolProblem[] {
  const problems: ProtocolProblem[] = []
  if (protocol.intervention.id !== state.interventionId)
    problems.push({
      path: '/intervention/id',
      code: 'intervention-mismatch',
      message: `must be the trial's intervention ${state.interventionId}`,
      severity: 'error',
    })
  if (!protocol.councils.some((x) => x.code === council.code))
    problems.push({
      path: '/councils',
      code: 'lead-council-missing',
      message: `must include the registering council ${council.name} (${council.code})`,
      severity: 'error',
    })
  return problems
}

/**
 * Registers a draft: validates the protocol fully (`ProtocolInvalidError` listing every problem),
 * checks that it names the trial's intervention and the registering council, then writes the
 * registration record: the public protocol (block sizes sealed with the seed), the randomisation
 * algorithm and the engine identity, hashed whole as RFC 8785 JSON, with the seed commitment. The
 * seed is drawn by the caller (CSPRNG); no one chooses it.
 *
 * @example
 * decideRegister(state, { seed, engine, council: { code: 'E07000801', name: 'A' } }, at).patch.status // 'registered'
 */
export function decideRegister(
  state: TrialState,
  command: {
    seed: string
    engine: string
    council: { code: string; name: string }
    algorithm?: string
  },
  at: Date
): { patch: TrialPatch; version: ProtocolVersionValues; audit: AuditEvent[] } {
  assertTransition(state.status, 'registered')
  const problems = seedProblems(command.seed)
  if (problems.length)
    throw new FieldProblemsError(
      'the drawn seed is not acceptable',
      problems.map((s) => ({ pointer: '/seed', detail: s.message, code: s.code }))
    )
  const result = validateForRegistration(state.protocol)
  if (!result.ok)
    throw new ProtocolInvalidError(
      `the protocol cannot be registered: ${result.problems.filter((x) => x.severity === 'error').length} problem(s)`,
      { problems: result.problems }
    )
  const ownership = ownershipProblems(result.protocol, state, command.council)
  if (ownership.length)
    throw new ProtocolInvalidError('the protocol cannot be registered', { problems: ownership })
  const protocol = result.protocol
  const registration = registrationBody({
    trialId: state.id,
    version: 1,
    protocol,
    algorithm: command.algorithm ?? CURRENT_ALGORITHM,
    engine: command.engine,
    seed: command.seed,
  })
  const protocolHash = registration.body.protocol_hash
  return {
    patch: {
      status: 'registered',
      protocol,
      title: protocol.title,
      protocolVersion: 1,
      protocolHash,
      seed: command.seed,
      seedCommitment: registration.body.seed_commitment,
      registration: registration.body,
      registrationHash: registration.hash,
      registeredAt: at,
      updatedAt: at,
    },
    version: {
      version: 1,
      protocol,
      protocolHash,
      reason: 'registration',
      diff: null,
      deviation: false,
      deviationReasons: null,
      registrationHash: registration.hash,
      outcomesSeen: false,
    },
    audit: [
      trialEvent(state, 'trial.register', {
        protocol_hash: protocolHash,
        registration_hash: registration.hash,
        algorithm: registration.body.algorithm,
        engine: command.engine,
        seed_supplied: false,
        warnings: result.problems,
      }),
    ],
  }
}
