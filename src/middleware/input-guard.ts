import { createMiddleware } from 'hono/factory'
import { describeRefusedCodePoint, findRefusedCodePoint } from '../../trials/data'
import type { AppEnv } from '../env'
import { ProblemError, toPointer } from '../problem'
import { scanJson, type JsonShapeLimits } from '../validation/scan-json'

/** Shape limits of ordinary JSON bodies. */
export const REGULAR_SHAPE: JsonShapeLimits = { maxDepth: 32, maxArrayLength: 10_000 }
/** Shape limits of bulk bodies (batch enrolment, JSON imports): long arrays, same depth. */
export const BULK_SHAPE: JsonShapeLimits = { maxDepth: 32, maxArrayLength: 1_000_000 }

const refuse = (pointer: string, where: string, detail: string) =>
  new ProblemError(422, 'unstorable-text', `${where} ${detail}`, {
    errors: [{ pointer, detail, code: 'unstorable-text' }],
  })

/**
 * Whether a request carries a body, from its headers where they say (a request from Node's HTTP server always
 * has Content-Length or Transfer-Encoding when it has a body), so the request need not be materialised; else
 * from the request itself.
 */
function hasBody(request: Request, length: string | undefined, encoding: string | undefined) {
  if (encoding !== undefined) return true
  if (length !== undefined && /^[0-9]+$/.test(length)) return Number(length) > 0
  return request.body !== null
}

/**
 * The one place where request text meets the storage rules, before any handler runs: the decoded
 * path, every query parameter and header, and every string (and key) of a JSON body are checked
 * for code points that are never stored (NUL, unpaired surrogates, control characters,
 * noncharacters: `findRefusedCodePoint`), and a JSON body's depth, array lengths and duplicate keys
 * against `shapeOf(path)`. Refusals are 422 (413 for an over-long array) naming the field by JSON
 * Pointer (`/query/<name>`, `/headers/<name>`, `/path`, or a pointer into the body). CSV bodies are
 * checked cell by cell by the import validator, which reads them as they stream.
 */
export const inputGuard = (
  shapeOf: (path: string) => JsonShapeLimits,
  readsRawBody: (path: string) => boolean
) =>
  createMiddleware<AppEnv>(async (c, next) => {
    let path: string
    try {
      path = decodeURIComponent(c.req.path)
    } catch {
      path = c.req.path
    }
    const inPath = findRefusedCodePoint(path)
    if (inPath) throw refuse('/path', 'the path', describeRefusedCodePoint(inPath))
    const url = c.req.url
    if (url.includes('?')) {
      for (const [name, values] of Object.entries(c.req.queries())) {
        const pointer = toPointer(['query', name])
        const inName = findRefusedCodePoint(name)
        if (inName)
          throw refuse(pointer, 'a query parameter name', describeRefusedCodePoint(inName))
        for (const value of values) {
          const found = findRefusedCodePoint(value)
          if (found)
            throw refuse(pointer, `query parameter ${name}`, describeRefusedCodePoint(found))
        }
      }
    }
    for (const [name, value] of Object.entries(c.req.header())) {
      const found = findRefusedCodePoint(value)
      if (found)
        throw refuse(
          toPointer(['headers', name]),
          `header ${name}`,
          describeRefusedCodePoint(found)
        )
    }
    const method = c.req.method
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
    if (
      (method === 'POST' || method === 'PUT' || method === 'PATCH') &&
      type === 'application/json' &&
      hasBody(c.req.raw, c.req.header('content-length'), c.req.header('transfer-encoding'))
    ) {
      const text = await c.req.text()
      const problem = scanJson(text, shapeOf(c.req.path))
      if (problem)
        throw new ProblemError(problem.status, problem.code, problem.detail, {
          errors: [{ pointer: problem.pointer, detail: problem.detail, code: problem.code }],
        })
      // Handlers that read the raw stream (JSON imports) get the same bytes back; the others read the body parsed
      // here (a body that does not parse is left to the route's validator, which answers it).
      if (readsRawBody(c.req.path)) c.req.raw = new Request(c.req.raw, { body: text })
      else {
        try {
          c.req.bodyCache.json = Promise.resolve(JSON.parse(text))
        } catch {
          // Malformed JSON: the validator reads the text again and refuses it.
        }
      }
    }
    await next()
  })
