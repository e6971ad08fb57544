import { and, asc, eq, isNotNull, isNull } from 'drizzle-orm'
import { registeredProtocol } from '../../trials/commands'
import { CURRENT_ALGORITHM } from '../../trials/randomisation'
import { registrationBody } from '../../trials/registration-record'
import type { Database } from '../db/client'
import { analysisRuns, auditEvents, enrolments, trials } from '../db/schema'
import { chainUnchainedAuditRows } from './audit'
import { recordDataView } from './data-view'
import { backfillLedger } from './ledger'

/**
 * Brings records made before the trust records existed up to date, once, after migrating: chains old audit
 * rows, writes a registration record for each trial registered earlier (marked `backfilled`, with the algorithm
 * its allocations were made with, no engine identity and nothing sealed, so its protocol hash is unchanged) and
 * its public ledger from its enrolments, and stamps when outcomes were first seen on each trial analysed before
 * stamps were recorded (the time of its first analysis run). Every step is idempotent.
 */
export async function backfillTrustRecords(db: Database): Promise<void> {
  await chainUnchainedAuditRows(db)
  const legacy = await db
    .select()
    .from(trials)
    .where(and(isNotNull(trials.registeredAt), isNull(trials.registration)))
  for (const trial of legacy) {
    await db.transaction(async (tx) => {
      const [first] = await tx
        .select({ algorithm: enrolments.algorithm })
        .from(enrolments)
        .where(eq(enrolments.trialId, trial.id))
        .orderBy(asc(enrolments.sequence))
        .limit(1)
      const [registered] = await tx
        .select({ detail: auditEvents.detail })
        .from(auditEvents)
        .where(and(eq(auditEvents.entityId, trial.id), eq(auditEvents.action, 'trial.register')))
        .limit(1)
      const { body, hash } = registrationBody({
        trialId: trial.id,
        version: trial.protocolVersion,
        protocol: registeredProtocol(trial),
        algorithm: first?.algorithm ?? CURRENT_ALGORITHM,
        engine: null,
        seed: trial.seed!,
        seedSupplied: registered?.detail?.seed_supplied === true,
        backfilled: true,
        seal: false,
      })
      const [row] = await tx
        .update(trials)
        .set({ registration: body, registrationHash: hash })
        .where(eq(trials.id, trial.id))
        .returning()
      await backfillLedger(tx, row!)
    })
  }
  await backfillOutcomeStamps(db)
}

/**
 * A trial with analysis runs and no outcome-seen stamp was analysed before stamps were recorded: its first run
 * is when outcomes were first seen (at the latest), so the stamp takes that run's time and kind, audited as any
 * stamp (by no actor). Amendments made before then keep `outcomes_seen` null: not recorded.
 */
async function backfillOutcomeStamps(db: Database): Promise<void> {
  const unstamped = await db.select().from(trials).where(isNull(trials.outcomesSeenAt))
  for (const trial of unstamped) {
    const [first] = await db
      .select()
      .from(analysisRuns)
      .where(eq(analysisRuns.trialId, trial.id))
      .orderBy(asc(analysisRuns.createdAt))
      .limit(1)
    if (!first) continue
    await db.transaction((tx) =>
      recordDataView(
        tx,
        {
          userId: null,
          role: null,
          councilId: trial.councilId,
          requestId: null,
          at: first.createdAt,
        },
        trial,
        {
          kind: first.kind === 'planned' ? 'planned-analysis' : 'exploratory-analysis',
          run: first.id,
        }
      )
    )
  }
}
