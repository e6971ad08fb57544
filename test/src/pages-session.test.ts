import { describe, expect, it } from 'vitest'
import { useHarness } from '../support/harness'

const h = useHarness()

/** The sign-in form's CSRF cookie and hidden field, as a browser would receive them. */
async function signInForm(url = 'http://localhost/sign-in?next=%2Fapp%3Ftab%3D1') {
  const res = await h.app.request(url)
  expect(res.status).toBe(200)
  const html = await res.text()
  const csrf = /name="csrf_token" value="([^"]+)"/.exec(html)![1]!
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!
  return { html, csrf, cookie, setCookie: res.headers.get('set-cookie')! }
}

/** The session cookie a response sets (it also clears the sign-in form's cookie). */
const sessionCookie = (res: Response) =>
  res.headers.getSetCookie().find((c) => c.startsWith('tw_session='))!

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString()
const post = (url: string, cookie: string, body: string) =>
  h.app.request(url, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    body,
    redirect: 'manual',
  })

async function signIn(token: string, url = 'http://localhost/sign-in') {
  const f = await signInForm(url)
  const res = await post(url, f.cookie, form({ csrf_token: f.csrf, token, next: '/app?tab=1' }))
  return res
}

describe('signing in to the pages', () => {
  it('serves a standards-mode page with the stylesheet, icon and skip link', async () => {
    const { html, setCookie } = await signInForm()
    expect(html.startsWith('<!doctype html>')).toBe(true)
    expect(html).toContain('href="/assets/app.css"')
    expect(html).toContain('rel="icon"')
    expect(html).toContain('class="govuk-skip-link"')
    expect(html).not.toMatch(/<script|<style| style="/)
    expect(setCookie).toMatch(/HttpOnly/)
  })

  it('refuses a sign-in form posted without its CSRF token', async () => {
    const f = await signInForm()
    const res = await post(
      'http://localhost/sign-in',
      f.cookie,
      form({ token: h.cast.officerA.token })
    )
    expect(res.status).toBe(403)
    expect(await res.text()).toContain('security token')
    const forged = await post(
      'http://localhost/sign-in',
      f.cookie,
      form({ csrf_token: 'x'.repeat(43), token: h.cast.officerA.token })
    )
    expect(forged.status).toBe(403)
  })

  it('shows a GOV.UK error summary for an empty or invalid token', async () => {
    const f = await signInForm()
    const empty = await post(
      'http://localhost/sign-in',
      f.cookie,
      form({ csrf_token: f.csrf, token: '' })
    )
    expect(empty.status).toBe(422)
    const html = await empty.text()
    expect(html).toContain('govuk-error-summary')
    expect(html).toContain('<title>Error: Sign in')
    expect(html).toContain('href="#token"')
    const wrong = await signIn('tw_AAAAAAAAAAAA_' + 'A'.repeat(43))
    expect(wrong.status).toBe(422)
    expect(await wrong.text()).toContain('This token cannot be used')
  })

  it('opens an HttpOnly, SameSite=Lax session and returns to the page asked for', async () => {
    const res = await signIn(h.cast.officerA.token)
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/app?tab=1')
    const cookie = sessionCookie(res)
    expect(cookie).toMatch(/^tw_session=[A-Za-z0-9_-]{43};/)
    expect(cookie).toMatch(/HttpOnly/)
    expect(cookie).toMatch(/SameSite=Lax/)
    expect(cookie).not.toMatch(/Secure/)
    const app = await h.app.request('/app', { headers: { cookie: cookie.split(';')[0]! } })
    expect(app.status).toBe(200)
    expect(app.headers.get('cache-control')).toBe('no-store')
    expect(app.headers.get('content-security-policy')).not.toContain('unsafe-inline')
    expect(await app.text()).toContain('Your council&#39;s trials')
  })

  it('marks the session cookie Secure over TLS', async () => {
    const res = await signIn(h.cast.centre.token, 'https://localhost/sign-in')
    expect(res.status).toBe(303)
    expect(sessionCookie(res)).toMatch(/Secure/)
  })

  it('never sends the user to another site after sign-in', async () => {
    const f = await signInForm()
    const res = await post(
      'http://localhost/sign-in',
      f.cookie,
      form({ csrf_token: f.csrf, token: h.cast.officerA.token, next: '//evil.example/' })
    )
    expect(res.headers.get('location')).toBe('/app')
  })

  it('sends an expired session to sign-in, then back to the page asked for', async () => {
    const res = await signIn(h.cast.evaluatorA.token)
    const cookie = sessionCookie(res).split(';')[0]!
    const saved = h.now.value
    h.now.value = new Date(saved.getTime() + 9 * 3600_000)
    try {
      const later = await h.app.request('/app?page=2', { headers: { cookie }, redirect: 'manual' })
      expect(later.status).toBe(303)
      expect(later.headers.get('location')).toBe('/sign-in?next=%2Fapp%3Fpage%3D2&expired=1')
      const notice = await h.app.request(later.headers.get('location')!)
      expect(await notice.text()).toContain('Your session has ended')
    } finally {
      h.now.value = saved
    }
  })

  it('signs out: the same cookie no longer opens a page', async () => {
    const res = await signIn(h.cast.officerA.token)
    const cookie = sessionCookie(res).split(';')[0]!
    const home = await (await h.app.request('/app', { headers: { cookie } })).text()
    const csrf = /name="csrf_token" value="([^"]+)"/.exec(home)![1]!
    const out = await post('http://localhost/sign-out', cookie, form({ csrf_token: csrf }))
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/sign-in?signed_out=1')
    const after = await h.app.request('/app', { headers: { cookie }, redirect: 'manual' })
    expect(after.status).toBe(303)
  })

  it('answers an unknown page or registry record with an HTML 404 page', async () => {
    const res = await h.app.request('/registry/00000000-0000-4000-8000-000000000000', {
      headers: { accept: 'text/html' },
    })
    expect(res.status).toBe(404)
    expect(res.headers.get('content-type')).toMatch(/text\/html/)
    expect(await res.text()).toContain('Page not found')
    const api = await h.app.request('/no-such-route')
    expect(api.headers.get('content-type')).toBe('application/problem+json')
  })
})
