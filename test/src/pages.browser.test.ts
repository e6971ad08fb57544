import { serve, type ServerType } from '@hono/node-server'
import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium, type BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { silentLogger } from '../../src/env'
import { testConfig, useHarness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'

const CHROMIUM = '/usr/bin/chromium'
const hasChromium = existsSync(CHROMIUM)

const h = useHarness()
let server: ServerType
let base: string
let browser: BrowserContext
let trialId: string
export const screenshots = mkdtempSync(join(tmpdir(), 'tw-pages-'))

beforeAll(async () => {
  if (!hasChromium) return
  ;({ trialId } = await createRecruitingTrial(h))
  const scalar = createRequire(import.meta.url).resolve(
    '@scalar/api-reference/browser/standalone.js'
  )
  const app = createApp({
    database: { acquire: () => ({ db: h.open.db, release: async () => {} }) },
    clock: () => new Date(),
    config: testConfig,
    logger: silentLogger,
    scalarScript: async () => readFileSync(scalar, 'utf8'),
  })
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      base = `http://127.0.0.1:${info.port}`
      ready()
    })
  })
  browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'tw-chromium-')), {
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
}, 60_000)

afterAll(async () => {
  await browser?.close()
  server?.close()
})

describe.skipIf(!hasChromium)('pages in a browser', () => {
  it('shows the public registry and a registration record', async () => {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/`)
    await expect.poll(() => page.locator('h1').textContent()).toBe('Trial registry')
    await page.click(`a[href="/registry/${trialId}"]`)
    await page.waitForURL(`**/registry/${trialId}`)
    const hash = await page.locator('dd.hash').first().textContent()
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    expect(await page.locator('h2', { hasText: 'Protocol versions' }).count()).toBe(1)
    await page.screenshot({ path: join(screenshots, 'registry-record.png'), fullPage: true })
    expect(errors).toEqual([])
  })

  it('renders the API reference from the locally served bundle', async () => {
    const page = await browser.newPage()
    const external: string[] = []
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:')) external.push(r.url())
    })
    await page.goto(`${base}/docs`)
    await expect
      .poll(() => page.getByText('trialworks API').first().isVisible(), { timeout: 20_000 })
      .toBe(true)
    await expect
      .poll(() => page.getByText('/trials/{id}/enrolments').first().count(), { timeout: 20_000 })
      .toBeGreaterThan(0)
    await page.screenshot({ path: join(screenshots, 'docs.png') })
    expect(external, external.join(' ')).toEqual([])
  })
})
