import type { Context } from 'hono'
import type { Child } from 'hono/jsx'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { AppEnv } from '../env'
import { Layout, type LayoutProps, type NavItem } from './components'

type Ctx = Context<AppEnv>

/** The pages' navigation for a role. */
function navFor(role: string | undefined): NavItem[] {
  switch (role) {
    case 'officer':
      return [
        { href: '/app', text: 'Dashboard' },
        { href: '/app/trials/new', text: 'Start a trial' },
      ]
    case 'evaluator':
      return [{ href: '/app', text: 'Your trials' }]
    case 'centre':
      return [{ href: '/app', text: 'Ratings worklist' }]
    case 'admin':
      return [{ href: '/app', text: 'All trials' }]
    default:
      return []
  }
}

/** Renders a page inside the layout, as a standards-mode HTML document. */
export function page(
  c: Ctx,
  props: Omit<LayoutProps, 'user' | 'nav' | 'csrfToken' | 'current'> & { children: Child },
  status: ContentfulStatusCode = 200
) {
  const principal: AppEnv['Variables']['principal'] | undefined = c.get('principal')
  const body = (
    <Layout
      {...props}
      user={principal ? { name: principal.name, role: principal.role } : null}
      nav={navFor(principal?.role)}
      csrfToken={c.get('csrfToken')}
      current={c.req.path}
    />
  )
  return c.html(`<!doctype html>${String(body)}`, status)
}

/** The HTML page for a 404 (unknown page or a record that does not exist or is not visible). */
export function notFoundPage(c: Ctx) {
  return page(
    c,
    {
      title: 'Page not found',
      children: (
        <>
          <h1 class='govuk-heading-l'>Page not found</h1>
          <p class='govuk-body'>If you typed the web address, check it is correct.</p>
          <p class='govuk-body'>
            If you pasted the web address, check you copied the entire address. A trial appears in
            the{' '}
            <a class='govuk-link' href='/'>
              trial registry
            </a>{' '}
            once it is registered.
          </p>
        </>
      ),
    },
    404
  )
}

/** The HTML page for any other error on a page: the status and what to do, never internals. */
export function errorPage(c: Ctx, status: ContentfulStatusCode, heading: string, detail: string) {
  return page(
    c,
    {
      title: heading,
      children: (
        <>
          <h1 class='govuk-heading-l'>{heading}</h1>
          <p class='govuk-body'>{detail}</p>
          <p class='govuk-body'>
            <a class='govuk-link' href='/app'>
              Go to your trials
            </a>
          </p>
        </>
      ),
    },
    status
  )
}

/** Paths served as HTML pages: their errors are pages too, not problem documents. */
export const PAGE_PATH = /^\/($|registry\/[^/]+$|evidence\/[^/]+$|app(\/|$)|sign-in$|sign-out$)/
