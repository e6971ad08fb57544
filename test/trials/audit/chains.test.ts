import { describe, expect, it } from 'vitest'
import {
  AUDIT_GENESIS,
  auditChainOf,
  auditGenesis,
  chainAuditEvent,
  verifyAuditChains,
  type AuditChainEntry,
} from '../../../trials/audit'
import { sha256Hex } from '../../../trials/hash'

type Stored = AuditChainEntry & { chain: string; detail: unknown }

/** Appends `n` events to `chain`, as the service does, and returns the entries and the head. */
function chainOf(chain: string, n: number, entityId = 't-1') {
  const entries: Stored[] = []
  let head = { sequence: 0, hash: auditGenesis(chain) }
  for (let i = 0; i < n; i++) {
    const detail = { step: i }
    const entry = chainAuditEvent(
      head,
      {
        at: `2026-03-0${1 + (i % 9)}T09:00:00.000Z`,
        actor_id: null,
        actor_role: 'officer',
        council_id: null,
        action: `trial.step${i}`,
        entity_type: chain === 'global' ? 'council' : 'trial',
        entity_id: entityId,
        request_id: null,
      },
      detail
    )
    entries.push({ ...entry, chain, detail })
    head = { sequence: entry.sequence, hash: entry.hash }
  }
  return { entries, head: { chain, ...head } }
}

describe('audit chains', () => {
  it("puts a trial's events on the trial's own chain and the rest on the global chain", () => {
    expect(auditChainOf({ entity_type: 'trial', entity_id: 'abc' })).toBe('trial:abc')
    expect(auditChainOf({ entity_type: 'api_token', entity_id: 'abc' })).toBe('global')
  })

  it('starts the global chain at SHA-256 of the format tag and each other chain at its own genesis', () => {
    expect(auditGenesis('global')).toBe(AUDIT_GENESIS)
    expect(AUDIT_GENESIS).toBe(sha256Hex('trialworks-audit/1'))
    expect(auditGenesis('trial:t-1')).toBe(sha256Hex('trialworks-audit/1:trial:t-1'))
    expect(auditGenesis('trial:t-1')).not.toBe(auditGenesis('trial:t-2'))
  })

  it('verifies interleaved chains, each from its genesis against its head', () => {
    const g = chainOf('global', 3)
    const a = chainOf('trial:t-1', 4)
    const b = chainOf('trial:t-2', 2, 't-2')
    const report = verifyAuditChains(
      [...a.entries, ...g.entries, ...b.entries],
      [g.head, a.head, b.head]
    )
    expect(report).toEqual({ ok: true, chains_checked: 3, entries_checked: 9, first_broken: null })
  })

  it('names the chain and link of an edit, a removal, a truncated tail and a moved chain', () => {
    const g = chainOf('global', 3)
    const a = chainOf('trial:t-1', 4)
    const edited = a.entries.map((e) => (e.sequence === 2 ? { ...e, action: 'trial.other' } : e))
    expect(
      verifyAuditChains([...g.entries, ...edited], [g.head, a.head]).first_broken
    ).toMatchObject({
      chain: 'trial:t-1',
      sequence: 2,
      reason: expect.stringContaining('field was changed'),
    })
    const removed = a.entries.filter((e) => e.sequence !== 3)
    expect(
      verifyAuditChains([...g.entries, ...removed], [g.head, a.head]).first_broken
    ).toMatchObject({
      chain: 'trial:t-1',
      sequence: 4,
    })
    const truncated = a.entries.slice(0, 3)
    expect(
      verifyAuditChains([...g.entries, ...truncated], [g.head, a.head]).first_broken
    ).toMatchObject({
      chain: 'trial:t-1',
      reason: expect.stringContaining('removed'),
    })
    // A head whose every entry is gone.
    expect(verifyAuditChains(g.entries, [g.head, a.head]).first_broken).toMatchObject({
      chain: 'trial:t-1',
    })
    // A trial's entries relabelled as another trial's do not verify there.
    const moved = a.entries.map((e) => ({ ...e, chain: 'trial:t-9' }))
    expect(
      verifyAuditChains(moved, [{ ...a.head, chain: 'trial:t-9' }]).first_broken
    ).toMatchObject({ chain: 'trial:t-9', sequence: 1 })
  })
})
