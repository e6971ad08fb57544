import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/** One JSON line per request. Paths carry ids only; tokens and household references never appear. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now()
  await next()
  c.var.deps.logger.info({
    msg: 'request',
    request_id: c.var.requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    user_id: c.var.principal?.userId,
  })
})
