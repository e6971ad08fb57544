import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { Role } from '../db/schema'
import type { AppEnv } from '../env'
import { createRouter } from '../openapi'
import { ProblemError } from '../problem'
import {
  endSession,
  openSession,
  randomSecret,
  resolveSession,
  sameSecret,
  SESSION_HOURS,
} from '../services/sessions'
import {
  Button,
  CsrfField,
  ErrorSummary,
  NotificationBanner,
  TextInput,
  type FieldError,
} from './components'
import { errorPage, page } from './render'

type Ctx = Context<AppEnv>

const SESSION_COOKIE = 'tw_session'
/** Double-submit cookie protecting the sign-in form, which is posted before any session exists. */
const SIGN_IN_COOKIE = 'tw_sign_in'

const secure = (c: Ctx) => new URL(c.req.url).protocol === 'https:'

/** A safe place to return to after sign-in: a path on this site, never another origin. */
function safeNext(next: string | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.includes('\\')) return '/app'
  return next
}

async function formField(c: Ctx, name: string): Promise<string | undefined> {
  const type = c.req.header('content-type') ?? ''
  if (!type.startsWith('application/x-www-form-urlencoded') && !type.startsWith('multipart/'))
    return undefined
  const form = await c.req.parseBody({ all: true })
  const value = form[name]
  return typeof value === 'string' ? value : undefined
}

/** The page a signed-out user is sent to, remembering where they were going. */
function toSignIn(c: Ctx, expired: boolean) {
  const url = new URL(c.req.url)
  const next = c.req.method === 'GET' ? url.pathname + url.search : url.pathname
  return c.redirect(`/sign-in?next=${encodeURIComponent(next)}${expired ? '&expired=1' : ''}`, 303)
}

/**
 * Pages for signed-in users: resolves the session cookie into the same `Principal` the API's
 * bearer tokens give (src/auth), lets only `roles` in, and refuses any form posted without the
 * session's CSRF token. A missing or expired session goes to sign-in and back.
 */
export const signedIn = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const session = await resolveSession(c.var.db, getCookie(c, SESSION_COOKIE), c.var.deps.clock())
    if (session.state !== 'active') return toSignIn(c, session.state === 'expired')
    c.set('principal', session.principal)
    c.set('csrfToken', session.csrfToken)
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const sent = await formField(c, 'csrf_token')
      if (!sent || !sameSecret(sent, session.csrfToken))
        return errorPage(
          c,
          403,
          'Your form could not be sent',
          'The form was missing its security token, or it came from another site. Go back, reload the page and try again.'
        )
    }
    if (roles.length && !roles.includes(session.principal.role))
      return errorPage(
        c,
        403,
        'You cannot use this page',
        `This page is for the ${roles.join(' or ')} role; you are signed in as ${session.principal.role}.`
      )
    await next()
    // A signed-in page holds a council's data: keep it out of shared and browser caches.
    c.res.headers.set('cache-control', 'no-store')
  })

function SignInForm(props: { csrf: string; next: string; errors: FieldError[]; notice?: string }) {
  return (
    <div class='govuk-grid-row'>
      <div class='govuk-grid-column-two-thirds'>
        <ErrorSummary errors={props.errors} />
        {props.notice ? <NotificationBanner heading={props.notice} /> : null}
        <h1 class='govuk-heading-l'>Sign in to trialworks</h1>
        <p class='govuk-body'>
          Use the account token your administrator gave you. It starts with <code>tw_</code>. You
          stay signed in for {SESSION_HOURS} hours on this device.
        </p>
        <form method='post' action='/sign-in' novalidate>
          <CsrfField token={props.csrf} />
          <input type='hidden' name='next' value={props.next} />
          <TextInput
            id='token'
            label='Account token'
            hint='For the demo, copy a token from .data/demo-tokens.json'
            type='password'
            autocomplete='off'
            spellcheck={false}
            error={props.errors.find((e) => e.field === 'token')?.text}
          />
          <Button>Sign in</Button>
        </form>
      </div>
    </div>
  )
}

function signInPage(c: Ctx, next: string, errors: FieldError[], notice?: string) {
  const csrf = randomSecret()
  setCookie(c, SIGN_IN_COOKIE, csrf, {
    httpOnly: true,
    sameSite: 'Strict',
    secure: secure(c),
    path: '/sign-in',
  })
  return page(
    c,
    {
      title: 'Sign in',
      hasErrors: errors.length > 0,
      children: <SignInForm csrf={csrf} next={next} errors={errors} notice={notice} />,
    },
    errors.length ? 422 : 200
  )
}

const MISSING_TOKEN =
  'The sign-in form was missing its security token. Go back, reload the page and try again.'

/** Whether the sign-in form came with the security token its page set in a cookie. */
function signInFormSent(c: Ctx, sent: unknown) {
  const expected = getCookie(c, SIGN_IN_COOKIE)
  const token = typeof sent === 'string' ? sent : ''
  return Boolean(expected && token && sameSecret(token, expected))
}

/** Opens a session with an account token, or says why the token cannot be used. */
async function openOrRefuse(c: Ctx, token: string) {
  try {
    return await openSession(c.var.db, token, c.var.deps.clock(), c.var.requestId)
  } catch (err) {
    if (err instanceof ProblemError && err.status === 401)
      return {
        refused: `This token cannot be used: ${err.message.replace(/^the bearer token/, 'it')}`,
      }
    throw err
  }
}

/** Swaps the sign-in form's cookie for the session's. */
function keepSession(c: Ctx, secret: string) {
  deleteCookie(c, SIGN_IN_COOKIE, { path: '/sign-in' })
  setCookie(c, SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: secure(c),
    path: '/',
    maxAge: SESSION_HOURS * 3600,
  })
}

export const signInPages = createRouter()
  .get('/sign-in', (c) => {
    const q = c.req.query()
    const notice =
      q.expired === '1'
        ? 'Your session has ended. Sign in again to continue.'
        : q.signed_out === '1'
          ? 'You have signed out.'
          : undefined
    return signInPage(c, safeNext(q.next), [], notice)
  })
  .post('/sign-in', async (c) => {
    const form = await c.req.parseBody()
    const next = safeNext(typeof form.next === 'string' ? form.next : undefined)
    if (!signInFormSent(c, form.csrf_token))
      return errorPage(c, 403, 'Your form could not be sent', MISSING_TOKEN)
    const token = typeof form.token === 'string' ? form.token.trim() : ''
    if (!token) return signInPage(c, next, [{ field: 'token', text: 'Enter your account token' }])
    const opened = await openOrRefuse(c, token)
    if ('refused' in opened) return signInPage(c, next, [{ field: 'token', text: opened.refused }])
    keepSession(c, opened.secret)
    return c.redirect(next, 303)
  })
  .post('/sign-out', signedIn(), async (c) => {
    const secret = getCookie(c, SESSION_COOKIE)
    if (secret) await endSession(c.var.db, secret, c.var.deps.clock())
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.redirect('/sign-in?signed_out=1', 303)
  })

/** After `signedIn()`: lets only `roles` use a page; anyone else gets a 403 page. */
export const only = (...roles: Role[]) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const role = c.var.principal.role
    if (!roles.includes(role))
      return errorPage(
        c,
        403,
        'You cannot use this page',
        `This page is for the ${roles.join(' or ')} role; you are signed in as ${role}.`
      )
    await next()
  })
