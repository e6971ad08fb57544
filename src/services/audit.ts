import { sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import type { AuditEvent } from '../../trials/commands'
import type { Executor } from '../db/client'
import { auditEvents } from '../db/schema'
import type { AppEnv } from '../env'

export interface AuditEntry {
  at: Date
  actorId: string | null
  councilId?: string | null
  action: string
  entityType: string
  entityId: string
  requestId?: string | null
  detail?: Record<string, unknown>
}

/** Appends an audit event; call it with the transaction that makes the change. */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.insert(auditEvents).values({
    at: entry.at,
    actorId: entry.actorId,
    councilId: entry.councilId ?? null,
    action: entry.action,
    entityType: entry.entityType,
    entityId: entry.entityId,
    requestId: entry.requestId ?? null,
    detail: entry.detail ?? null,
  })
}

/**
 * The same append as {@link audit}, as one SQL statement for a caller that writes its change and its audit
 * event in a single statement (a data-modifying `WITH` query); it commits or rolls back with the statement's
 * transaction like any other write.
 */
export function auditStatement(entry: AuditEntry): SQL {
  return sql`insert into audit_events
      (at, actor_id, council_id, action, entity_type, entity_id, request_id, detail)
    values (${entry.at.toISOString()}::timestamptz, ${entry.actorId}, ${entry.councilId ?? null},
      ${entry.action}, ${entry.entityType}, ${entry.entityId}, ${entry.requestId ?? null},
      ${entry.detail === undefined ? null : JSON.stringify(entry.detail)}::jsonb)`
}

/**
 * Who acts and when: the request's user, their council, the request id and the request's clock
 * reading. Every change of one request is audited with the same context.
 */
export interface ActorContext {
  userId: string | null
  councilId: string | null
  requestId: string | null
  at: Date
}

/** The actor context of a request (after authentication). */
export function actorContext(c: Context<AppEnv>): ActorContext {
  const p = c.var.principal
  return {
    userId: p.userId,
    councilId: p.councilId,
    requestId: c.var.requestId,
    at: c.var.deps.clock(),
  }
}

/**
 * Records the audit events a decide function returned, as `actor`, in the caller's transaction.
 * An event's council is the trial's; events about no council fall back to the actor's.
 */
export async function recordAudit(
  tx: Executor,
  actor: ActorContext,
  events: readonly AuditEvent[]
): Promise<void> {
  for (const e of events)
    await audit(tx, {
      at: actor.at,
      actorId: actor.userId,
      councilId: e.councilId ?? actor.councilId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      requestId: actor.requestId,
      ...(e.detail ? { detail: e.detail } : {}),
    })
}
