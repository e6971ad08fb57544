import type { AuditEvent } from '../commands'
import type { Intervention } from '../protocol'

/**
 * The audit events of operations on no trial: account administration (councils, users, API tokens,
 * evaluator grants), signing in, and the intervention register. Each is recorded on the global chain
 * (see `auditChainOf`); the events of commands on a trial are decided by the commands (`trialEvent`).
 */

/**
 * A council created: about the council itself.
 *
 * @example
 * councilCreateAudit({ id: 'c-1' }) // [{ action: 'council.create', entityType: 'council', entityId: 'c-1', councilId: 'c-1' }]
 */
export function councilCreateAudit(council: { id: string }): AuditEvent[] {
  return [
    {
      action: 'council.create',
      entityType: 'council',
      entityId: council.id,
      councilId: council.id,
    },
  ]
}

/**
 * A user created, with their role; about their council, if they have one.
 *
 * @example
 * userCreateAudit({ id: 'u-1', role: 'officer', councilId: 'c-1' })[0].detail // { role: 'officer' }
 */
export function userCreateAudit(user: {
  id: string
  role: string
  councilId: string | null
}): AuditEvent[] {
  return [
    {
      action: 'user.create',
      entityType: 'user',
      entityId: user.id,
      councilId: user.councilId,
      detail: { role: user.role },
    },
  ]
}

/**
 * An API token issued to a user, with its label (never its secret); about no council.
 *
 * @example
 * tokenCreateAudit({ id: 'tk-1', userId: 'u-1', label: 'laptop' })[0].detail // { user_id: 'u-1', label: 'laptop' }
 */
export function tokenCreateAudit(token: {
  id: string
  userId: string
  label: string
}): AuditEvent[] {
  return [
    {
      action: 'token.create',
      entityType: 'api_token',
      entityId: token.id,
      councilId: null,
      detail: { user_id: token.userId, label: token.label },
    },
  ]
}

/**
 * An API token revoked; about no council.
 *
 * @example
 * tokenRevokeAudit('tk-1') // [{ action: 'token.revoke', entityType: 'api_token', entityId: 'tk-1', councilId: null }]
 */
export function tokenRevokeAudit(tokenId: string): AuditEvent[] {
  return [{ action: 'token.revoke', entityType: 'api_token', entityId: tokenId, councilId: null }]
}

/**
 * An evaluator granted a council's trials or one trial; about the council granted, if any.
 *
 * @example
 * evaluatorGrantAudit({ id: 'g-1', userId: 'u-1', councilId: 'c-1' })[0].detail // { user_id: 'u-1', trial_id: null }
 */
export function evaluatorGrantAudit(grant: {
  id: string
  userId: string
  councilId?: string | null
  trialId?: string | null
}): AuditEvent[] {
  return [
    {
      action: 'evaluator.grant',
      entityType: 'evaluator_grant',
      entityId: grant.id,
      councilId: grant.councilId ?? null,
      detail: { user_id: grant.userId, trial_id: grant.trialId ?? null },
    },
  ]
}

/**
 * A page session opened with an API token: about the user who signed in, and their council.
 *
 * @example
 * sessionOpenAudit({ userId: 'u-1', councilId: null, tokenId: 'tk-1' })[0].detail // { token_id: 'tk-1' }
 */
export function sessionOpenAudit(principal: {
  userId: string
  councilId: string | null
  tokenId: string
}): AuditEvent[] {
  return [
    {
      action: 'session.open',
      entityType: 'user',
      entityId: principal.userId,
      councilId: principal.councilId,
      detail: { token_id: principal.tokenId },
    },
  ]
}

/**
 * An intervention registered by its owning council.
 *
 * @example
 * interventionCreateAudit({ id: 'i-1', councilId: 'c-1' })[0].action // 'intervention.create'
 */
export function interventionCreateAudit(intervention: {
  id: string
  councilId: string
}): AuditEvent[] {
  return [
    {
      action: 'intervention.create',
      entityType: 'intervention',
      entityId: intervention.id,
      councilId: intervention.councilId,
    },
  ]
}

/**
 * An intervention revised by its owning council: the event keeps the description it replaced.
 *
 * @example
 * interventionReviseAudit({ id: 'i-1', councilId: 'c-1' }, previous)[0].detail // { previous }
 */
export function interventionReviseAudit(
  intervention: { id: string; councilId: string },
  previous: Intervention
): AuditEvent[] {
  return [
    {
      action: 'intervention.revise',
      entityType: 'intervention',
      entityId: intervention.id,
      councilId: intervention.councilId,
      detail: { previous },
    },
  ]
}
