import { serve, type ServerType } from '@hono/node-server'
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { chromium, type BrowserContext, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { createApp } from '../../src/app'
import { silentLogger } from '../../src/env'
import { nodePageAssets } from '../../src/pages/assets-node'
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
const axeSource = () => readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8')

/** The harness's app served on a random local port, with the pages' stylesheet and images. */
export async function serveHarness(h: Harness): Promise<{ base: string; server: ServerType }> {
  const scalar = require.resolve('@scalar/api-reference/browser/standalone.js')
  const app = createApp({
    database: { acquire: () => ({ db: h.open.db, release: async () => {} }) },
    clock: () => new Date(h.now.value),
    config: testConfig,
    logger: silentLogger,
    scalarScript: async () => readFileSync(scalar, 'utf8'),
    pageAssets: nodePageAssets(),
  })
  return new Promise((ready) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
      ready({ base: `http://127.0.0.1:${info.port}`, server })
    )
  })
}

/** One headless Chromium per test file (Debian's, never a downloaded one). */
export function launchBrowser(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tw-chromium-')), {
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
  })
}

export interface PageCheck {
  name: string
  violations: Array<{ id: string; impact: string | null; nodes: number }>
}

/** Every page checked in this process, for the summary a test file prints. */
export const checked: PageCheck[] = []

/**
 * Checks the page as it is now, at desktop width and at 390 px: axe-core (WCAG 2.x A and AA
 * rules) finds no serious or critical violation, the page does not scroll sideways, and (with
 * {@link SCREENSHOTS}) a full-page screenshot is saved at each width.
 */
export async function checkPage(page: Page, name: string) {
  mkdirSync(ARTIFACTS, { recursive: true })
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 })
    const overflow = (await page.evaluate(
      'document.documentElement.scrollWidth - document.documentElement.clientWidth'
    )) as number
    expect(overflow, `${name} at ${width}px scrolls sideways by ${overflow}px`).toBeLessThanOrEqual(
      0
    )
    // Evaluated through the DevTools protocol: the page's CSP (no inline script) stays enforced.
    if (!(await page.evaluate("'axe' in window"))) await page.evaluate(axeSource())
    const result = (await page.evaluate(
      "axe.run({ runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] }, resultTypes: ['violations'] })"
    )) as {
      violations: Array<{ id: string; impact: string | null; help: string; nodes: unknown[] }>
    }
    const violations = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
    }))
    checked.push({ name: `${name} @${width}`, violations })
    const serious = result.violations.filter(
      (v) => v.impact === 'serious' || v.impact === 'critical'
    )
    expect(
      serious.map((v) => `${v.id}: ${v.help} (${v.nodes.length})`),
      `${name} at ${width}px`
    ).toEqual([])
    if (SCREENSHOTS)
      await page.screenshot({ path: join(ARTIFACTS, `${name}-${width}.png`), fullPage: true })
  }
  await page.setViewportSize({ width: 1280, height: 900 })
}

/** A harness served on a local port, with one Chromium and one page open on it. */
export interface BrowserSession {
  base: string
  browser: BrowserContext
  page: Page
  /** Prints the pages checked, then closes the browser, the server and the harness. */
  close(): Promise<void>
}

/** Serves `h` and opens Chromium with one page: the setup every browser test file shares. */
export async function openBrowserSession(h: Harness): Promise<BrowserSession> {
  const { base, server } = await serveHarness(h)
  const browser = await launchBrowser()
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
