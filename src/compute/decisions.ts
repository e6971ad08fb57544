import type {
  AuditEvent,
  decideExploratoryAnalysis,
  decidePlannedAnalysis,
} from '../../trials/commands'
import { compute } from './index'
import { RUN_ID_PLACEHOLDER } from './tasks'

/** Gives a decision computed off the request thread its `audit(runId)` back. */
function withAudit<D>(decision: D): D {
  const events = (decision as { auditEvents?: AuditEvent[] }).auditEvents
  if (!events) return decision
  const { auditEvents: _, ...rest } = decision as D & { auditEvents: AuditEvent[] }
  const text = JSON.stringify(events)
  return {
    ...rest,
    audit: (runId: string) => JSON.parse(text.split(RUN_ID_PLACEHOLDER).join(runId)),
  } as D
}

/** `decidePlannedAnalysis`, run where `compute()` runs heavy work (a worker thread on Node). */
export async function decidePlannedAnalysisOffThread(
  ...args: Parameters<typeof decidePlannedAnalysis>
): Promise<ReturnType<typeof decidePlannedAnalysis>> {
  return withAudit((await compute('plannedAnalysis', ...args)) as never)
}

/** `decideExploratoryAnalysis`, run where `compute()` runs heavy work. */
export async function decideExploratoryAnalysisOffThread(
  ...args: Parameters<typeof decideExploratoryAnalysis>
): Promise<ReturnType<typeof decideExploratoryAnalysis>> {
  return withAudit((await compute('exploratoryAnalysis', ...args)) as never)
}
