import { createRouter } from '../openapi'

/** The site icon: a forest-plot motif (three intervals and a diamond) on black, drawn as SVG. */
const FAVICON_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="4" fill="#0b0c0c"/><path d="M16 4v24" stroke="#b1b4b6" stroke-width="1.5"/><path d="M6 9h12M9 15h14M7 21h10" stroke="#ffffff" stroke-width="2.5"/><path d="M19 25l3-2.5 3 2.5-3 2.5z" fill="#ffdd00"/></svg>`

/** The stylesheet, GOV.UK Frontend's images and the icon; served by the app itself (no CDN). */
export const staticRoutes = createRouter()
  .get('/assets/app.css', async (c) => {
    const assets = c.var.deps.pageAssets
    if (!assets) return c.notFound()
    return c.body(await assets.stylesheet(), 200, {
      'content-type': 'text/css; charset=utf-8',
      'cache-control': 'public, max-age=3600',
    })
  })
  .get('/assets/images/:name', async (c) => {
    const file = await c.var.deps.pageAssets?.image(c.req.param('name'))
    if (!file) return c.notFound()
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'content-type': file.type,
      'cache-control': 'public, max-age=86400',
    })
  })
  .get('/favicon.svg', (c) =>
    c.body(FAVICON_SVG, 200, {
      'content-type': 'image/svg+xml',
      'cache-control': 'public, max-age=86400',
    })
  )
  // Browsers ask for /favicon.ico before reading the page's <link rel="icon">.
  .get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301))
