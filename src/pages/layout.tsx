import type { Child } from 'hono/jsx'
import { SITE_CSS_PATH } from './stylesheet'

export function Layout(props: { title: string; children: Child }) {
  return (
    <html lang='en-GB'>
      <head>
        <meta charset='utf-8' />
        <meta name='viewport' content='width=device-width, initial-scale=1' />
        <title>{props.title} · trialworks</title>
        <link rel='stylesheet' href={SITE_CSS_PATH} />
      </head>
      <body>
        <header>
          <a href='/'>trialworks</a>
          <nav>
            <a href='/'>Trial registry</a>
            <a href='/docs'>API reference</a>
          </nav>
        </header>
        <main>{props.children}</main>
      </body>
    </html>
  )
}
