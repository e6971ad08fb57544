import type { Deviation } from '../protocol/amendment'
import type { ProtocolChange } from '../protocol/diff'
import { ProtocolInvalidError } from '../protocol/errors'
import { assertTransition } from '../protocol/lifecycle'
import type { ProtocolProblem } from '../protocol/problems'
import { prepareRegistration } from '../protocol/register'
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
 * checks that it names the trial's intervention and the registering council, checks a supplied
 * seed (`FieldProblemsError` at /seed), then locks the protocol by the SHA-256 of its RFC 8785
 * canonical JSON and commits to the seed (`prepareRegistration`). The seed is drawn by the caller
 * (CSPRNG) unless the officer supplied it.
 *
 * @example
 * decideRegister(state, { seed, seedSupplied: false, council: { code: 'E07000801', name: 'A' } }, at).patch.status // 'registered'
 */
export function decideRegister(
  state: TrialState,
  command: { seed: string; seedSupplied: boolean; council: { code: string; name: string } },
  at: Date
): { patch: TrialPatch; version: ProtocolVersionValues; audit: AuditEvent[] } {
  assertTransition(state.status, 'registered')
  if (command.seedSupplied) {
    const problems = seedProblems(command.seed)
    if (problems.length)
      throw new FieldProblemsError(
        'the seed is not acceptable',
        problems.map((s) => ({ pointer: '/seed', detail: s.message, code: s.code }))
      )
  }
  const result = validateForRegistration(state.protocol)
  if (!result.ok)
    throw new ProtocolInvalidError(
      `the protocol cannot be registered: ${result.problems.filter((x) => x.severity === 'error').length} problem(s)`,
      { problems: result.problems }
    )
  const ownership = ownershipProblems(result.protocol, state, command.council)
  if (ownership.length)
    throw new ProtocolInvalidError('the protocol cannot be registered', { problems: ownership })
  const registration = prepareRegistration(result.protocol, command.seed)
  const { protocol, protocolHash } = registration
  return {
    patch: {
      status: 'registered',
      protocol,
      title: protocol.title,
      protocolVersion: 1,
      protocolHash,
      seed: command.seed,
      seedCommitment: registration.seedCommitment,
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
    },
    audit: [
      trialEvent(state, 'trial.register', {
        protocol_hash: protocolHash,
        seed_supplied: command.seedSupplied,
        warnings: result.problems,
      }),
    ],
  }
}
