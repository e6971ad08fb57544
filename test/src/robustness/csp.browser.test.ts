import { serve, type ServerType } from '@hono/node-server'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../../src/app'
import { silentLogger } from '../../../src/env'
import { openSession } from '../../../src/services/sessions'
import { createHarness, testConfig, type Harness } from '../../support/harness'
import { createRecruitingTrial } from '../../support/fixtures'
import { hasChromium, launchBrowser, testPageAssets } from '../../support/browser'

// The pages and the API reference work in Chromium under their Content-Security-Policy; the API
// reference is also checked here to load nothing from outside the service.

let h: Harness
let server: ServerType
let base: string
let browser: BrowserContext
let trialId: string

beforeAll(async () => {
  if (!hasChromium) return
  h = await createHarness()
  ;({ trialId } = await createRecruitingTrial(h))
  const scalar = createRequire(import.meta.url).resolve(
    '@scalar/api-reference/browser/standalone.js'
  )
  const app = createApp({
    database: { acquire: () => ({ db: h.open.db }) },
    clock: () => new Date(),
    config: testConfig,
    logger: silentLogger,
    scalarScript: async () => readFileSync(scalar, 'utf8'),
    pageAssets: testPageAssets(),
  })
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`
      ready()
    })
  })
  browser = await launchBrowser()
}, 60_000)

afterAll(async () => {
  await browser?.close()
  server?.close()
  await h?.close()
})

/** Console reports of anything the policy blocked. */
function violations(page: Page): string[] {
  const found: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) found.push(m.text())
  })
  return found
}

/** The served stylesheet applied: headings are set in GOV.UK Frontend's Arial. */
async function expectStylesheetApplied(page: Page) {
  await expect
    .poll(() =>
      page.evaluate(() => {
        const g = globalThis as any
        return g.getComputedStyle(g.document.querySelector('h1')).fontFamily as string
      })
    )
    .toMatch(/^arial/i)
}

describe.skipIf(!hasChromium)('Content-Security-Policy in Chromium', () => {
  it('the registry pages load their stylesheet and nothing is blocked', async () => {
    const page = await browser.newPage()
    const blocked = violations(page)
    for (const path of ['/', `/registry/${trialId}`]) {
      blocked.length = 0
      const res = await page.goto(`${base}${path}`)
      expect(res!.headers()['content-security-policy']).not.toContain('unsafe-inline')
      await expectStylesheetApplied(page)
      expect(blocked).toEqual([])
    }
    await page.close()
  })

  it('the signed-in pages load their stylesheet and nothing is blocked', async () => {
    const opened = await openSession(h.open.db, h.cast.officerA.token, new Date())
    await browser.addCookies([{ name: 'tw_session', value: opened.secret, url: base }])
    const pages = [
      '/app',
      `/app/trials/${trialId}`,
      `/app/trials/${trialId}/enrol`,
      `/app/trials/${trialId}/upload`,
      `/app/trials/${trialId}/screening`,
      '/app/trials/new',
    ]
    const page = await browser.newPage()
    const blocked = violations(page)
    try {
      for (const path of pages) {
        blocked.length = 0
        const res = await page.goto(`${base}${path}`)
        expect(res!.status(), path).toBe(200)
        // Signed in: the page itself, not the sign-in page a redirect would have shown.
        expect(new URL(page.url()).pathname).toBe(path)
        expect(res!.headers()['content-security-policy'], path).toContain("style-src 'self';")
        await expectStylesheetApplied(page)
        expect(blocked, path).toEqual([])
      }
    } finally {
      await page.close()
      await browser.clearCookies()
    }
  }, 60_000)

  // One render of the API reference (its bundle is megabytes of script) for both checks: its policy
  // blocks nothing, and it loads nothing from outside the service.
  it('the API reference renders under its own policy, from the locally served bundle', async () => {
    const page = await browser.newPage()
    const blocked = violations(page)
    const external: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url())
    })
    await page.goto(`${base}/docs`)
    await expect
      .poll(() => page.getByText('trialworks API').first().isVisible(), { timeout: 30_000 })
      .toBe(true)
    await expect
      .poll(() => page.getByText('/trials/{id}/enrolments').first().count(), { timeout: 30_000 })
      .toBeGreaterThan(0)
    expect(blocked).toEqual([])
    expect(external, external.join(' ')).toEqual([])
    await page.close()
  }, 60_000)
})
