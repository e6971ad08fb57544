import type { Context } from 'hono'
import { delegate } from '../auth/delegation'
import type { AppEnv } from '../env'
import type { ProblemBody } from '../problem'
import type { FieldError } from './components'

/** An API response: the route's body `T` when it succeeded, its problem document `P` when it refused. */
type ApiResult<T = any, P = ProblemBody> = { status: number; headers: Headers } & (
  { ok: true; body: T } | { ok: false; body: P }
)

/**
 * Calls this app's own API in-process as the signed-in user. Pages never write to the database
 * themselves: every change goes through the same route, validation, service, transaction and
 * audit as an API client's request, so no rule exists twice.
 */
export async function api<T = any, P = ProblemBody>(
  c: Context<AppEnv>,
  method: string,
  path: string,
  body?: { json?: unknown; csv?: string }
): Promise<ApiResult<T, P>> {
  const headers = new Headers({ accept: 'application/json', 'x-request-id': c.var.requestId })
  let payload: string | undefined
  if (body?.json !== undefined) {
    headers.set('content-type', 'application/json')
    payload = JSON.stringify(body.json)
  } else if (body?.csv !== undefined) {
    headers.set('content-type', 'text/csv')
    payload = body.csv
  }
  const { request, release } = delegate(
    new Request(new URL(path, c.req.url), { method, headers, body: payload }),
    c.var.principal
  )
  let res: Response
  let text: string
  try {
    res = await c.var.api(request)
    text = await res.text()
  } finally {
    release()
  }
  const type = res.headers.get('content-type') ?? ''
  const parsed = type.includes('json') && text ? JSON.parse(text) : text
  const meta = { status: res.status, headers: res.headers }
  return res.ok
    ? { ...meta, ok: true, body: parsed as T }
    : { ...meta, ok: false, body: parsed as P }
}

/**
 * A problem document's field errors as page errors, each mapped to the id of its form field (by its
 * pointer, or its place in the list); without field errors, its detail (else `fallback`) on the field
 * of the empty pointer.
 */
export function problemErrors(
  problem: { detail?: string; errors?: unknown },
  fieldOf: (pointer: string, index: number) => string,
  fallback: string,
  describe: (pointer: string) => string = () => ''
): FieldError[] {
  const list = (problem.errors ?? []) as Array<{ pointer: string; detail: string }>
  if (!list.length) return [{ field: fieldOf('', 0), text: capitalise(problem.detail ?? fallback) }]
  return list.map((e, i) => ({
    field: fieldOf(e.pointer, i),
    text: `${describe(e.pointer)}${capitalise(e.detail)}`,
  }))
}

export const capitalise = (s: string) => (s ? s[0]!.toUpperCase() + s.slice(1) : s)
