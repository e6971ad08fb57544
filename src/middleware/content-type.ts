import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'
import { ProblemError } from '../problem'

/**
 * Refuses a request body in any media type the route does not take (415). Without this, a JSON
 * validator silently sees an empty object when the content type is wrong.
 */
export const requireContentType = (...accepted: string[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const method = c.req.method
    if (method === 'POST' || method === 'PUT' || method === 'PATCH') {
      const length = c.req.header('content-length')
      const hasBody =
        (length !== undefined && length !== '0') || c.req.header('transfer-encoding') !== undefined
      if (hasBody || c.req.header('content-type')) {
        const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
        if (!accepted.includes(type)) {
          throw new ProblemError(
            415,
            'unsupported-media-type',
            `send the body as ${accepted.join(' or ')}; got ${type || 'no content type'}`,
            { accepted }
          )
        }
      }
    }
    await next()
  })
