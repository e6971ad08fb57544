import { hasReports, STATUS_WORDS, type LifecycleStatus } from '../protocol/lifecycle'
import type { Protocol, ProtocolDraft } from '../protocol/schema'
import type { RegistrationBody } from '../registration-record/registration'
import { NotRegisteredError } from './errors'

/**
 * A trial as the decide functions read it: the stored row, typed.
 *
 * @example
 * const state: TrialState = { id, councilId, interventionId, status: 'draft', protocol: { title: 'T' }, protocolVersion: 0, protocolHash: null, seed: null, registeredAt: null }
 */
export type TrialState = {
  id: string
  councilId: string
  interventionId: string
  status: LifecycleStatus
  /** A draft while `status` is draft; the registered (validated) protocol afterwards. */
  protocol: ProtocolDraft
  protocolVersion: number
  protocolHash: string | null
  seed: string | null
  registeredAt: Date | null
  /** The hashed registration record of the current version (`RegistrationBody`); null before registration. */
  registration?: unknown
  /** When outcome data or results were first seen; null while no one has. */
  outcomesSeenAt?: Date | null
}

/**
 * The columns of a trial a command changes.
 *
 * @example
 * const patch: TrialPatch = { status: 'closed', closedAt: at, updatedAt: at }
 */
export type TrialPatch = {
  status?: LifecycleStatus
  protocol?: ProtocolDraft
  title?: string
  protocolVersion?: number
  protocolHash?: string
  seed?: string
  seedCommitment?: string
  registeredAt?: Date
  recruitingAt?: Date
  closedAt?: Date
  dataCompleteAt?: Date
  registration?: RegistrationBody
  registrationHash?: string
  outcomesSeenAt?: Date
  outcomesSeenBy?: string
  updatedAt: Date
}

/**
 * An audit event a command produces; the shell adds who, when and the request id.
 *
 * @example
 * const event: AuditEvent = { action: 'trial.closed', entityType: 'trial', entityId: id, councilId, detail: { from: 'recruiting' } }
 */
export type AuditEvent = {
  action: string
  entityType: string
  entityId: string
  councilId: string | null
  detail?: Record<string, unknown>
}

/**
 * The audit event of a command on a trial.
 *
 * @example
 * trialEvent(state, 'trial.amend', { version: 2 })
 */
export function trialEvent(
  state: Pick<TrialState, 'id' | 'councilId'>,
  action: string,
  detail?: Record<string, unknown>
): AuditEvent {
  return {
    action,
    entityType: 'trial',
    entityId: state.id,
    councilId: state.councilId,
    ...(detail ? { detail } : {}),
  }
}

/**
 * A trial (row or state) past registration: its protocol is the registered, complete `Protocol`.
 *
 * @example
 * const trial: Registered<TrialState> = registered(state)
 */
export type Registered<T extends { protocol: ProtocolDraft }> = Omit<T, 'protocol'> & {
  protocol: Protocol
}

/**
 * The trial as registered, or `NotRegisteredError` for a trial without reports (`hasReports`: a
 * draft). Registration validated the protocol fully (`validateForRegistration`) before storing it,
 * and amendments are validated the same way, so past registration the stored protocol is a
 * complete `Protocol`.
 *
 * @example
 * registered(state).protocol.primary_outcome.name // 'homeless_6m'
 */
export function registered<T extends Pick<TrialState, 'status' | 'protocol' | 'registeredAt'>>(
  trial: T
): Registered<T> {
  if (!hasReports(trial))
    throw new NotRegisteredError(
      `the trial was never registered; it is "${STATUS_WORDS[trial.status]}"`,
      {
        trial_status: trial.status,
      }
    )
  return trial as Registered<T>
}

/**
 * The registered protocol of a trial (see `registered`); a draft is not (`NotRegisteredError`).
 *
 * @example
 * registeredProtocol(state).primary_outcome.name // 'homeless_6m'
 */
export function registeredProtocol(
  state: Pick<TrialState, 'status' | 'protocol' | 'registeredAt'>
): Protocol {
  return registered(state).protocol
}
