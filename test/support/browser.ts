import { serve, type ServerType } from '@hono/node-server'
import { createHash } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { createApp } from '../../src/app'
import { silentLogger, type PageAssets } from '../../src/env'
import { nodePageAssets } from '../../src/pages/assets-node'
import { openSession } from '../../src/services/sessions'
import { testConfig, type Harness } from './harness'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
/** Screenshots of every page checked, kept for people to look at (gitignored). */
export const ARTIFACTS = resolve(import.meta.dirname, '..', '..', 'test-artifacts')
/**
 * Screenshots are taken only when asked for (`SCREENSHOTS=1 npm test`): they are for people to look at, assert
 * nothing, and encoding full-page images at two widths took a third of the browser tests' time.
 */
export const SCREENSHOTS = Boolean(process.env.SCREENSHOTS)

const require = createRequire(import.meta.url)
const root = resolve(import.meta.dirname, '..', '..')

/**
 * Where the test server serves axe-core (a path of the test server, not of the app). Loaded from the page's
 * own origin, the script is allowed by the pages' CSP (script-src 'self', no inline script), and Chromium
 * keeps it in its cache instead of receiving and compiling 650 KB of source again on every page checked.
 */
const AXE_PATH = '/__test/axe.min.js'
let axe: string | undefined
const axeSource = () => (axe ??= readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'))

/**
 * The stylesheet as nodePageAssets compiles it, kept in the temporary directory under a hash of what decides
 * it (the Sass sources, the code that compiles them, the sass and govuk-frontend versions): compiling
 * GOV.UK Frontend takes seconds, and the result changes only when one of those does.
 */
async function cachedStylesheet(compile: () => Promise<string>): Promise<string> {
  const hash = createHash('sha256')
  for (const pkg of ['sass', 'govuk-frontend'])
    hash.update(readFileSync(join(root, 'node_modules', pkg, 'package.json')))
  const styles = join(root, 'src', 'pages', 'styles')
  const sources = readdirSync(styles, { recursive: true, encoding: 'utf8' })
    .sort()
    .map((name) => join(styles, name))
    .filter((file) => statSync(file).isFile())
  for (const file of [join(root, 'src', 'pages', 'assets-node.ts'), ...sources]) {
    hash.update(`${file.slice(root.length)}\n`)
    hash.update(readFileSync(file))
  }
  const path = join(tmpdir(), `trialworks-css-${hash.digest('hex').slice(0, 16)}.css`)
  if (existsSync(path)) return readFileSync(path, 'utf8')
  const css = await compile()
  // Written beside, then renamed: a concurrent worker never reads a half-written file.
  const partial = `${path}.${process.pid}.partial`
  writeFileSync(partial, css)
  renameSync(partial, path)
  return css
}

let assets: PageAssets | undefined

/** The pages' stylesheet and images for every browser test file of a worker, the stylesheet compiled at most once. */
export function testPageAssets(): PageAssets {
  if (assets) return assets
  const node = nodePageAssets()
  let css: Promise<string> | undefined
  assets = { ...node, stylesheet: () => (css ??= cachedStylesheet(() => node.stylesheet())) }
  return assets
}

/** The harness's app served on a random local port, with the pages' stylesheet and images (and axe-core). */
export async function serveHarness(h: Harness): Promise<{ base: string; server: ServerType }> {
  const scalar = require.resolve('@scalar/api-reference/browser/standalone.js')
  const app = createApp({
    database: { acquire: () => ({ db: h.open.db }) },
    clock: () => new Date(h.now.value),
    config: testConfig,
    logger: silentLogger,
    scalarScript: async () => readFileSync(scalar, 'utf8'),
    pageAssets: testPageAssets(),
  })
  return new Promise((ready) => {
    const server = serve({ fetch: withAxe(app.fetch), port: 0, hostname: '127.0.0.1' }, (info) =>
      ready({ base: `http://127.0.0.1:${info.port}`, server })
    )
  })
}

/** `fetch` that also answers {@link AXE_PATH} with axe-core, cacheable. */
function withAxe(
  fetch: (request: Request) => Response | Promise<Response>
): (request: Request) => Response | Promise<Response> {
  return (request) =>
    new URL(request.url).pathname === AXE_PATH
      ? new Response(axeSource(), {
          headers: {
            'content-type': 'text/javascript; charset=utf-8',
            'cache-control': 'public, max-age=3600',
          },
        })
      : fetch(request)
}

let shared: Promise<Browser> | undefined

/**
 * The worker's headless Chromium (Debian's, never a downloaded one): launched by the first browser test file a
 * worker runs and reused by the next ones (vitest.config.ts's `isolate: false` keeps this module's state across
 * a worker's files), each file in a context of its own, with its own cookies and cache. Playwright ends the
 * browser when the worker process exits.
 */
async function sharedBrowser(): Promise<Browser> {
  const launched = await (shared ??= chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  }))
  if (launched.isConnected()) return launched
  shared = undefined
  return sharedBrowser()
}

// Launched as soon as a browser test file imports this module, so that Chromium starts while the file
// creates its database and fixtures; a launch that fails is tried again, and reported, by launchBrowser.
if (hasChromium)
  sharedBrowser().catch(() => {
    shared = undefined
  })

/** A fresh browser context (no cookies, empty cache) in the worker's Chromium, its pages 1280 by 900 px. */
export async function launchBrowser(): Promise<BrowserContext> {
  return (await sharedBrowser()).newContext({ viewport: { width: 1280, height: 900 } })
}

export interface PageCheck {
  name: string
  violations: Array<{ id: string; impact: string | null; nodes: number }>
}

/** Every page checked in this process, for the summary a test file prints. */
export const checked: PageCheck[] = []

/**
 * The page's sideways overflow and axe-core's violations (WCAG 2.x A and AA rules and best practices), in one
 * round trip; only what the check reads crosses back. axe-core is loaded into the document first, from
 * {@link AXE_PATH}, when it is not there yet (a script element, as the pages' CSP allows: script-src 'self').
 */
const AUDIT = `(async () => {
  if (typeof axe === 'undefined')
    await new Promise((loaded, failed) => {
      const script = document.createElement('script')
      script.src = ${JSON.stringify(AXE_PATH)}
      script.onload = loaded
      script.onerror = () => failed(new Error('axe-core did not load from ${AXE_PATH}'))
      document.head.append(script)
    })
  const overflow = document.documentElement.scrollWidth - document.documentElement.clientWidth
  const result = await axe.run({
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
    resultTypes: ['violations'],
  })
  return {
    overflow,
    violations: result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length })),
  }
})()`

interface Audit {
  overflow: number
  violations: Array<{ id: string; impact: string | null; help: string; nodes: number }>
}

/** {@link AUDIT} on the page. */
const audit = async (page: Page) => (await page.evaluate(AUDIT)) as Audit

async function setWidth(page: Page, width: number) {
  const now = page.viewportSize()
  if (now?.width !== width || now.height !== 900) await page.setViewportSize({ width, height: 900 })
}

/**
 * Checks the page as it is now, at desktop width and at 390 px: axe-core (WCAG 2.x A and AA
 * rules) finds no serious or critical violation, the page does not scroll sideways, and (with
 * {@link SCREENSHOTS}) a full-page screenshot is saved at each width. `atPhoneWidth`, when given, runs
 * while the page is 390 px wide, for a test's own checks of the phone layout (one resize fewer each way).
 */
export async function checkPage(
  page: Page,
  name: string,
  { atPhoneWidth }: { atPhoneWidth?: () => Promise<void> } = {}
) {
  if (SCREENSHOTS) mkdirSync(ARTIFACTS, { recursive: true })
  for (const width of [1280, 390]) {
    await setWidth(page, width)
    const { overflow, violations: found } = await audit(page)
    expect(overflow, `${name} at ${width}px scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(
      0
    )
    const violations = found.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes }))
    checked.push({ name: `${name} @${width}`, violations })
    const serious = found.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(
      serious.map((v) => `${v.id}: ${v.help} (${v.nodes})`),
      `${name} at ${width}px`
    ).toEqual([])
    if (SCREENSHOTS)
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true })
    if (width === 390) await atPhoneWidth?.()
  }
  await setWidth(page, 1280)
}

/**
 * Signs the context in as the token's user with a session opened through the service, as the sign-in page
 * opens it: for test files whose subject is not signing in (pages.flow.browser.test.ts signs in through the page).
 */
export async function signInAs(session: BrowserSession, h: Harness, token: string) {
  const { secret } = await openSession(h.open.db, token, h.now.value)
  await session.browser.addCookies([{ name: 'tw_session', value: secret, url: session.base }])
}

/** A harness served on a local port, with a browser context and one page open on it. */
export interface BrowserSession {
  base: string
  browser: BrowserContext
  page: Page
  /** Prints the pages checked, then closes the browser context, the server and the harness. */
  close(): Promise<void>
}

/** Serves `h` and opens a browser context with one page: the setup every browser test file shares. */
export async function openBrowserSession(h: Harness): Promise<BrowserSession> {
  const [{ base, server }, browser] = await Promise.all([serveHarness(h), launchBrowser()])
  const page = await browser.newPage()
  return {
    base,
    browser,
    page,
    async close() {
      if (checked.length) console.log(JSON.stringify(checked))
      await browser.close()
      server.close()
      await h.close()
    },
  }
}
