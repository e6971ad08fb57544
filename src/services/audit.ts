import { sql, type SQL } from 'drizzle-orm'
import type { Executor } from '../db/client'
import { auditEvents } from '../db/schema'

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
