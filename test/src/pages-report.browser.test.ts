import type { ServerType } from '@hono/node-server'
import { eq } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { OpenDatabase } from '../../src/db/client'
import { councils, trials } from '../../src/db/schema'
import { seedDemo } from '../../src/seed/demo'
import { createTestDatabase } from '../support/database'
import { testConfig, type Harness } from '../support/harness'
import { checkPage, checked, hasChromium, launchBrowser, serveHarness } from '../support/browser'

/**
 * The public report pages of the demo's published trials, in the GOV.UK template: the report, the
 * practitioner summary and the SPIRIT-ordered protocol pass axe-core at 1280 px and 390 px.
 */
let open: OpenDatabase
let server: ServerType
let base: string
let browser: BrowserContext
let page: Page
let trialId: string

beforeAll(async () => {
  if (!hasChromium) return
  open = await createTestDatabase()
  const now = new Date('2026-01-05T10:00:00Z')
  await seedDemo(open.db, now, testConfig)
  // The demo's one Eastbrook trial, found in the database rather than by loading the registry page.
  const [eastbrook] = await open.db
    .select({ id: trials.id })
    .from(trials)
    .innerJoin(councils, eq(councils.id, trials.councilId))
    .where(eq(councils.slug, 'eastbrook'))
  trialId = eastbrook!.id
  ;({ base, server } = await serveHarness({ open, now: { value: now } } as unknown as Harness))
  browser = await launchBrowser()
  page = await browser.newPage()
}, 120_000)

afterAll(async () => {
  if (checked.length) console.log(JSON.stringify(checked))
  await browser?.close()
  server?.close()
  await open?.close()
})

describe.skipIf(!hasChromium)('public report pages in a browser', () => {
  it(
    'shows the published report, its summary and the protocol in the GOV.UK template',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${base}/registry/${trialId}/report`)
      expect(await page.locator('h1').textContent()).toContain('Family mediation')
      expect(await page.locator('.govuk-service-navigation').count()).toBe(1)
      const text = await page.locator('main').innerText()
      expect(text).toContain('Participant flow (CONSORT 2025)')
      expect(text).toContain('As it stood when the report was published')
      expect(text).not.toContain('Not rated yet')
      await checkPage(page, 'report')
      await page.goto(`${base}/registry/${trialId}/summary`)
      expect(await page.locator('main').innerText()).toMatch(/padlocks/)
      await checkPage(page, 'report-summary')
      await page.goto(`${base}/registry/${trialId}/protocol`)
      await checkPage(page, 'report-protocol')
    }
  )
})
