import { sha256Hex } from '../hash'
import { canonicalJson } from '../protocol/canonical-json'
import type { FieldValue } from '../randomisation/schema'

/**
 * Tag of the ledger format: the genesis text and the entry hash below. A changed rule is a new tag.
 *
 * @example
 * LEDGER_FORMAT // 'trialworks-ledger/1'
 */
export const LEDGER_FORMAT = 'trialworks-ledger/1'

/**
 * One public allocation: the household's pseudonym, the unit fields the randomisation method reads (and no
 * other), and the arm. Nothing here predicts another household's arm while the seed is secret.
 *
 * @example
 * const entry: LedgerEntryBody = { sequence: 1, household: 'p-9f…', unit: { area: 'North' }, arm: 'control' }
 */
export type LedgerEntryBody = {
  sequence: number
  household: string
  unit: Record<string, FieldValue | null>
  arm: string
}

/**
 * A ledger entry with its running hash.
 *
 * @example
 * const entry: LedgerEntry = { ...body, hash: ledgerEntryHash(previous, body) }
 */
export type LedgerEntry = LedgerEntryBody & { hash: string }

/**
 * The hash a trial's ledger starts from: SHA-256 of `trialworks-ledger/1|<trial id>|<seed commitment>`. The seed
 * commitment is fixed at registration, so the chain is bound to one trial and one committed seed.
 *
 * @example
 * ledgerGenesis('0b0c…', 'c1f2…') // 64 hex digits
 */
export function ledgerGenesis(trialId: string, seedCommitment: string): string {
  return sha256Hex(`${LEDGER_FORMAT}|${trialId}|${seedCommitment}`)
}

/**
 * The running hash of an entry: SHA-256 of the previous hash (64 hex digits) followed by the RFC 8785
 * canonical JSON of `{arm, household, sequence, unit}`. Changing, removing or reordering any earlier entry
 * changes every later hash, so a published head fixes the whole ledger up to it.
 *
 * @example
 * ledgerEntryHash(ledgerGenesis(trialId, commitment), { sequence: 1, household: 'p-1', unit: {}, arm: 'a' })
 */
export function ledgerEntryHash(previous: string, entry: LedgerEntryBody): string {
  return sha256Hex(
    previous +
      canonicalJson({
        arm: entry.arm,
        household: entry.household,
        sequence: entry.sequence,
        unit: entry.unit,
      })
  )
}

/**
 * Chains new entries onto a ledger whose head is `previous` (the genesis for an empty ledger).
 *
 * @example
 * const [first] = appendToLedger(ledgerGenesis(trialId, commitment), [{ sequence: 1, household: 'p', unit: {}, arm: 'a' }])
 * first.hash // 64 hex digits
 */
export function appendToLedger(previous: string, entries: LedgerEntryBody[]): LedgerEntry[] {
  let head = previous
  return entries.map((entry) => {
    head = ledgerEntryHash(head, entry)
    return { ...entry, hash: head }
  })
}
