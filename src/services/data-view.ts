import { and, eq, isNull } from 'drizzle-orm'
import { decideViewData, type DataView } from '../../trials/commands'
import type { Executor } from '../db/client'
import { trials } from '../db/schema'
import { recordAudit, type ActorContext } from './audit'

type TrialRow = typeof trials.$inferSelect

/**
 * Records that `actor` saw a trial's data or results, in the caller's transaction (the one that reads what is
 * shown or stores the analysis): the audit events of the view and, the first time outcome data are seen, the
 * outcome-seen stamp. The stamp is written only where none is set, so two first views racing each other leave
 * the earlier one. Returns the trial as it now stands.
 */
export async function recordDataView(
  tx: Executor,
  actor: ActorContext,
  trial: TrialRow,
  view: DataView
): Promise<TrialRow> {
  const decision = decideViewData(trial, view, actor.at)
  let row = trial
  let events = decision.audit
  if (decision.patch) {
    const [stamped] = await tx
      .update(trials)
      .set(decision.patch)
      .where(and(eq(trials.id, trial.id), isNull(trials.outcomesSeenAt)))
      .returning()
    if (stamped) row = stamped
    else events = events.filter((e) => e.action !== 'trial.outcomes-seen')
  }
  await recordAudit(tx, actor, events)
  return row
}
