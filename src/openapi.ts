import { OpenAPIHono, type z } from '@hono/zod-openapi'
import type { AppEnv } from './env'
import { ProblemError, zodProblems } from './problem'

/**
 * Every router is made here so that zod validation failures anywhere become the same
 * RFC 9457 problem: 422 with one entry per field (a JSON Pointer into the body, or the parameter name).
 */
export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return
      const target = (result as { target?: string }).target ?? 'json'
      const prefix = target === 'json' ? '' : `/${target}`
      const errors = zodProblems(result.error, prefix)
      const fields = errors.map((e) => e.pointer || '/').join(', ')
      throw new ProblemError(
        422,
        'validation-failed',
        `the request ${target === 'json' ? 'body' : target} is invalid at ${fields}`,
        { errors }
      )
    },
  })
}

const problemSchemaRef = {
  'application/problem+json': {
    schema: {
      type: 'object',
      properties: {
        type: { type: 'string' },
        title: { type: 'string' },
        status: { type: 'integer' },
        detail: { type: 'string' },
        instance: { type: 'string' },
        errors: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              pointer: { type: 'string' },
              detail: { type: 'string' },
              code: { type: 'string' },
            },
          },
        },
      },
      required: ['type', 'title', 'status'],
    },
  },
} as const

/** Standard error responses for a route's OpenAPI entry. */
export function problemResponses(...statuses: number[]) {
  const descriptions: Record<number, string> = {
    400: 'Malformed request',
    401: 'Missing, invalid, expired or revoked token',
    403: 'The role may not do this',
    404: 'Not found, or not visible to the caller',
    409: 'Conflicts with the current state',
    413: 'Body too large',
    415: 'Unsupported content type',
    422: 'Validation failed; `errors` lists every field',
    429: 'Too many requests for this token; retry after the seconds in `Retry-After`',
  }
  return Object.fromEntries(
    statuses.map((s) => [s, { description: descriptions[s] ?? 'Error', content: problemSchemaRef }])
  )
}

export const bearerSecurity = [{ bearerAuth: [] as string[] }]

/** A required JSON request body validated by `schema`. */
export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  required: true,
  content: { 'application/json': { schema } },
})
