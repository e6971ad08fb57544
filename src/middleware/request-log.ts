import { createMiddleware } from 'hono/factory'
import { householdKeyOf } from '../../trials/data'
import type { AppEnv } from '../env'

/**
 * A request path as it may be logged or echoed: a council's case reference given in place of a
 * household pseudonym (`/households/HOC-00017/...`) is replaced by `{case-ref}`, so raw references
 * never reach logs or problem documents.
 */
export function redactedPath(path: string): string {
  return path.replace(/(\/households\/)([^/]+)/g, (whole, prefix: string, segment: string) => {
    let decoded = segment
    try {
      decoded = decodeURIComponent(segment)
    } catch {
      // A malformed escape is not a pseudonym either.
    }
    return 'ref' in householdKeyOf(decoded) ? `${prefix}{case-ref}` : whole
  })
}

/** One JSON line per request. Paths carry ids only; tokens and household references never appear. */
export const requestLog = createMiddleware<AppEnv>(async (c, next) => {
  const started = performance.now()
  await next()
  c.get('deps').logger.info({
    msg: 'request',
    request_id: c.get('requestId'),
    method: c.req.method,
    path: redactedPath(c.req.path),
    status: c.res.status,
    duration_ms: Math.round((performance.now() - started) * 10) / 10,
    user_id: c.get('principal')?.userId,
  })
})
