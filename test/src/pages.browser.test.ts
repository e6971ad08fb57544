import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'
import { checkPage, hasChromium, openBrowserSession } from '../support/browser'

let h: Harness
let base: string
let close: (() => Promise<void>) | undefined
let page: Page
let trialId: string

beforeAll(async () => {
  if (!hasChromium) return
  h = await createHarness()
  ;({ trialId } = await createRecruitingTrial(h))
  ;({ base, page, close } = await openBrowserSession(h))
}, 60_000)

afterAll(() => close?.())

describe.skipIf(!hasChromium)('public pages in a browser', () => {
  it('shows the registry and a registration record in words, in Arial, without errors', async () => {
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(`${base}/`)
    expect(await page.locator('h1').textContent()).toBe('Trial registry')
    expect(await page.evaluate('document.compatMode')).toBe('CSS1Compat')
    expect(
      await page.evaluate("getComputedStyle(document.querySelector('h1')).fontFamily")
    ).toMatch(/^arial/i)
    await checkPage(page, 'registry', {
      // On a phone the list stacks row by row, each cell named by its column, and nothing scrolls.
      atPhoneWidth: async () => {
        const list = page.locator('.app-table-scroll', { hasText: 'Registered trials' })
        expect(await list.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
        expect(
          await page.evaluate(
            "getComputedStyle(document.querySelector('.app-table--stack td')).display"
          )
        ).toBe('block')
        expect(await list.locator('td[data-label="Council"]').count()).toBeGreaterThan(0)
      },
    })
    await page.click(`a[href="/registry/${trialId}"]`)
    await page.waitForURL(`**/registry/${trialId}`)
    const hash = await page.locator('.app-hash').first().textContent()
    expect(hash).toMatch(/^[0-9a-f]{64}$/)
    const text = await page.locator('main').innerText()
    for (const words of [
      'Usual care',
      'Family mediation',
      'Owed a relief duty',
      'Who can take part',
      '1,100 households',
    ])
      expect(text).toContain(words)
    expect(await page.locator(`a[href="/trials/${trialId}/registration"]`).count()).toBe(1)
    await checkPage(page, 'registry-record')
    const favicon = await page.request.get(`${base}/favicon.ico`)
    expect(favicon.headers()['content-type']).toBe('image/svg+xml')
    expect(errors).toEqual([])
  })

  it('answers an unknown registry record with an HTML 404 page', async () => {
    const res = await page.goto(`${base}/registry/00000000-0000-4000-8000-000000000000`)
    expect(res!.status()).toBe(404)
    expect(await page.locator('h1').textContent()).toBe('Page not found')
    await checkPage(page, 'not-found')
  })

  it('shows the sign-in page accessibly', async () => {
    await page.goto(`${base}/sign-in`)
    await checkPage(page, 'sign-in')
  })
})
