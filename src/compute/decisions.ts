import type {
  AuditEvent,
  decideExploratoryAnalysis,
  decidePlannedAnalysis,
} from '../../trials/commands'
import { compute } from './index'
import { RUN_ID_PLACEHOLDER, type PortableDecision } from './tasks'

/** Gives a decision computed off the request thread its `audit(runId)` back. */
function withAudit<D extends object>(decision: PortableDecision<D>): D {
  if (!('auditEvents' in decision)) return decision as D
  const { auditEvents, ...rest } = decision as { auditEvents: AuditEvent[] }
  const text = JSON.stringify(auditEvents)
  const audit = (runId: string): AuditEvent[] =>
    JSON.parse(text.split(RUN_ID_PLACEHOLDER).join(runId))
  return { ...rest, audit } as D
}

/** `decidePlannedAnalysis`, run where `compute()` runs heavy work (a worker thread on Node). */
export async function decidePlannedAnalysisOffThread(
  ...args: Parameters<typeof decidePlannedAnalysis>
): Promise<ReturnType<typeof decidePlannedAnalysis>> {
  return withAudit<ReturnType<typeof decidePlannedAnalysis>>(
    await compute('plannedAnalysis', ...args)
  )
}

/** `decideExploratoryAnalysis`, run where `compute()` runs heavy work. */
export async function decideExploratoryAnalysisOffThread(
  ...args: Parameters<typeof decideExploratoryAnalysis>
): Promise<ReturnType<typeof decideExploratoryAnalysis>> {
  return withAudit<ReturnType<typeof decideExploratoryAnalysis>>(
    await compute('exploratoryAnalysis', ...args)
  )
}
