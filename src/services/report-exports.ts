import { asc, eq, sql } from 'drizzle-orm'
import { spiritProtocol, whoTrds } from '../../trials/report'
import type { RegisteredTrial } from '../auth/scope'
import type { Executor } from '../db/client'
import { enrolments, trials } from '../db/schema'
import { loadReportContext, registryPath } from './report'

type TrialRow = RegisteredTrial

/** The registration as the WHO Trial Registration Data Set. */
export async function whoTrdsOf(db: Executor, trial: TrialRow, now: Date) {
  const ctx = await loadReportContext(db, trial, now)
  const [first] = await db
    .select({ at: enrolments.enrolledAt })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))
    .orderBy(asc(enrolments.sequence))
    .limit(1)
  const [{ n }] = (await db
    .select({ n: sql<number>`count(*)::int` })
    .from(enrolments)
    .where(eq(enrolments.trialId, trial.id))) as [{ n: number }]
  return whoTrds({
    protocol: ctx.protocol,
    trialId: trial.id,
    registryUrl: registryPath(trial.id),
    registeredAt: trial.registeredAt?.toISOString().slice(0, 10) ?? null,
    status: trial.status,
    firstEnrolment: first?.at.toISOString().slice(0, 10) ?? null,
    enrolled: n,
    closedAt: trial.closedAt?.toISOString().slice(0, 10) ?? null,
    intervention: ctx.intervention
      ? {
          name: ctx.intervention.name,
          description: ctx.intervention.description,
          owning_council: ctx.intervention.owning_council.name,
        }
      : null,
    council: ctx.council.name,
    resultsUrl: ctx.publication ? `${registryPath(trial.id)}/report` : null,
    resultsSummary: null,
    protocolVersion: trial.protocolVersion,
    protocolHash: trial.protocolHash,
  })
}

/** The registered protocol in SPIRIT 2025 order. */
export async function spiritOf(db: Executor, trial: TrialRow, now: Date) {
  const ctx = await loadReportContext(db, trial, now)
  return spiritProtocol({
    protocol: ctx.protocol,
    trialId: trial.id,
    registryUrl: registryPath(trial.id),
    registeredAt: trial.registeredAt?.toISOString().slice(0, 10) ?? null,
    protocolVersion: trial.protocolVersion,
    protocolHash: trial.protocolHash,
    council: ctx.council.name,
    intervention: ctx.intervention,
    amendments: ctx.amendments,
  })
}
