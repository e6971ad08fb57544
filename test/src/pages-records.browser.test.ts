import type { ServerType } from '@hono/node-server'
import { sql } from 'drizzle-orm'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { createHarness, type Harness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'
import { checkPage, checked, hasChromium, launchBrowser, serveHarness } from '../support/browser'

/**
 * The officer's screening-log and adherence pages in a browser, without JavaScript: each form saves
 * through the API's route, shows the API's refusal beside its field, and every page passes axe-core
 * at 1280 px and 390 px.
 */
let h: Harness
let server: ServerType
let base: string
let browser: BrowserContext
let page: Page
let trialId: string
let enrolled: Array<{ household: string; arm: string; sequence: number }>

const count = async (q: ReturnType<typeof sql>) => {
  const r = (await h.open.db.execute(q)) as unknown
  const list = (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{ n: number }>
  return list[0]!.n
}

beforeAll(async () => {
  if (!hasChromium) return
  h = await createHarness()
  ;({ trialId } = await createRecruitingTrial(h))
  const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: {
      households: Array.from({ length: 6 }, (_, i) => ({
        household_ref: `PG-${i}`,
        baseline: {
          council_area: exampleCouncilAreas[i % 5]!,
          household_type: exampleHouseholdTypes[i % 3]!,
          age_head: 30 + i,
        },
      })),
    },
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  enrolled = batch.body.enrolments
  h.now.value = new Date(h.now.value.getTime() + 10 * 86_400_000)
  ;({ base, server } = await serveHarness(h))
  browser = await launchBrowser()
  page = await browser.newPage()
  await page.goto(`${base}/sign-in`)
  await page.fill('#token', h.cast.officerA.token)
  await page.click('button:has-text("Sign in")')
  await page.waitForURL(`${base}/app`)
}, 60_000)

afterAll(async () => {
  if (checked.length) console.log(JSON.stringify(checked))
  await browser?.close()
  server?.close()
  await h?.close()
})

const today = () => h.now.value.toISOString().slice(0, 10)
const isoWeek = (d: Date) => {
  const t = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()))
  t.setUTCDate(t.getUTCDate() + 4 - (t.getUTCDay() || 7))
  const start = new Date(Date.UTC(t.getUTCFullYear(), 0, 1))
  const week = Math.ceil(((t.getTime() - start.getTime()) / 86_400_000 + 1) / 7)
  return `${t.getUTCFullYear()}-W${String(week).padStart(2, '0')}`
}

describe.skipIf(!hasChromium)('screening and adherence pages', () => {
  it(
    'records a weekly count and a household in the screening log, showing refusals beside the field',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${base}/app/trials/${trialId}`)
      await page.click('a:has-text("Screening log")')
      await page.waitForURL(`**/app/trials/${trialId}/screening`)
      await checkPage(page, 'screening-log')

      await page.click('main button:has-text("Save the count")')
      expect(await page.locator('.govuk-error-summary').innerText()).toContain('Choose why')
      await checkPage(page, 'screening-log-errors')

      await page.fill('#week-week', isoWeek(h.now.value))
      await page.check('#week-reason-2')
      await page.fill('#week-count', '4')
      await page.click('main button:has-text("Save the count")')
      await page.waitForURL(/screening\?saved=1/)
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain('Saved')

      // A randomised household is not a screening exclusion: the API's refusal shows at its field.
      await page.fill('#household-household_ref', 'PG-0')
      await page.fill('#household-assessed_on', today())
      await page.check('#household-reason')
      await page.click('main button:has-text("Save the household")')
      expect(await page.locator('#household-household_ref-error').innerText()).toContain(
        'randomised'
      )
      expect(await page.inputValue('#household-household_ref')).toBe('PG-0')
      await page.fill('#household-household_ref', 'SCREEN-9')
      await page.click('main button:has-text("Save the household")')
      await page.waitForURL(/screening\?saved=1/)
      await checkPage(page, 'screening-log-saved')
      expect(
        await count(
          sql`select sum(count)::int as n from screening_records where trial_id = ${trialId}`
        )
      ).toBe(5)
    }
  )

  it(
    'records adherence per enrolment, refuses a date before randomisation and corrects only with a reason',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${base}/app/trials/${trialId}/adherence`)
      await checkPage(page, 'adherence-list')
      const unit = enrolled.find((e) => e.arm === 'family_mediation')!
      await page.click(`a[href$="/adherence/${unit.household}"]`)
      await page.waitForURL(`**/adherence/${unit.household}`)
      await checkPage(page, 'adherence-form')

      await page.check('#status-2') // did not receive it
      await page.fill('#date', '2020-01-01')
      await page.click('main button:has-text("Save")')
      const summary = await page.locator('.govuk-error-summary').innerText()
      expect(summary).toContain('before the household was randomised')
      expect(summary).toContain('needs a reason')
      await checkPage(page, 'adherence-form-errors')

      await page.fill('#date', today())
      await page.fill('#reason', 'declined the offer at first contact')
      await page.click('main button:has-text("Save")')
      await page.waitForURL(/adherence\?saved=1/)
      expect(await page.locator('main').innerText()).toContain('Did not receive it')

      await page.click(`a[href$="/adherence/${unit.household}"]`)
      await page.check('#status')
      await page.fill('#reason', '')
      await page.click('main button:has-text("Save")')
      expect(await page.locator('#correction-error').innerText()).toContain('why you are changing')
      await page.fill('#correction', 'the mediator confirmed a first session took place')
      await page.click('main button:has-text("Save")')
      await page.waitForURL(/adherence\?saved=1/)
      const history = await h.json(
        'GET',
        `/trials/${trialId}/households/${unit.household}/adherence`,
        { token: h.cast.officerA.token }
      )
      expect(history.body.current).toMatchObject({ status: 'received_as_allocated', version: 2 })
      expect(history.body.history[0].correction_reason).toBe(
        'the mediator confirmed a first session took place'
      )
    }
  )
})
