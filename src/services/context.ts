import type { Context } from 'hono'
import type { Principal } from '../auth/principal'
import { loadTrial, type TrialAction } from '../auth/scope'
import type { Database, Executor } from '../db/client'
import type { AppConfig, AppEnv } from '../env'
import { actorContext, type ActorContext } from './audit'

/** What a service needs from a request: the database, the caller, the audit context and the config. */
export interface RequestContext {
  db: Database
  principal: Principal
  actor: ActorContext
  config: AppConfig
  /** The server's seed source (AppDeps.drawSeed), when replaced. */
  drawSeed?: () => string
}

export function requestContext(c: Context<AppEnv>): RequestContext {
  return {
    db: c.get('db'),
    principal: c.get('principal'),
    actor: actorContext(c),
    config: c.get('deps').config,
    ...(c.get('deps').drawSeed ? { drawSeed: c.get('deps').drawSeed } : {}),
  }
}

/**
 * Runs `work` in one transaction on a trial the caller may act on, holding its row lock, so that
 * load, decide, persist and audit see and leave one consistent state.
 */
export function withTrial<T>(
  rc: RequestContext,
  id: string,
  action: TrialAction,
  work: (tx: Executor, trial: Awaited<ReturnType<typeof loadTrial>>) => Promise<T>
): Promise<T> {
  return rc.db.transaction(async (tx) =>
    work(tx, await loadTrial(tx, rc.principal, id, action, { forUpdate: true }))
  )
}
