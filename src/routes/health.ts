import { createRoute, z } from '@hono/zod-openapi'
import { createRouter, problemResponses } from '../openapi'
import { checkDatabase } from '../services/health'

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
    await checkDatabase(c.var.db, (error) =>
      c.var.deps.logger.error({ msg: 'readiness check failed', request_id: c.var.requestId, error })
    )
    return c.json({ status: 'ready' as const, database: 'ok' as const }, 200)
  })
