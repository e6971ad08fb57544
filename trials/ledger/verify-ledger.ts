import { ledgerEntryHash, type LedgerEntry } from './chain'

/**
 * The first entry of a ledger that does not check, and why.
 *
 * @example
 * const bad: LedgerBreak = { position: 3, sequence: 3, reason: 'hash', detail: 'entry 3 does not chain' }
 */
export type LedgerBreak = {
  /** 1-based position in the list as given. */
  position: number
  sequence: number | null
  reason: 'sequence' | 'hash' | 'missing' | 'extra' | 'head'
  detail: string
}

/**
 * The outcome of {@link verifyLedgerChain}.
 *
 * @example
 * const report: LedgerChainReport = { ok: true, entries_checked: 200, head: 'ab…', first_bad: null }
 */
export type LedgerChainReport = {
  ok: boolean
  entries_checked: number
  /** The head recomputed from the entries (the genesis for an empty ledger). */
  head: string
  first_bad: LedgerBreak | null
}

/**
 * Recomputes a ledger's chain from its genesis and names the first entry that breaks it: a sequence number
 * out of place (reordered or removed entries), a hash that does not follow from the previous one and the
 * entry's content (an edited entry), or, against an expected count and head, a truncated or extended ledger.
 *
 * @example
 * verifyLedgerChain(genesis, entries, { count: 200, head }).first_bad // null when intact
 */
export function verifyLedgerChain(
  genesis: string,
  entries: readonly LedgerEntry[],
  expected?: { count: number; head: string }
): LedgerChainReport {
  let head = genesis
  let checked = 0
  const broken = (first_bad: LedgerBreak): LedgerChainReport => ({
    ok: false,
    entries_checked: checked,
    head,
    first_bad,
  })
  for (const [index, entry] of entries.entries()) {
    const position = index + 1
    if (entry.sequence !== position) {
      return broken({
        position,
        sequence: entry.sequence,
        reason: 'sequence',
        detail: `entry ${position} has sequence ${entry.sequence}: entries were removed, added or reordered before it`,
      })
    }
    const computed = ledgerEntryHash(head, entry)
    if (computed !== entry.hash) {
      return broken({
        position,
        sequence: entry.sequence,
        reason: 'hash',
        detail: `entry ${position} (household ${entry.household}) does not chain: its content or hash was changed (recorded ${entry.hash}, computed ${computed})`,
      })
    }
    head = computed
    checked = position
  }
  if (expected !== undefined) {
    if (entries.length < expected.count) {
      return broken({
        position: entries.length + 1,
        sequence: entries.length + 1,
        reason: 'missing',
        detail: `the ledger has ${entries.length} entries but the record says ${expected.count}: entry ${entries.length + 1} onwards is missing`,
      })
    }
    if (entries.length > expected.count) {
      return broken({
        position: expected.count + 1,
        sequence: expected.count + 1,
        reason: 'extra',
        detail: `the ledger has ${entries.length} entries but the record says ${expected.count}: entry ${expected.count + 1} onwards is not in the record`,
      })
    }
    if (head !== expected.head) {
      return broken({
        position: entries.length,
        sequence: entries.length || null,
        reason: 'head',
        detail: `the ledger head ${head} is not the published head ${expected.head}`,
      })
    }
  }
  return { ok: true, entries_checked: checked, head, first_bad: null }
}
