import type { Child } from 'hono/jsx'

export interface NavItem {
  href: string
  text: string
}

export interface LayoutProps {
  title: string
  children: Child
  /** The signed-in user, shown in the header with a sign-out button. */
  user?: { name: string; role: string } | null
  /** Extra navigation for the signed-in user's role. */
  nav?: NavItem[]
  /** The path of the page, to mark the current navigation item. */
  current?: string
  /** True when the page shows form errors: the title starts "Error:" (GOV.UK pattern). */
  hasErrors?: boolean
  csrfToken?: string
  beforeContent?: Child
  /** Wider pages (tables of results) use the full width of the container. */
  wide?: boolean
}

/**
 * The page template: GOV.UK Frontend's template markup (skip link, header, service navigation,
 * phase banner, main, footer) without the GOV.UK crown and typeface, which belong to GOV.UK only.
 * No inline script or style: the Content-Security-Policy allows neither.
 */
export function Layout(props: LayoutProps) {
  const nav: NavItem[] = [{ href: '/', text: 'Trial registry' }, ...(props.nav ?? [])]
  return (
    <html lang='en-GB' class='govuk-template'>
      <head>
        <meta charset='utf-8' />
        <title>
          {props.hasErrors ? 'Error: ' : ''}
          {props.title} – trialworks
        </title>
        <meta name='viewport' content='width=device-width, initial-scale=1, viewport-fit=cover' />
        <meta name='theme-color' content='#0b0c0c' />
        <link rel='icon' href='/favicon.svg' type='image/svg+xml' />
        <link rel='stylesheet' href='/assets/app.css' />
      </head>
      <body class='govuk-template__body'>
        <a href='#main-content' class='govuk-skip-link'>
          Skip to main content
        </a>
        <header class='govuk-template__header'>
          <section class='govuk-service-navigation' aria-label='Service information'>
            <div class='govuk-width-container'>
              <div class='govuk-service-navigation__container'>
                <span class='govuk-service-navigation__service-name'>
                  <a href='/' class='govuk-service-navigation__link'>
                    trialworks
                  </a>
                </span>
                <nav aria-label='Menu' class='govuk-service-navigation__wrapper'>
                  <ul class='govuk-service-navigation__list' id='navigation'>
                    {nav.map((item) => {
                      const active = props.current === item.href
                      return (
                        <li
                          class={`govuk-service-navigation__item${active ? ' govuk-service-navigation__item--active' : ''}`}
                        >
                          <a
                            class='govuk-service-navigation__link'
                            href={item.href}
                            aria-current={active ? 'page' : undefined}
                          >
                            {active ? (
                              <strong class='govuk-service-navigation__active-fallback'>
                                {item.text}
                              </strong>
                            ) : (
                              item.text
                            )}
                          </a>
                        </li>
                      )
                    })}
                    {props.user ? (
                      <li class='govuk-service-navigation__item'>
                        <form method='post' action='/sign-out' class='app-inline-form'>
                          <input type='hidden' name='csrf_token' value={props.csrfToken} />
                          <button
                            type='submit'
                            class='govuk-service-navigation__link app-link-button'
                          >
                            Sign out<span class='govuk-visually-hidden'> {props.user.name}</span>
                          </button>
                        </form>
                      </li>
                    ) : (
                      <li class='govuk-service-navigation__item'>
                        <a class='govuk-service-navigation__link' href='/sign-in'>
                          Sign in
                        </a>
                      </li>
                    )}
                  </ul>
                </nav>
              </div>
            </div>
          </section>
          <div class='govuk-width-container'>
            <div class='govuk-phase-banner'>
              <p class='govuk-phase-banner__content'>
                <strong class='govuk-tag govuk-phase-banner__content__tag'>Beta</strong>
                <span class='govuk-phase-banner__text'>
                  {props.user
                    ? `Signed in as ${props.user.name} (${props.user.role}).`
                    : 'This is a new service.'}{' '}
                  The API reference is at{' '}
                  <a class='govuk-link' href='/docs'>
                    /docs
                  </a>
                  .
                </span>
              </p>
            </div>
          </div>
        </header>
        <div class='govuk-width-container'>
          {props.beforeContent}
          <main class='govuk-main-wrapper' id='main-content'>
            {props.children}
          </main>
        </div>
        <footer class='govuk-footer'>
          <div class='govuk-width-container'>
            <div class='govuk-footer__meta'>
              <div class='govuk-footer__meta-item govuk-footer__meta-item--grow'>
                <h2 class='govuk-visually-hidden'>Support links</h2>
                <ul class='govuk-footer__inline-list'>
                  <li class='govuk-footer__inline-list-item'>
                    <a class='govuk-footer__link' href='/'>
                      Trial registry
                    </a>
                  </li>
                  <li class='govuk-footer__inline-list-item'>
                    <a class='govuk-footer__link' href='/docs'>
                      API reference
                    </a>
                  </li>
                  <li class='govuk-footer__inline-list-item'>
                    <a class='govuk-footer__link' href='/openapi.json'>
                      OpenAPI document
                    </a>
                  </li>
                </ul>
                <div class='govuk-footer__meta-custom'>
                  Pre-registered, reproducible trials for UK local government.
                </div>
              </div>
            </div>
          </div>
        </footer>
      </body>
    </html>
  )
}
