import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../support/harness'
import {
  checkPage,
  hasChromium,
  openBrowserSession,
  signInAs,
  type BrowserSession,
} from '../support/browser'
import { createDraftTrial } from '../support/fixtures'

/**
 * The builder's harms step and its funding, contacts and ethics step: each saves the draft like the
 * other steps, and what the registration checks find (a harm outcome that is not a secondary outcome,
 * a mailbox that is not an address, an approved review without its date) shows on check your
 * answers, under the step that fixes it. Pages checked with axe-core at
 * 1280 px and 390 px, screenshots in test-artifacts/ when SCREENSHOTS is set.
 */
let h: Harness
let base: string
let close: (() => Promise<void>) | undefined
let page: Page
let session: BrowserSession

beforeAll(async () => {
  if (!hasChromium) return
  h = await createHarness()
  session = await openBrowserSession(h)
  ;({ base, page, close } = session)
}, 60_000)

afterAll(() => close?.())

const submit = (text = 'Save and continue') => page.click(`main button:has-text("${text}")`)

describe.skipIf(!hasChromium)(
  'the builder steps for harms, and funding, contacts and ethics',
  () => {
    it('save the draft as typed and show the registration problems on check your answers, under their step', async () => {
      const { trialId } = await createDraftTrial(h)
      await signInAs(session, h, h.cast.officerA.token)
      const step = (slug: string) => `${base}/app/trials/${trialId}/protocol/${slug}`

      await page.goto(step('harms'))
      await checkPage(page, 'builder-harms')
      await page.fill(
        '#harms-definition',
        'A family dispute made worse, ending in an unplanned move'
      )
      await page.check('input[name="harms-assessment"][value="systematic"]')
      await page.fill('#harms-outcomes', 'rough_sleeping_6m')
      await submit()
      await page.waitForURL(step('registry'))
      const saved = await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token })
      expect(saved.body.protocol.harms).toEqual({
        definition: 'A family dispute made worse, ending in an unplanned move',
        assessment: 'systematic',
        outcomes: ['rough_sleeping_6m'],
      })

      // The draft keeps what was typed, a mistyped mailbox too: the registration checks judge it.
      await checkPage(page, 'builder-registry')
      await page.fill('#funder-1-name', 'Homelessness Prevention Grant')
      await page.selectOption('#funder-1-support', 'monetary')
      await page.fill('#public-role', 'Housing Options service manager')
      await page.fill('#public-organisation', 'Council A')
      await page.fill('#public-email', 'housing.options')
      await page.check('input[name="ethics-status"][value="approved"]')
      await page.fill('#ethics-committee', 'Council A Research Governance Board')
      await submit()
      await page.waitForURL(step('size'))
      const details = (await h.json('GET', `/trials/${trialId}`, { token: h.cast.officerA.token }))
        .body.protocol
      expect(details.funding).toEqual([
        { name: 'Homelessness Prevention Grant', support: 'monetary' },
      ])
      expect(details.contacts).toEqual({
        public: {
          role: 'Housing Options service manager',
          organisation: 'Council A',
          email: 'housing.options',
        },
      })
      expect(details.ethics_review).toEqual({
        status: 'approved',
        committee: 'Council A Research Governance Board',
      })

      // The registration checks' problems, each under the step that fixes it.
      await page.goto(step('check'))
      const summary = await page.locator('.govuk-error-summary').innerText()
      expect(summary).toContain('Harms: Rough_sleeping_6m is not a registered secondary outcome')
      expect(summary).toContain(
        'Funding, contacts and ethics: An approved ethics review needs its approval date'
      )
      await checkPage(page, 'builder-check-registry-problems')
      await page.goto(step('registry'))
      await page.fill('#public-email', 'housing.options@council-a.example')
      await page.fill('#ethics-approval_date', '2025-03-14')
      await submit()
      await page.goto(step('harms'))
      await page.fill('#harms-outcomes', 'settled_6m')
      await submit()
      await page.goto(step('check'))
      expect(await page.locator('.govuk-error-summary').count()).toBe(0)
      const answers = await page.locator('main').innerText()
      expect(answers).toContain('Public queries contact: mailbox')
      expect(answers).toContain('Ethics review: date of approval')
      await checkPage(page, 'builder-check-registry-answers')
    }, 180_000)
  }
)
