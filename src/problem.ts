import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ZodError } from 'zod'
import { DomainError } from '../analysis'
import { classifyDatabaseError, type DatabaseFailure } from './db/errors'
import { StateConflictError } from '../trials/commands'
import { InvalidTransitionError, ProtocolInvalidError } from '../trials/protocol'
import type { ProtocolProblem } from '../trials/protocol'
import { redactedPath } from './middleware/request-log'

/** One field-level error, as an RFC 9457 extension member: `pointer` is a JSON Pointer into the request. */
interface FieldError {
  pointer: string
  detail: string
  code?: string
}

/** An RFC 9457 problem document; `E` is the shape of its `errors` entries where a route lists others. */
export interface ProblemBody<E = FieldError> {
  type: string
  title: string
  status: number
  detail?: string
  instance?: string
  errors?: E[]
  [extension: string]: unknown
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthorised',
  403: 'Forbidden',
  404: 'Not found',
  405: 'Method not allowed',
  409: 'Conflict',
  413: 'Content too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
}

/**
 * An error the HTTP shell raises on purpose. `slug` becomes the problem `type` URI
 * (`/problems/<slug>`), documented at that path on the server.
 */
export class ProblemError extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {}
  ) {
    super(detail)
    this.name = 'ProblemError'
  }
}

export const notFound = (what: string) =>
  new ProblemError(404, 'not-found', `${what} was not found`)
export const forbidden = (detail: string) => new ProblemError(403, 'forbidden', detail)
export const conflict = (slug: string, detail: string, extensions: Record<string, unknown> = {}) =>
  new ProblemError(409, slug, detail, extensions)
export const unprocessable = (detail: string, errors: FieldError[], slug = 'validation-failed') =>
  new ProblemError(422, slug, detail, { errors })

/** Protocol problems as RFC 9457 field problems (pointers into the protocol document). */
export function protocolProblem(
  detail: string,
  problems: readonly ProtocolProblem[]
): ProblemError {
  const field = (p: ProtocolProblem) => ({
    pointer: `/protocol${p.path}`,
    detail: p.message,
    code: p.code,
  })
  const errors = problems.filter((p) => p.severity === 'error').map(field)
  const warnings = problems.filter((p) => p.severity === 'warning').map(field)
  return new ProblemError(422, 'protocol-invalid', detail, { errors, warnings })
}

/** The HTTP status of a domain error: a state conflict is a 409, any other refusal a 422. */
function domainStatus(err: DomainError): number {
  return err instanceof StateConflictError || err instanceof InvalidTransitionError ? 409 : 422
}

/** Converts a path array from zod into an RFC 6901 JSON Pointer. */
export function toPointer(path: ReadonlyArray<PropertyKey>, prefix = ''): string {
  return prefix + path.map((p) => '/' + String(p).replace(/~/g, '~0').replace(/\//g, '~1')).join('')
}

export function zodProblems(error: ZodError, prefix = ''): FieldError[] {
  return error.issues.map((issue) => {
    const base = { pointer: toPointer(issue.path, prefix), detail: issue.message, code: issue.code }
    if (issue.code === 'unrecognized_keys') {
      return { ...base, detail: `unknown field(s): ${issue.keys.join(', ')}` }
    }
    return base
  })
}

export function problemResponse(
  c: Context,
  status: number,
  slug: string,
  detail: string,
  extensions: Record<string, unknown> = {},
  headers: Record<string, string> = {}
) {
  // RFC 9457 §3.1: the members it defines keep their meaning; an extension never overrides them
  // (a trial's own status travels as `trial_status`).
  const body: ProblemBody = {
    ...extensions,
    type: `/problems/${slug}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    instance: redactedPath(c.req.path),
  }
  const requestId: string | undefined = c.get('requestId')
  if (requestId) body.request_id = requestId
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/problem+json', ...headers },
  })
}

/** The single place where any thrown error becomes a response. Unknown errors never leak internals. */
export function errorToResponse(
  err: unknown,
  c: Context,
  onUnexpected: (err: unknown) => void
): Response {
  if (err instanceof ProblemError)
    return problemResponse(c, err.status, err.slug, err.message, err.extensions, err.headers)
  if (err instanceof ProtocolInvalidError) {
    const problems = (err.details?.problems ?? []) as ProtocolProblem[]
    const p = protocolProblem(err.message, problems)
    return problemResponse(c, p.status, p.slug, p.message, p.extensions)
  }
  if (err instanceof DomainError)
    return problemResponse(c, domainStatus(err), err.code, err.message, err.details ?? {})
  if (err instanceof HTTPException) {
    const status = err.status
    if (status === 400)
      return problemResponse(
        c,
        400,
        'malformed-request',
        err.message || 'the request body could not be parsed'
      )
    if (status === 413)
      return problemResponse(
        c,
        413,
        'body-too-large',
        'the request body is larger than this route accepts'
      )
    return problemResponse(c, status, `http-${status}`, err.message || TITLES[status] || 'error')
  }
  const failure = classifyDatabaseError(err)
  if (failure) {
    const mapped = databaseProblem(c, failure)
    if (mapped) return mapped
  }
  onUnexpected(err)
  return problemResponse(
    c,
    500,
    'internal',
    'an unexpected error occurred; quote the request id when reporting it'
  )
}

/** Seconds a client should wait before retrying when the database is unavailable or contended. */
const RETRY_AFTER_SECONDS = 2

/** Column names as the API spells them (snake_case JSON fields) for a conflict's pointers. */
const fieldPointer = (column: string) => '/' + column.replace(/~/g, '~0').replace(/\//g, '~1')

/**
 * The meaning of a database error: 409 for a unique violation (naming the conflicting fields),
 * 503 with Retry-After when the database is unreachable, restarting, out of connections or kept
 * failing a transaction by contention (after `retryingTransactions` tried again). Integrity and
 * data errors that validation should have caught first are still refused as the client's (409 or
 * 422) rather than reported as a crash; anything else is null: a bug, a 500.
 */
function databaseProblem(c: Context, f: DatabaseFailure): Response | null {
  switch (f.kind) {
    case 'unique': {
      const fields = f.columns.filter(
        (col) => !['trial_id', 'council_id', 'enrolment_id'].includes(col)
      )
      const named = fields.length ? fields : f.columns
      return problemResponse(
        c,
        409,
        'conflict',
        named.length
          ? `another record already has this ${named.join(' and ')}`
          : 'another record already has these values',
        {
          errors: named.map((col) => ({
            pointer: fieldPointer(col),
            detail: `${col} is already taken`,
            code: 'duplicate',
          })),
        }
      )
    }
    case 'foreign-key':
      return problemResponse(
        c,
        409,
        'conflict',
        'the request refers to a record that does not exist, or is still referred to',
        {
          errors: f.columns.map((col) => ({
            pointer: fieldPointer(col),
            detail: `no record matches ${col}`,
            code: 'unknown-reference',
          })),
        }
      )
    case 'check':
    case 'data':
      return problemResponse(
        c,
        422,
        'unstorable-value',
        'a value is outside what the record can hold',
        {
          errors: f.columns.map((col) => ({
            pointer: fieldPointer(col),
            detail: `${col} is outside what the record can hold`,
            code: 'unstorable-value',
          })),
        }
      )
    case 'serialization':
    case 'unavailable':
      return problemResponse(
        c,
        503,
        f.kind === 'serialization' ? 'contention' : 'database-unavailable',
        f.kind === 'serialization'
          ? 'the change kept conflicting with concurrent changes; nothing was written, try again'
          : 'the database is not reachable just now; nothing was written, try again shortly',
        { retry_after_seconds: RETRY_AFTER_SECONDS },
        { 'retry-after': String(RETRY_AFTER_SECONDS) }
      )
    default:
      return null
  }
}

/**
 * What the log may say about an error: for a database error its SQLSTATE, constraint and
 * statement text, never its parameters or message (drizzle's message and stack repeat every
 * parameter: token hashes, pseudonyms, whole protocols).
 */
export function loggableError(err: unknown): Record<string, unknown> {
  const failure = classifyDatabaseError(err)
  if (failure)
    return {
      error: 'database error',
      sqlstate: failure.code,
      kind: failure.kind,
      constraint: failure.constraint,
      table: failure.table,
      statement: failure.statement?.slice(0, 2000),
    }
  return {
    error: err instanceof Error ? `${err.name}: ${err.message}` : String(err),
    stack: err instanceof Error ? err.stack : undefined,
  }
}
