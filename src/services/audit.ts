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
