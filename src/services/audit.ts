import { sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { asc, eq, isNull } from 'drizzle-orm'
import { AUDIT_GENESIS, chainAuditEvent, verifyAuditChain } from '../../trials/audit'
import type { AuditEvent } from '../../trials/commands'
import type { Executor } from '../db/client'
import { auditChainHead, auditEvents, users } from '../db/schema'
import type { AppEnv } from '../env'

export interface AuditEntry {
  at: Date
  actorId: string | null
  /** The actor's role when the event was recorded (officer, evaluator, centre, admin). */
  actorRole?: string | null
  councilId?: string | null
  action: string
  entityType: string
  entityId: string
  requestId?: string | null
  detail?: Record<string, unknown>
}

/**
 * Appends an audit event to the hash chain; call it with the transaction that makes the change, so the event
 * and the change commit or roll back together. The chain head row is locked (`FOR UPDATE`) for the rest of the
 * transaction: concurrent appends on PostgreSQL queue behind it, so the chain stays linear.
 */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  // The payload is stored as JSON, so it is hashed as JSON: what is read back hashes the same.
  const detail =
    entry.detail === undefined
      ? null
      : (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>)
  await tx.transaction(async (t) => {
    let actorRole = entry.actorRole ?? null
    if (actorRole === null && entry.actorId !== null) {
      const [actor] = await t
        .select({ role: users.role })
        .from(users)
        .where(eq(users.id, entry.actorId))
      actorRole = actor?.role ?? null
    }
    const [head] = await t
      .select()
      .from(auditChainHead)
      .where(eq(auditChainHead.id, 1))
      .for('update')
    const chained = chainAuditEvent(
      head ?? { sequence: 0, hash: AUDIT_GENESIS },
      {
        at: entry.at.toISOString(),
        actor_id: entry.actorId,
        actor_role: actorRole,
        council_id: entry.councilId ?? null,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId,
        request_id: entry.requestId ?? null,
      },
      detail
    )
    await t.insert(auditEvents).values({
      at: entry.at,
      actorId: entry.actorId,
      actorRole: chained.actor_role,
      councilId: chained.council_id,
      action: entry.action,
      entityType: entry.entityType,
      entityId: entry.entityId,
      requestId: chained.request_id,
      detail,
      sequence: chained.sequence,
      payloadHash: chained.payload_hash,
      previousHash: chained.previous_hash,
      hash: chained.hash,
    })
    if (head)
      await t
        .update(auditChainHead)
        .set({ sequence: chained.sequence, hash: chained.hash })
        .where(eq(auditChainHead.id, 1))
    else
      await t
        .insert(auditChainHead)
        .values({ id: 1, sequence: chained.sequence, hash: chained.hash })
  })
}

type AuditRow = typeof auditEvents.$inferSelect

/** An audit row as the chain hashes it. */
export const auditChainView = (r: AuditRow) => ({
  id: r.id,
  sequence: r.sequence ?? -1,
  at: r.at.toISOString(),
  actor_id: r.actorId,
  actor_role: r.actorRole,
  council_id: r.councilId,
  action: r.action,
  entity_type: r.entityType,
  entity_id: r.entityId,
  request_id: r.requestId,
  detail: r.detail,
  payload_hash: r.payloadHash,
  previous_hash: r.previousHash,
  hash: r.hash,
})

/** Recomputes the whole audit chain from the database, in pages, against the stored chain head. */
export async function verifyAuditLog(db: Executor) {
  const rows = await db
    .select()
    .from(auditEvents)
    .orderBy(asc(auditEvents.sequence), asc(auditEvents.id))
  const [head] = await db.select().from(auditChainHead).where(eq(auditChainHead.id, 1))
  return verifyAuditChain(
    rows.map(auditChainView),
    head ? { sequence: head.sequence, hash: head.hash } : undefined
  )
}

/**
 * Chains audit rows written before the chain existed (their hashes are null), in the order they were written,
 * onto the current head. Runs once, after the migration that added the chain; the audit trigger lets a row's
 * hash columns go from null to set and nothing else.
 */
export async function chainUnchainedAuditRows(db: Executor): Promise<number> {
  return db.transaction(async (t) => {
    const rows = await t
      .select()
      .from(auditEvents)
      .where(isNull(auditEvents.hash))
      .orderBy(asc(auditEvents.id))
    if (rows.length === 0) return 0
    const [stored] = await t
      .select()
      .from(auditChainHead)
      .where(eq(auditChainHead.id, 1))
      .for('update')
    let head = stored
      ? { sequence: stored.sequence, hash: stored.hash }
      : { sequence: 0, hash: AUDIT_GENESIS }
    for (const r of rows) {
      const chained = chainAuditEvent(
        head,
        {
          at: r.at.toISOString(),
          actor_id: r.actorId,
          actor_role: r.actorRole,
          council_id: r.councilId,
          action: r.action,
          entity_type: r.entityType,
          entity_id: r.entityId,
          request_id: r.requestId,
        },
        r.detail
      )
      await t
        .update(auditEvents)
        .set({
          sequence: chained.sequence,
          payloadHash: chained.payload_hash,
          previousHash: chained.previous_hash,
          hash: chained.hash,
        })
        .where(eq(auditEvents.id, r.id))
      head = { sequence: chained.sequence, hash: chained.hash }
    }
    if (stored) await t.update(auditChainHead).set(head).where(eq(auditChainHead.id, 1))
    else await t.insert(auditChainHead).values({ ...head, id: 1 })
    return rows.length
  })
}

/**
 * The same append as {@link audit}, for a caller that writes its change and its audit event in a single
 * statement (a data-modifying `WITH` query): locks and reads the chain head now (`FOR UPDATE`, so appends
 * stay linear), chains the event in memory, and returns the two common table expressions that insert the
 * entry and move the head (`audited`, `audit_head`). They commit or roll back with the statement's
 * transaction like any other write.
 */
export async function auditStatement(tx: Executor, entry: AuditEntry): Promise<SQL> {
  const detail =
    entry.detail === undefined
      ? null
      : (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>)
  const [head] = await tx
    .select()
    .from(auditChainHead)
    .where(eq(auditChainHead.id, 1))
    .for('update')
  const chained = chainAuditEvent(
    head ?? { sequence: 0, hash: AUDIT_GENESIS },
    {
      at: entry.at.toISOString(),
      actor_id: entry.actorId,
      actor_role: entry.actorRole ?? null,
      council_id: entry.councilId ?? null,
      action: entry.action,
      entity_type: entry.entityType,
      entity_id: entry.entityId,
      request_id: entry.requestId ?? null,
    },
    detail
  )
  return sql`audited as (insert into audit_events
      (at, actor_id, actor_role, council_id, action, entity_type, entity_id, request_id, detail,
       sequence, payload_hash, previous_hash, hash)
    values (${chained.at}::timestamptz, ${chained.actor_id}, ${chained.actor_role}, ${chained.council_id},
      ${chained.action}, ${chained.entity_type}, ${chained.entity_id}, ${chained.request_id},
      ${detail === null ? null : JSON.stringify(detail)}::jsonb, ${chained.sequence},
      ${chained.payload_hash}, ${chained.previous_hash}, ${chained.hash})),
    audit_head as (insert into audit_chain_head (id, sequence, hash)
      values (1, ${chained.sequence}, ${chained.hash})
      on conflict (id) do update set sequence = excluded.sequence, hash = excluded.hash)`
}

/**
 * Who acts and when: the request's user, their council, the request id and the request's clock
 * reading. Every change of one request is audited with the same context.
 */
export interface ActorContext {
  userId: string | null
  /** The actor's role, recorded in the audit chain (looked up from the user when absent). */
  role?: string | null
  councilId: string | null
  requestId: string | null
  at: Date
}

/** The actor context of a request (after authentication). */
export function actorContext(c: Context<AppEnv>): ActorContext {
  const p = c.var.principal
  return {
    userId: p.userId,
    role: p.role,
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
      actorRole: actor.role ?? null,
      councilId: e.councilId ?? actor.councilId,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      requestId: actor.requestId,
      ...(e.detail ? { detail: e.detail } : {}),
    })
}
