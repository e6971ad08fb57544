import { sql, type SQL } from 'drizzle-orm'
import type { Context } from 'hono'
import { and, asc, eq, gt, isNull } from 'drizzle-orm'
import {
  GLOBAL_AUDIT_CHAIN,
  auditChainOf,
  auditGenesis,
  chainAuditEvent,
  verifyAuditChains,
  type AuditLogReport,
} from '../../trials/audit'
import type { AuditEvent } from '../../trials/commands'
import type { Executor } from '../db/client'
import { auditChainHead, auditEvents, users } from '../db/schema'
import { rowsOf } from './allocator-state'
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

/** Where a chain ends: its last sequence number and hash. */
export interface AuditChainHead {
  chain: string
  sequence: number
  hash: string
}

/**
 * Locks the head of `chain` for the rest of the transaction and returns it, creating it at the chain's
 * genesis if the chain is new. One statement: an existing head is locked with `FOR UPDATE` (a row lock
 * only: the upsert this replaces also wrote a new version of the row on every append, which the append
 * then replaced again); a missing one is inserted, and should another transaction insert it first the
 * upsert waits for it and locks its row, so two first appends to a new chain queue like any others.
 */
async function lockChainHead(tx: Executor, chain: string): Promise<AuditChainHead> {
  const [head] = rowsOf<{ sequence: number; hash: string }>(
    await tx.execute(sql`with locked as (
        select h.sequence, h.hash from audit_chain_head h where h.chain = ${chain} for update
      ), created as (
        insert into audit_chain_head as h (chain, sequence, hash)
        select ${chain}, 0, ${auditGenesis(chain)} where not exists (select 1 from locked)
        on conflict (chain) do update set chain = h.chain
        returning h.sequence, h.hash
      )
      select sequence, hash from locked union all select sequence, hash from created`)
  )
  return { chain, ...head! }
}

/** What one stored entry needs: its chain, its chained body and hashes, its payload as stored. */
type ChainedEntry = {
  chain: string
  chained: ReturnType<typeof chainAuditEvent>
  detail: Record<string, unknown> | null
}

/**
 * The entries as the chain hashes them, chained one after another onto their chain's head: `locked` when
 * the caller already locked it in this transaction (see {@link lockChainHead}), otherwise locked now. All
 * entries must belong to one chain.
 */
async function chainEntries(
  tx: Executor,
  entries: readonly AuditEntry[],
  locked?: AuditChainHead
): Promise<ChainedEntry[]> {
  const chain = auditChainOf({
    entity_type: entries[0]!.entityType,
    entity_id: entries[0]!.entityId,
  })
  const out: ChainedEntry[] = []
  let head: { sequence: number; hash: string } | null = null
  // Roles read in this call, by actor: a batch of one actor's entries reads the role once, not per entry.
  const roles = new Map<string, string | null>()
  for (const entry of entries) {
    if (auditChainOf({ entity_type: entry.entityType, entity_id: entry.entityId }) !== chain)
      throw new Error('entries appended together must belong to one audit chain')
    // The payload is stored as JSON, so it is hashed as JSON: what is read back hashes the same.
    const detail =
      entry.detail === undefined
        ? null
        : (JSON.parse(JSON.stringify(entry.detail)) as Record<string, unknown>)
    let actorRole = entry.actorRole ?? null
    if (actorRole === null && entry.actorId !== null) {
      if (!roles.has(entry.actorId)) {
        const [actor] = await tx
          .select({ role: users.role })
          .from(users)
          .where(eq(users.id, entry.actorId))
        roles.set(entry.actorId, actor?.role ?? null)
      }
      actorRole = roles.get(entry.actorId) ?? null
    }
    head ??= locked?.chain === chain ? locked : await lockChainHead(tx, chain)
    const chained = chainAuditEvent(
      head,
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
    out.push({ chain, chained, detail })
    head = { sequence: chained.sequence, hash: chained.hash }
  }
  return out
}

/**
 * What {@link appendCtes} needs of chained entries: the entries as one JSON parameter (so the statement's text is
 * the same whatever their number and can stay prepared), and the chain's new head.
 */
export interface AuditAppend {
  auditEntries: string
  auditHeadSequence: number
  auditHeadHash: string
  auditChain: string
}

function appendOf(entries: readonly ChainedEntry[]): AuditAppend {
  const rows = entries.map(({ chain, chained, detail }) => ({
    at: chained.at,
    actor_id: chained.actor_id,
    actor_role: chained.actor_role,
    council_id: chained.council_id,
    action: chained.action,
    entity_type: chained.entity_type,
    entity_id: chained.entity_id,
    request_id: chained.request_id,
    detail,
    chain,
    sequence: chained.sequence,
    payload_hash: chained.payload_hash,
    previous_hash: chained.previous_hash,
    hash: chained.hash,
  }))
  const last = entries[entries.length - 1]!
  return {
    auditEntries: JSON.stringify(rows),
    auditHeadSequence: last.chained.sequence,
    auditHeadHash: last.chained.hash,
    auditChain: last.chain,
  }
}

/**
 * The two common table expressions that insert chained entries (`audited`) and move their chain's head to
 * the last of them (`audit_head`), to run in the transaction that locked the head. Its values are used as
 * values only, so it can be part of a statement template (`statementTemplate`).
 */
export function appendCtes(v: AuditAppend): SQL {
  return sql`audited as (insert into audit_events
      (at, actor_id, actor_role, council_id, action, entity_type, entity_id, request_id, detail,
       chain, sequence, payload_hash, previous_hash, hash)
    select x.at, x.actor_id, x.actor_role, x.council_id, x.action, x.entity_type, x.entity_id,
      x.request_id, x.detail, x.chain, x.sequence, x.payload_hash, x.previous_hash, x.hash
    from jsonb_to_recordset(${v.auditEntries}::jsonb)
      as x(at timestamptz, actor_id uuid, actor_role text, council_id uuid, action text, entity_type text,
           entity_id text, request_id text, detail jsonb, chain text, sequence integer,
           payload_hash text, previous_hash text, hash text)),
    audit_head as (update audit_chain_head
      set sequence = ${v.auditHeadSequence}, hash = ${v.auditHeadHash}
      where chain = ${v.auditChain})`
}

/**
 * Appends an audit event to its hash chain (the trial's own chain for an event about a trial, the global
 * chain otherwise); call it with the transaction that makes the change, so the event and the change commit
 * or roll back together. The chain's head row is locked for the rest of the transaction: concurrent appends
 * to one chain queue behind it, so each chain stays linear.
 */
export async function audit(tx: Executor, entry: AuditEntry): Promise<void> {
  await tx.transaction(async (t) => {
    await t.execute(sql`with ${appendCtes(appendOf(await chainEntries(t, [entry])))} select 1`)
  })
}

type AuditRow = typeof auditEvents.$inferSelect

/** An audit row as the chain hashes it. */
const auditChainView = (r: AuditRow) => ({
  id: r.id,
  chain: r.chain,
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

/** A page of a trial's own audit chain, in chain order, after the entry at sequence `after`. */
export async function trialAuditPage(
  db: Executor,
  trialId: string,
  page: { after: number; limit: number }
) {
  const rows = await db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.chain, auditChainOf({ entity_type: 'trial', entity_id: trialId })),
        gt(auditEvents.sequence, page.after)
      )
    )
    .orderBy(asc(auditEvents.sequence))
    .limit(page.limit + 1)
  const entries = rows.slice(0, page.limit).map((r) => {
    const { id: _id, ...entry } = auditChainView(r)
    return entry
  })
  return {
    entries,
    next_after: rows.length > page.limit ? entries.at(-1)!.sequence : null,
  }
}

/** Recomputes every audit chain from the database against its stored head. */
export async function verifyAuditLog(db: Executor): Promise<AuditLogReport> {
  const rows = await db
    .select()
    .from(auditEvents)
    .orderBy(asc(auditEvents.chain), asc(auditEvents.sequence), asc(auditEvents.id))
  const heads = await db.select().from(auditChainHead)
  return verifyAuditChains(rows.map(auditChainView), heads)
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
    // Rows written before chains existed belong to the global chain (the column's default).
    const { sequence, hash } = await lockChainHead(t, GLOBAL_AUDIT_CHAIN)
    let head = { sequence, hash }
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
    await t.update(auditChainHead).set(head).where(eq(auditChainHead.chain, GLOBAL_AUDIT_CHAIN))
    return rows.length
  })
}

/**
 * The same append as {@link audit} (of one entry, or of several to one chain, one after another), for a caller that
 * writes its change and its audit event in a single statement (a data-modifying `WITH` query): locks and reads the
 * chain's head now, chains the event in memory (onto `locked`, the head the caller locked earlier in the transaction
 * with {@link lockChainHead}, when given), and returns the values of the two common table expressions that insert
 * the entry and move the head ({@link appendCtes}: `audited`, `audit_head`). They commit or roll back with the
 * statement's transaction like any other write.
 */
export async function auditAppend(
  tx: Executor,
  entries: AuditEntry | readonly AuditEntry[],
  locked?: AuditChainHead
): Promise<AuditAppend> {
  return appendOf(
    await chainEntries(tx, Array.isArray(entries) ? entries : [entries as AuditEntry], locked)
  )
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
  const p = c.get('principal')
  return {
    userId: p.userId,
    role: p.role,
    councilId: p.councilId,
    requestId: c.get('requestId'),
    at: c.get('deps').clock(),
  }
}

/**
 * The actor context of a service called with a recorder rather than a request (record batches,
 * report publication): the recorder's user and request, the trial's council, and the service's clock.
 */
export function recorderContext(
  recorder: { userId: string; requestId: string },
  trial: { councilId: string },
  at: Date
): ActorContext {
  return { userId: recorder.userId, councilId: trial.councilId, requestId: recorder.requestId, at }
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
