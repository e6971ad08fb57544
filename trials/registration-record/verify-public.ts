import { DomainError } from '../../analysis'
import { sha256Hex } from '../hash'
import { ledgerGenesis, verifyLedgerChain, type LedgerBreak } from '../ledger'
import { protocolHash } from '../protocol/canonical-json'
import { createAllocator } from '../randomisation/allocator'
import { InvalidAllocationExportError } from '../randomisation/errors'
import {
  publicLedgerSchema,
  publicRecordSchema,
  type PublicLedger,
  type PublicRecord,
} from './public-documents'
import { registrationHash, type RegistrationBody } from './registration'
import { openRandomisation } from './seal'

/**
 * One check of {@link verifyPublicRecord}, named after what it compares.
 *
 * @example
 * const check: PublicCheck = { name: 'seed_commitment', ok: true, detail: 'SHA-256 of the revealed seed matches' }
 */
export type PublicCheck = { name: string; ok: boolean; detail: string }

/**
 * The outcome of {@link verifyPublicRecord}: every check in order, the first difference (null when all pass),
 * the first bad ledger entry, and how many allocations re-derived.
 *
 * @example
 * const report: PublicVerification = verifyPublicRecord(record, ledger)
 */
export type PublicVerification = {
  ok: boolean
  trial_id: string
  first_difference: string | null
  checks: PublicCheck[]
  ledger: { entries: number; entries_checked: number; head: string; first_bad: LedgerBreak | null }
  allocations_checked: number
  first_bad_allocation: {
    sequence: number
    household: string
    recorded: string
    derived: string
  } | null
}

function parse<T>(
  schema: { safeParse(v: unknown): { success: true; data: T } | { success: false; error: any } },
  value: unknown,
  what: string
): T {
  const parsed = schema.safeParse(value)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues as Array<{ path: PropertyKey[]; message: string }>
  throw new InvalidAllocationExportError(
    `invalid ${what}: ${issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    { issues: issues.map((i) => ({ path: i.path.map(String), message: i.message })) }
  )
}

/**
 * Verifies a trial from its public material alone: the registration record (`record.json`) and the allocation
 * ledger (`allocations.json`). It recomputes the protocol hash and the registration hash, compares every
 * registration field the ledger carries, checks the revealed seed against its commitment and the block sizes
 * against theirs, recomputes the ledger chain against the published head and count, and re-derives every
 * allocation with the recorded algorithm. Throws `InvalidAllocationExportError` if a document is malformed.
 *
 * @example
 * const report = verifyPublicRecord(JSON.parse(recordText), JSON.parse(ledgerText))
 * report.first_difference // null when the trial re-derives
 */
export function verifyPublicRecord(recordInput: unknown, ledgerInput: unknown): PublicVerification {
  const record: PublicRecord = parse(publicRecordSchema, recordInput, 'registration record')
  const ledger: PublicLedger = parse(publicLedgerSchema, ledgerInput, 'allocation ledger')
  const body = record.registration as RegistrationBody
  const checks: PublicCheck[] = []
  const check = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail })

  check(
    'trial_id',
    record.trial_id === body.trial_id && ledger.trial_id === body.trial_id,
    `record ${record.trial_id}, registration ${body.trial_id}, ledger ${ledger.trial_id}`
  )
  const copies: Array<[string, string | null, string | null]> = [
    ['registration_hash', record.registration_hash, ledger.registration_hash],
    ['protocol_hash', body.protocol_hash, ledger.protocol_hash],
    ['algorithm', body.algorithm, ledger.algorithm],
    ['engine', body.engine, ledger.engine],
    ['seed_commitment', body.seed_commitment, ledger.seed_commitment],
  ]
  for (const [name, inRecord, inLedger] of copies) {
    check(
      name,
      inRecord === inLedger,
      inRecord === inLedger
        ? `record and ledger agree: ${inRecord}`
        : `${name} differs: record says ${inRecord}, ledger says ${inLedger}`
    )
  }
  const computedProtocolHash = protocolHash(body.protocol)
  check(
    'protocol_hash',
    computedProtocolHash === body.protocol_hash,
    computedProtocolHash === body.protocol_hash
      ? 'the registered protocol hashes to protocol_hash'
      : `protocol_hash differs: the registered protocol hashes to ${computedProtocolHash}, the record says ${body.protocol_hash}`
  )
  const computedRegistration = registrationHash(body)
  check(
    'registration_hash',
    computedRegistration === record.registration_hash,
    computedRegistration === record.registration_hash
      ? 'the registration (protocol, algorithm, engine, seed commitment) hashes to registration_hash'
      : `registration_hash differs: the registration (protocol, algorithm, engine, seed commitment) hashes to ${computedRegistration}, the record says ${record.registration_hash}`
  )
  const seed = record.seed
  if (seed === null) {
    check('seed', false, 'the seed is not revealed yet: allocations can be re-derived after close')
  } else {
    const computed = sha256Hex(seed)
    check(
      'seed_commitment',
      computed === body.seed_commitment,
      computed === body.seed_commitment
        ? 'SHA-256 of the revealed seed matches the commitment'
        : `seed_commitment differs: SHA-256 of the revealed seed is ${computed}, the commitment is ${body.seed_commitment}`
    )
  }
  const opened = openRandomisation(body.protocol, record.sealed, seed ?? '')
  if (seed !== null)
    check('block_sizes', opened.ok, opened.ok ? 'sealed parameters match' : opened.reason)

  const genesis = ledgerGenesis(body.trial_id, body.seed_commitment)
  check(
    'ledger_genesis',
    genesis === record.ledger.genesis,
    genesis === record.ledger.genesis
      ? 'the ledger starts from the trial and its seed commitment'
      : `ledger genesis differs: computed ${genesis}, the record says ${record.ledger.genesis}`
  )
  check(
    'ledger_head',
    ledger.head === record.ledger.head,
    ledger.head === record.ledger.head
      ? 'the ledger file and the record publish the same head'
      : `ledger head differs: ledger file says ${ledger.head}, the record says ${record.ledger.head}`
  )
  const chain = verifyLedgerChain(genesis, ledger.entries, {
    count: record.ledger.entries,
    head: record.ledger.head,
  })
  check(
    'ledger_chain',
    chain.ok,
    chain.ok
      ? `${chain.entries_checked} entries chain to the published head`
      : chain.first_bad!.detail
  )

  let allocationsChecked = 0
  let firstBadAllocation: PublicVerification['first_bad_allocation'] = null
  if (seed !== null && opened.ok) {
    try {
      const allocator = createAllocator(opened.randomisation, seed, { algorithm: body.algorithm })
      for (const entry of ledger.entries) {
        const derived = allocator.allocate({ ...entry.unit, id: entry.household })
        if (derived.arm !== entry.arm) {
          firstBadAllocation = {
            sequence: entry.sequence,
            household: entry.household,
            recorded: entry.arm,
            derived: derived.arm,
          }
          break
        }
        allocationsChecked += 1
      }
      check(
        'allocations',
        firstBadAllocation === null,
        firstBadAllocation === null
          ? `all ${allocationsChecked} allocations re-derive from the seed`
          : `allocation ${firstBadAllocation.sequence} (household ${firstBadAllocation.household}) is ${firstBadAllocation.recorded} in the ledger but re-derives as ${firstBadAllocation.derived}`
      )
    } catch (error) {
      if (!(error instanceof DomainError)) throw error
      check(
        'allocations',
        false,
        `re-derivation stopped after ${allocationsChecked} allocations at entry ${allocationsChecked + 1}: ${error.message}`
      )
    }
  }
  const failed = checks.find((c) => !c.ok)
  return {
    ok: failed === undefined,
    trial_id: record.trial_id,
    first_difference: failed ? `${failed.name}: ${failed.detail}` : null,
    checks,
    ledger: {
      entries: ledger.entries.length,
      entries_checked: chain.entries_checked,
      head: chain.head,
      first_bad: chain.first_bad,
    },
    allocations_checked: allocationsChecked,
    first_bad_allocation: firstBadAllocation,
  }
}
