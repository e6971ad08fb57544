import { createHash } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../env'

/**
 * The Content-Security-Policy of every HTML page: scripts, styles, images and fonts only from this
 * server, no inline script or style (no 'unsafe-inline'), no plugins, no framing, forms posting
 * only here.
 */
const PAGE_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

/** SVG images served on their own (the forest plot) run nothing and load nothing. */
const IMAGE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"

/**
 * Sets PAGE_CSP on every HTML response that has no policy of its own (and IMAGE_CSP on SVG), and
 * `Cache-Control: no-store` on every response to a request that carries credentials, unless the
 * route chose a policy: those responses hold a council's data (household-level exports among them)
 * and must not sit in shared or browser caches.
 */
export const securityHeaders = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  const type = c.res.headers.get('content-type') ?? ''
  if (!c.res.headers.has('content-security-policy')) {
    if (type.startsWith('text/html')) c.res.headers.set('content-security-policy', PAGE_CSP)
    else if (type.startsWith('image/svg+xml'))
      c.res.headers.set('content-security-policy', IMAGE_CSP)
  }
  if (c.req.header('authorization') && !c.res.headers.has('cache-control'))
    c.res.headers.set('cache-control', 'no-store')
})

/** `Cache-Control: no-store` whoever asks: for household-level exports. */
export const noStore = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  c.res.headers.set('cache-control', 'no-store')
})

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`

/**
 * The API reference page's policy. Scalar's page is one inline script that starts the bundle
 * (allowed by its hash, so no other inline script runs) and the bundle served from here
 * (`/scalar.js`); the bundle injects its component styles at run time, which needs
 * 'unsafe-inline' for styles on this page only. Everything it loads comes from this server:
 * the OpenAPI document, and requests the "try it" client sends to this API.
 */
function docsCsp(html: string): string {
  const scripts: string[] = []
  for (const m of html.matchAll(/<script(?![^>]*\bsrc=)[^>]*>([\s\S]*?)<\/script>/g))
    scripts.push(sha256(m[1]!))
  return [
    "default-src 'self'",
    `script-src 'self' ${scripts.join(' ')}`.trim(),
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ')
}

/** Wraps the API reference page's handler: its HTML gets `docsCsp` of itself. */
export const docsPolicy = createMiddleware<AppEnv>(async (c, next) => {
  await next()
  const html = await c.res.clone().text()
  c.res.headers.set('content-security-policy', docsCsp(html))
})
