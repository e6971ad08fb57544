import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'drizzle-orm'
import { createRouter, problemResponses } from '../openapi'
import { problemResponse } from '../problem'

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['Service'],
  summary: 'Liveness: the process is serving requests',
  responses: {
    200: {
      description: 'Alive',
      content: { 'application/json': { schema: z.object({ status: z.literal('ok') }) } },
    },
  },
})

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['Service'],
  summary: 'Readiness: the database answers',
  responses: {
    200: {
      description: 'Ready',
      content: {
        'application/json': {
          schema: z.object({ status: z.literal('ready'), database: z.literal('ok') }),
        },
      },
    },
    ...problemResponses(503),
  },
})

export const healthRoutes = createRouter()
  .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
  .openapi(readyz, async (c) => {
    try {
      await c.var.db.execute(sql`select 1`)
      return c.json({ status: 'ready' as const, database: 'ok' as const }, 200)
    } catch (err) {
      c.var.deps.logger.error({
        msg: 'readiness check failed',
        request_id: c.var.requestId,
        error: String(err),
      })
      return problemResponse(
        c,
        503,
        'database-unavailable',
        'the database is not answering'
      ) as never
    }
  })
