import { sha256Hex } from '../hash'
import { canonicalJson } from '../protocol/canonical-json'

/**
 * Tag of the audit chain format.
 *
 * @example
 * AUDIT_FORMAT // 'trialworks-audit/1'
 */
export const AUDIT_FORMAT = 'trialworks-audit/1'

/**
 * The hash the audit chain starts from: SHA-256 of `trialworks-audit/1`.
 *
 * @example
 * AUDIT_GENESIS // '3ed245fe…'
 */
export const AUDIT_GENESIS = sha256Hex(AUDIT_FORMAT)

/**
 * The chain that holds events about no single trial (councils, accounts, interventions, pooled
 * evidence), and every event recorded before trials had chains of their own.
 *
 * @example
 * GLOBAL_AUDIT_CHAIN // 'global'
 */
export const GLOBAL_AUDIT_CHAIN = 'global'

/**
 * The chain an event belongs to: each trial's events form a chain of their own (`trial:<id>`), so a
 * trial's history verifies from its own entries and appends to different trials never wait for each
 * other; every other event goes to the global chain.
 *
 * @example
 * auditChainOf({ entity_type: 'trial', entity_id: 't-1' }) // 'trial:t-1'
 * auditChainOf({ entity_type: 'council', entity_id: 'c-1' }) // 'global'
 */
export function auditChainOf(event: { entity_type: string; entity_id: string }): string {
  return event.entity_type === 'trial' ? `trial:${event.entity_id}` : GLOBAL_AUDIT_CHAIN
}

/**
 * The hash a chain starts from: {@link AUDIT_GENESIS} for the global chain, and for any other chain
 * SHA-256 of `trialworks-audit/1:<chain>`, so an entry hashed into one chain never verifies in another.
 *
 * @example
 * auditGenesis('global') === AUDIT_GENESIS // true
 * auditGenesis('trial:t-1') // 64 hex digits, different for every trial
 */
export function auditGenesis(chain: string): string {
  return chain === GLOBAL_AUDIT_CHAIN ? AUDIT_GENESIS : sha256Hex(`${AUDIT_FORMAT}:${chain}`)
}

/**
 * What one audit entry records, apart from its hashes. `at` is ISO 8601 UTC with milliseconds.
 *
 * @example
 * const event: AuditEventBody = { sequence: 1, at: '2026-03-02T09:00:00.000Z', actor_id: null, actor_role: null,
 *   council_id: null, action: 'council.create', entity_type: 'council', entity_id: 'c-1', request_id: null }
 */
export type AuditEventBody = {
  sequence: number
  at: string
  actor_id: string | null
  actor_role: string | null
  council_id: string | null
  action: string
  entity_type: string
  entity_id: string
  request_id: string | null
}

/**
 * An audit entry with its payload hash and chain hashes.
 *
 * @example
 * const entry: AuditChainEntry = { ...body, payload_hash, previous_hash, hash }
 */
export type AuditChainEntry = AuditEventBody & {
  payload_hash: string
  previous_hash: string
  hash: string
}

/**
 * SHA-256 of the RFC 8785 canonical JSON of an event's payload (`null` when it has none).
 *
 * @example
 * auditPayloadHash({ protocol_hash: 'ab…' }) // 64 hex digits
 */
export function auditPayloadHash(detail: unknown): string {
  return sha256Hex(canonicalJson(detail ?? null))
}

/**
 * The hash of an audit entry: SHA-256 of the previous entry's hash followed by the canonical JSON of the
 * event body with its payload hash. Any change to an entry, or a removed or inserted entry, changes every
 * later hash.
 *
 * @example
 * auditEntryHash(AUDIT_GENESIS, body, auditPayloadHash(detail))
 */
export function auditEntryHash(
  previous: string,
  body: AuditEventBody,
  payloadHash: string
): string {
  return sha256Hex(previous + canonicalJson({ ...body, payload_hash: payloadHash }))
}

/**
 * Chains one new event onto the head `{sequence, hash}` of the log.
 *
 * @example
 * const entry = chainAuditEvent({ sequence: 0, hash: AUDIT_GENESIS }, event, detail)
 * entry.sequence // 1
 */
export function chainAuditEvent(
  head: { sequence: number; hash: string },
  event: Omit<AuditEventBody, 'sequence'>,
  detail: unknown
): AuditChainEntry {
  const body: AuditEventBody = { ...event, sequence: head.sequence + 1 }
  const payloadHash = auditPayloadHash(detail)
  return {
    ...body,
    payload_hash: payloadHash,
    previous_hash: head.hash,
    hash: auditEntryHash(head.hash, body, payloadHash),
  }
}

/**
 * The outcome of {@link verifyAuditChain}.
 *
 * @example
 * const report: AuditChainReport = { ok: true, entries_checked: 42, head: 'ab…', first_broken: null }
 */
export type AuditChainReport = {
  ok: boolean
  entries_checked: number
  head: string
  first_broken: null | { sequence: number | null; id?: number; reason: string }
}

/**
 * The outcome of {@link verifyAuditChains}: every chain checked, and the first broken link with its chain.
 *
 * @example
 * const report: AuditLogReport = { ok: true, chains_checked: 3, entries_checked: 42, first_broken: null }
 */
export type AuditLogReport = {
  ok: boolean
  chains_checked: number
  entries_checked: number
  first_broken: null | {
    chain: string
    sequence: number | null
    id?: number
    reason: string
  }
}

/**
 * An audit entry as stored: hashes may be missing (a row written before the chain existed, or erased).
 *
 * @example
 * const stored: StoredAuditEntry = { ...entry, id: 7, detail: { from: 'recruiting' } }
 */
export type StoredAuditEntry = Omit<AuditChainEntry, 'payload_hash' | 'previous_hash' | 'hash'> & {
  id?: number
  detail: unknown
  payload_hash: string | null
  previous_hash: string | null
  hash: string | null
}

/**
 * Recomputes the audit chain from the genesis over entries in sequence order, each with its stored payload,
 * and names the first broken link: a gap or repeat in the sequence (a deleted or inserted entry), a payload
 * that no longer hashes to its payload hash (an edited payload), a previous hash that is not the one before
 * (a removed entry), or an entry hash that does not follow (an edited field). Checks the last hash against
 * the stored chain head when given (a truncated tail).
 *
 * @example
 * verifyAuditChain(entries, { sequence: 42, hash: head }).ok // true when intact
 */
export function verifyAuditChain(
  entries: ReadonlyArray<StoredAuditEntry>,
  head?: { sequence: number; hash: string },
  genesis: string = AUDIT_GENESIS
): AuditChainReport {
  let previous = genesis
  let checked = 0
  const broken = (sequence: number | null, reason: string, id?: number): AuditChainReport => ({
    ok: false,
    entries_checked: checked,
    head: previous,
    first_broken: { sequence, ...(id !== undefined ? { id } : {}), reason },
  })
  for (const entry of entries) {
    const expected = checked + 1
    if (entry.sequence !== expected)
      return broken(
        entry.sequence,
        `expected sequence ${expected}, found ${entry.sequence}: an entry was removed or inserted`,
        entry.id
      )
    if (entry.payload_hash !== auditPayloadHash(entry.detail))
      return broken(entry.sequence, 'the payload does not match its hash: it was changed', entry.id)
    if (entry.previous_hash !== previous)
      return broken(
        entry.sequence,
        'the previous hash is not the hash of the entry before: an entry was removed or changed',
        entry.id
      )
    const body: AuditEventBody = {
      sequence: entry.sequence,
      at: entry.at,
      actor_id: entry.actor_id,
      actor_role: entry.actor_role,
      council_id: entry.council_id,
      action: entry.action,
      entity_type: entry.entity_type,
      entity_id: entry.entity_id,
      request_id: entry.request_id,
    }
    const computed = auditEntryHash(previous, body, entry.payload_hash)
    if (computed !== entry.hash)
      return broken(
        entry.sequence,
        'the entry does not hash to its recorded hash: a field was changed',
        entry.id
      )
    previous = computed
    checked = expected
  }
  if (head !== undefined && (head.sequence !== checked || head.hash !== previous))
    return broken(
      checked + 1,
      `the chain head is at sequence ${head.sequence} but the log ends at ${checked}: entries after it were removed`
    )
  return { ok: true, entries_checked: checked, head: previous, first_broken: null }
}

/**
 * Verifies every chain of the audit log: entries are grouped by chain (in the order given, which must
 * be each chain's sequence order), each chain is recomputed from its own genesis and checked against
 * its stored head, and a head without entries counts as a chain whose entries were all removed. The
 * first broken link is named with its chain (global first, then chains in name order).
 *
 * @example
 * verifyAuditChains(entries, [{ chain: 'global', sequence: 40, hash }, { chain: 'trial:t-1', sequence: 2, hash: h2 }]).ok
 */
export function verifyAuditChains(
  entries: ReadonlyArray<StoredAuditEntry & { chain: string }>,
  heads: ReadonlyArray<{ chain: string; sequence: number; hash: string }>
): AuditLogReport {
  const byChain = new Map<string, Array<StoredAuditEntry & { chain: string }>>()
  for (const h of heads) byChain.set(h.chain, [])
  for (const e of entries) {
    const list = byChain.get(e.chain)
    if (list) list.push(e)
    else byChain.set(e.chain, [e])
  }
  const headOf = new Map(heads.map((h) => [h.chain, h]))
  const names = [...byChain.keys()].sort((a, b) =>
    a === GLOBAL_AUDIT_CHAIN ? -1 : b === GLOBAL_AUDIT_CHAIN ? 1 : a < b ? -1 : a > b ? 1 : 0
  )
  let checked = 0
  for (const chain of names) {
    const head = headOf.get(chain)
    const report = verifyAuditChain(
      byChain.get(chain)!,
      head ?? { sequence: 0, hash: auditGenesis(chain) },
      auditGenesis(chain)
    )
    checked += report.entries_checked
    if (!report.ok)
      return {
        ok: false,
        chains_checked: names.indexOf(chain) + 1,
        entries_checked: checked,
        first_broken: { chain, ...report.first_broken! },
      }
  }
  return { ok: true, chains_checked: names.length, entries_checked: checked, first_broken: null }
}
