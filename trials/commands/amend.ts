import { buildAmendment, type AmendmentRequest } from '../protocol/amendment'
import { permissions, recruitmentStarted } from '../protocol/lifecycle'
import { CURRENT_ALGORITHM } from '../randomisation/algorithms'
import { registrationBody, type RegistrationBody } from '../registration-record/registration'
import { unsealAmendment } from '../registration-record/seal'
import { AmendmentNotAllowedError, NotAmendableError } from './errors'
import type { ProtocolVersionValues } from './register'
import {
  registeredProtocol,
  trialEvent,
  type AuditEvent,
  type TrialPatch,
  type TrialState,
} from './state'
import { withServerFields } from '../protocol/server-fields'

/** Paths that can never change once households are allocated (or, for the intervention, at all). */
const LOCKED_PREFIXES = ['/randomisation', '/arms', '/unit_of_randomisation', '/intervention']

/**
 * Amends a registered protocol: a new version, validated as at registration, with a field-level
 * diff and any deviations (changes to the primary outcome, hypotheses or analysis plan after
 * recruitment started). Refused while the status does not allow amendments (`NotAmendableError`)
 * and when it changes the randomisation, arms or unit of randomisation after a household was
 * allocated, or the intervention at all (`AmendmentNotAllowedError`), since allocations must stay
 * re-derivable.
 *
 * @example
 * decideAmend(state, { request: { protocol: v2, reason: 'Primary outcome source changed', author: userId }, enrolled: 0 }, at).version.version // 2
 */
export function decideAmend(
  state: TrialState,
  command: { request: AmendmentRequest; enrolled: number; engine: string },
  at: Date
): { patch: TrialPatch; version: ProtocolVersionValues; audit: AuditEvent[] } {
  if (!permissions(state.status).amend)
    throw new NotAmendableError(
      `a ${state.status} trial cannot be amended; drafts are edited directly and analysed trials are final`,
      { trial_status: state.status }
    )
  const { request, enrolled } = command
  const previous = registeredProtocol(state)
  const shown = (state.registration ?? null) as RegistrationBody | null
  const record = buildAmendment({
    previous,
    // The protocol as the officer wrote it (the server fills intervention and councils, as at creation),
    // edited from the public view it was shown: an unchanged commitment stands for the sealed sizes.
    next: unsealAmendment(withServerFields(request.protocol, previous), previous, shown),
    reason: request.reason,
    author: request.author,
    at: at.toISOString(),
    recruitmentStarted: recruitmentStarted(state.status) || enrolled > 0,
  })
  const locked = record.changes.filter((ch) =>
    LOCKED_PREFIXES.some((prefix) => ch.path === prefix || ch.path.startsWith(prefix + '/'))
  )
  if (locked.length && (enrolled > 0 || locked.some((ch) => ch.path.startsWith('/intervention'))))
    throw new AmendmentNotAllowedError(
      enrolled > 0
        ? `${enrolled} household(s) were allocated under the registered randomisation; it, the arms and the unit of randomisation cannot change (register a new trial instead)`
        : 'the intervention of a registered trial cannot change',
      { paths: locked.map((ch) => ch.path) }
    )
  const next = state.protocolVersion + 1
  const registration = registrationBody({
    trialId: state.id,
    version: next,
    protocol: record.protocol,
    algorithm: shown?.algorithm ?? CURRENT_ALGORITHM,
    engine: command.engine,
    seed: state.seed!,
    seedSupplied: shown?.seed_supplied ?? false,
    // A trial registered before sealing keeps publishing its whole protocol.
    seal: shown?.backfilled !== true,
  })
  const protocolHash = registration.body.protocol_hash
  const outcomesSeen = (state.outcomesSeenAt ?? null) !== null
  return {
    patch: {
      protocol: record.protocol,
      title: record.protocol.title,
      protocolVersion: next,
      protocolHash,
      registration: registration.body,
      registrationHash: registration.hash,
      updatedAt: at,
    },
    version: {
      version: next,
      protocol: record.protocol,
      protocolHash,
      reason: request.reason,
      diff: record.changes,
      deviation: record.deviation,
      deviationReasons: record.deviations,
      registrationHash: registration.hash,
      outcomesSeen,
    },
    audit: [
      trialEvent(state, 'trial.amend', {
        version: next,
        previous_hash: state.protocolHash,
        protocol_hash: protocolHash,
        registration_hash: registration.hash,
        deviation: record.deviation,
        outcomes_seen: outcomesSeen,
      }),
    ],
  }
}
