import { and, asc, desc, eq, gt, sql } from 'drizzle-orm'
import { LEDGER_FORMAT, appendToLedger, ledgerGenesis, ledgerUnit } from '../../trials/ledger'
import { registeredProtocol } from '../../trials/commands'
import type { Executor } from '../db/client'
import { allocationLedger, enrolments, type trials } from '../db/schema'

type TrialRow = typeof trials.$inferSelect
type EnrolmentRow = typeof enrolments.$inferSelect

/** The last entry of a trial's ledger (its sequence number and hash), if it has one. */
export async function ledgerTail(
  tx: Executor,
  trialId: string
): Promise<{ sequence: number; hash: string } | undefined> {
  const [last] = await tx
    .select({ sequence: allocationLedger.sequence, hash: allocationLedger.hash })
    .from(allocationLedger)
    .where(eq(allocationLedger.trialId, trialId))
    .orderBy(desc(allocationLedger.sequence))
    .limit(1)
  return last
}

/** The ledger's genesis, number of entries and head (the genesis while empty). */
export async function ledgerHead(
  tx: Executor,
  trial: { id: string; seedCommitment: string | null }
) {
  const genesis = ledgerGenesis(trial.id, trial.seedCommitment!)
  const last = await ledgerTail(tx, trial.id)
  return {
    format: LEDGER_FORMAT,
    genesis,
    entries: last?.sequence ?? 0,
    head: last?.hash ?? genesis,
  }
}

/**
 * Appends new enrolments to the trial's public ledger, inside the enrolling transaction (which holds the
 * trial row lock), so there is never an allocation without its ledger entry.
 */
export async function appendEnrolmentsToLedger(
  tx: Executor,
  trial: TrialRow,
  rows: readonly EnrolmentRow[]
): Promise<void> {
  if (rows.length === 0) return
  const chained = await ledgerEntriesFor(tx, trial, rows)
  const enrolmentOf = new Map(rows.map((r) => [r.sequence, r.id]))
  for (let i = 0; i < chained.length; i += 1000) {
    await tx.insert(allocationLedger).values(
      chained.slice(i, i + 1000).map((e) => ({
        trialId: trial.id,
        sequence: e.sequence,
        household: e.household,
        unit: e.unit,
        arm: e.arm,
        hash: e.hash,
        enrolmentId: enrolmentOf.get(e.sequence)!,
      }))
    )
  }
}

/**
 * The ledger entries of new enrolments, chained onto the trial's ledger head (read under the trial row lock,
 * which the enrolling transaction holds), for a caller that inserts them itself.
 */
export async function ledgerEntriesFor(
  tx: Executor,
  trial: TrialRow,
  rows: ReadonlyArray<{
    sequence: number
    household: string
    unit: Record<string, unknown>
    arm: string
  }>,
  tail?: { sequence: number; hash: string } | null
) {
  // From `tail` when the caller already read it (see {@link ledgerTail}) in this transaction; the genesis is
  // hashed only for an empty ledger.
  const last = tail === undefined ? await ledgerTail(tx, trial.id) : tail
  const entries = last?.sequence ?? 0
  const head = last?.hash ?? ledgerGenesis(trial.id, trial.seedCommitment!)
  const config = registeredProtocol(trial).randomisation
  const sorted = [...rows].sort((a, b) => a.sequence - b.sequence)
  if (sorted.length && sorted[0]!.sequence !== entries + 1)
    throw new Error(
      `ledger of trial ${trial.id} ends at ${entries} but enrolment ${sorted[0]!.sequence} is next`
    )
  return appendToLedger(
    head,
    sorted.map((r) => ({
      sequence: r.sequence,
      household: r.household,
      unit: ledgerUnit(config, r.unit),
      arm: r.arm,
    }))
  )
}

/** Every ledger entry of a trial, in sequence order. */
export async function ledgerEntries(db: Executor, trialId: string) {
  const rows = await db
    .select({
      sequence: allocationLedger.sequence,
      household: allocationLedger.household,
      unit: allocationLedger.unit,
      arm: allocationLedger.arm,
      hash: allocationLedger.hash,
    })
    .from(allocationLedger)
    .where(eq(allocationLedger.trialId, trialId))
    .orderBy(asc(allocationLedger.sequence))
  return rows.map((r) => ({
    ...r,
    unit: r.unit,
  }))
}

/**
 * Writes the ledger entries a trial is missing (trials enrolled before the ledger existed), from its
 * enrolments in sequence order. Idempotent.
 */
export async function backfillLedger(tx: Executor, trial: TrialRow): Promise<number> {
  const { entries } = await ledgerHead(tx, trial)
  const [{ n }] = (await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))) as [{ n: number }]
  if (n <= entries) return 0
  const missing = await tx
    .select()
    .from(enrolments)
    .where(and(eq(enrolments.trialId, trial.id), gt(enrolments.sequence, entries)))
    .orderBy(asc(enrolments.sequence))
  await appendEnrolmentsToLedger(tx, trial, missing)
  return missing.length
}
