import { Scalar } from '@scalar/hono-api-reference'
import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { methodNotAllowed } from 'hono/method-not-allowed'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import type { AppDeps, AppEnv } from './env'
import { guardTrial } from './auth/middleware'
import { redactedPath, requestLog } from './middleware/request-log'
import { requireContentType } from './middleware/content-type'
import { BULK_SHAPE, REGULAR_SHAPE, inputGuard } from './middleware/input-guard'
import { docsPolicy, noStore, securityHeaders } from './middleware/security-headers'
import { retryingTransactions } from './db/retry'
import { RateLimiter } from './middleware/rate-limit'
import { createRouter } from './openapi'
import { withRequestExamples } from './openapi-examples'
import { ProblemError, errorToResponse, loggableError, problemResponse } from './problem'
import { adminRoutes } from './routes/admin'
import { healthRoutes } from './routes/health'
import { interventionRoutes } from './routes/interventions'
import { trialRoutes } from './routes/trials'
import { enrolmentRoutes } from './routes/enrolments'
import { dataRoutes } from './routes/data'
import { reportRoutes } from './routes/reports'
import { reportDocumentRoutes } from './routes/report-documents'
import { analysisRoutes } from './routes/analyses'
import { evidenceRoutes } from './routes/evidence'
import { interventionEvidenceRoutes } from './routes/intervention-evidence'
import { pageRoutes } from './pages/routes'
import { trustRoutes } from './routes/trust'
import { evidencePages } from './pages/evidence'
import { reportPages } from './pages/report'
import { problemTypeRoutes } from './routes/problem-types'
import { signInPages } from './pages/sign-in'
import { staticRoutes } from './pages/static'
import { appPages } from './pages/app'
import { PAGE_PATH, errorPage, notFoundPage } from './pages/render'

export const API_TITLE = 'trialworks API'

/** Paths that accept bulk bodies (see `importBodyLimitBytes`). */
const BULK_PATH = /\/(batch|imports)(\/|$)/
/** Paths that accept CSV bodies. */
const IMPORT_PATH = /\/imports(\/|$)/
/** Browsers asking for a page get HTML errors; API clients get problem documents. */
const wantsHtml = (c: { req: { path: string; header(name: string): string | undefined } }) =>
  PAGE_PATH.test(c.req.path) || (c.req.header('accept') ?? '').includes('text/html')

/**
 * Builds the whole application from its dependencies; `server.ts` (Node) and `worker.ts`
 * (Workers) only decide where the database, clock and configuration come from.
 */
export function createApp(appDeps: AppDeps) {
  const app = createRouter()
  const deps: AppDeps = {
    ...appDeps,
    rateLimiter:
      appDeps.rateLimiter ??
      (appDeps.config.rateLimits ? new RateLimiter(appDeps.config.rateLimits) : undefined),
  }

  app.onError((err, c) => {
    if (PAGE_PATH.test(c.req.path) && err instanceof ProblemError) {
      if (err.status === 404) return notFoundPage(c)
      if (err.status < 500)
        return errorPage(c, err.status as 400, 'There is a problem', err.message)
    }
    return errorToResponse(err, c, (e) =>
      deps.logger.error({
        msg: 'unhandled error',
        request_id: c.get('requestId'),
        path: redactedPath(c.req.path),
        ...loggableError(e),
      })
    )
  })
  app.notFound((c) =>
    wantsHtml(c)
      ? notFoundPage(c)
      : problemResponse(
          c,
          404,
          'not-found',
          `no route for ${c.req.method} ${redactedPath(c.req.path)}`
        )
  )

  app.use('*', requestId({ headerName: 'x-request-id' }))
  app.use('*', async (c, next) => {
    c.set('deps', deps)
    c.set('api', async (request: Request) => app.fetch(request, c.env))
    await next()
  })
  app.use('*', requestLog)
  app.use('*', secureHeaders({ contentSecurityPolicy: undefined }))
  app.use('*', securityHeaders)
  app.use('/trials/:id/dataset.csv', noStore)
  app.use('/trials/:id/allocation-export', noStore)
  app.use(
    '*',
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        problemResponse(
          c,
          405,
          'method-not-allowed',
          `${c.req.method} is not allowed here; use ${methods.join(', ')}`,
          { allowed: methods },
          { allow: methods.join(', ') }
        ),
    })
  )
  app.use('*', async (c, next) => {
    const { db, release } = deps.database.acquire(c.env)
    // Serialisation failures and deadlocks rerun the transaction a few times before they are a 503.
    c.set('db', retryingTransactions(db))
    try {
      await next()
    } finally {
      // A shared database has nothing to release (and asking a Node request for its execution context throws).
      if (release) {
        const done = release()
        try {
          c.executionCtx.waitUntil(done)
        } catch {
          await done
        }
      }
    }
  })
  // Data imports take CSV as well as JSON; every other route takes JSON only.
  const jsonBodies = requireContentType('application/json')
  const importBodies = requireContentType('text/csv', 'application/json')
  // Pages take HTML forms (file uploads are multipart).
  const formBodies = requireContentType('application/x-www-form-urlencoded', 'multipart/form-data')
  app.use('*', (c, next) =>
    (PAGE_PATH.test(c.req.path)
      ? formBodies
      : IMPORT_PATH.test(c.req.path)
        ? importBodies
        : jsonBodies)(c, next)
  )
  // Bulk routes (batch enrolment, data imports) take larger bodies than everything else.
  const limit = (maxSize: number) => {
    const tooLarge = () => {
      throw new ProblemError(
        413,
        'body-too-large',
        `the body is larger than this route's limit of ${maxSize} bytes`,
        { limit_bytes: maxSize }
      )
    }
    const streamed = bodyLimit({ maxSize, onError: tooLarge })
    // A length given in the header is judged as `bodyLimit` judges it, without materialising the request (a
    // request from Node's HTTP server reads faster while it stays unmaterialised); a body without one is counted.
    return createMiddleware<AppEnv>(async (c, next) => {
      if (c.req.method === 'GET' || c.req.method === 'HEAD') return next()
      const length = c.req.header('content-length')
      if (length === undefined || !/^[0-9]+$/.test(length) || c.req.header('transfer-encoding'))
        return streamed(c, next)
      return Number(length) > maxSize ? tooLarge() : next()
    })
  }
  const regularLimit = limit(deps.config.bodyLimitBytes)
  const bulkLimit = limit(deps.config.importBodyLimitBytes)
  app.use('*', (c, next) => (BULK_PATH.test(c.req.path) ? bulkLimit : regularLimit)(c, next))
  // Text that cannot be stored, and JSON too deep, too long or with duplicate keys, stop here.
  app.use(
    '*',
    inputGuard(
      (path) => (BULK_PATH.test(path) ? BULK_SHAPE : REGULAR_SHAPE),
      (path) => IMPORT_PATH.test(path)
    )
  )

  app.use('/trials/:id', guardTrial)
  app.use('/trials/:id/*', guardTrial)

  app.route('/', healthRoutes)
  app.route('/', adminRoutes)
  app.route('/', interventionRoutes)
  app.route('/', trialRoutes)
  app.route('/', enrolmentRoutes)
  app.route('/', dataRoutes)
  app.route('/', reportRoutes)
  app.route('/', reportDocumentRoutes)
  app.route('/', analysisRoutes)
  app.route('/', evidenceRoutes)
  app.route('/', interventionEvidenceRoutes)
  app.route('/', problemTypeRoutes)
  app.route('/', trustRoutes)
  app.route('/', pageRoutes)
  app.route('/', evidencePages)
  app.route('/', reportPages)
  app.route('/', staticRoutes)
  app.route('/', signInPages)
  app.route('/', appPages)

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    description:
      'An API token `tw_<id>_<secret>` issued by an administrator (`npm run admin -- create-token`).',
  })
  // Built once, on first request, with a worked example of every request body.
  let document: unknown
  app.get('/openapi.json', (c) => {
    document ??= withRequestExamples(
      app.getOpenAPI31Document({
        openapi: '3.1.0',
        info: {
          title: API_TITLE,
          version: deps.config.version,
          description:
            'Pre-registered, reproducible behavioural-insight trials for UK local government: registry, randomisation, data capture, analysis and evidence ratings. Errors are RFC 9457 `application/problem+json`.',
        },
      })
    )
    return c.json(document as object)
  })
  if (deps.scalarScript) {
    const script = deps.scalarScript
    app.get('/scalar.js', async (c) =>
      c.body(await script(), 200, {
        'content-type': 'text/javascript; charset=utf-8',
        'cache-control': 'public, max-age=86400',
      })
    )
  }
  // Self-contained: no web fonts, no hosted agent or proxy; the page talks only to this server.
  app.get(
    '/docs',
    docsPolicy,
    Scalar({
      url: '/openapi.json',
      pageTitle: API_TITLE,
      withDefaultFonts: false,
      agent: { disabled: true },
      ...(deps.scalarScript || deps.scalarAsset ? { cdn: '/scalar.js' } : {}),
    })
  )
  return app
}

export type App = ReturnType<typeof createApp>
