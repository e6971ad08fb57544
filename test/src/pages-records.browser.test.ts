import { sql } from 'drizzle-orm'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { createHarness, type Harness } from '../support/harness'
import { createRecruitingTrial } from '../support/fixtures'
import { checkPage, hasChromium, openBrowserSession, signInAs } from '../support/browser'

/**
 * The officer's screening-log and adherence pages in a browser, without JavaScript: each form saves
 * through the API's route, shows the API's refusal beside its field, and every page passes axe-core
 * at 1280 px and 390 px.
 */
let h: Harness
let base: string
let close: (() => Promise<void>) | undefined
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
  const session = await openBrowserSession(h)
  ;({ base, page, close } = session)
  await signInAs(session, h, h.cast.officerA.token)
}, 60_000)

afterAll(() => close?.())

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
      expect(summary).toContain(
        'Give the reason why the household did not receive the intervention'
      )
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

  it(
    'records an exclusion from analysis on its own page, refusing with the field named, and counts it in the flow',
    { timeout: 120_000 },
    async () => {
      await page.goto(`${base}/app/trials/${trialId}`)
      await page.click('a:has-text("Exclusions from analysis")')
      await page.waitForURL(`**/app/trials/${trialId}/exclusions`)
      await checkPage(page, 'exclusions')

      await page.click('main button:has-text("Save the exclusion")')
      const summary = await page.locator('.govuk-error-summary').innerText()
      expect(summary).toContain('Enter the household case reference')
      expect(summary).toContain('Say why the household is excluded')
      await checkPage(page, 'exclusions-errors')

      // The API refuses a date before randomisation, and a household not in the trial.
      await page.fill('#household_ref', 'PG-1')
      await page.fill('#date', '2020-01-01')
      await page.fill('#reason', 'found to live outside the council area on review')
      await page.click('main button:has-text("Save the exclusion")')
      expect(await page.locator('#date-error').innerText()).toContain(
        'before the household was randomised'
      )
      expect(await page.inputValue('#household_ref')).toBe('PG-1')
      await page.fill('#household_ref', 'NOBODY-1')
      await page.fill('#date', today())
      await page.click('main button:has-text("Save the exclusion")')
      expect(await page.locator('#household_ref-error').innerText()).toContain('not enrolled')

      await page.fill('#household_ref', 'PG-1')
      await page.click('main button:has-text("Save the exclusion")')
      await page.waitForURL(/exclusions\?saved=1/)
      expect(await page.locator('main table').innerText()).toContain(
        'found to live outside the council area on review'
      )
      // Not ineligible at randomisation: reported, and kept in the analysis (intention to treat).
      expect(await page.locator('main table').innerText()).toContain('Yes, as randomised')
      await page.fill('#household_ref', 'PG-4')
      await page.fill('#date', today())
      await page.fill('#reason', 'found to be in temporary accommodation at referral')
      await page.check(
        'input[name="criterion"][value="Already in temporary accommodation at referral"]'
      )
      await page.click('main button:has-text("Save the exclusion")')
      await page.waitForURL(/exclusions\?saved=1/)
      expect(await page.locator('main table').innerText()).toContain(
        'No: ineligible at randomisation (Already in temporary accommodation at referral)'
      )
      await checkPage(page, 'exclusions-saved')
      const held = await count(
        sql`select count(*)::int as n from analysis_exclusions where trial_id = ${trialId}`
      )
      expect(held).toBe(2)
      const flow = await h.json('GET', `/trials/${trialId}/consort`, {
        token: h.cast.officerA.token,
      })
      expect(
        flow.body.arms.reduce(
          (n: number, a: { analysis: { after_randomisation: { n: number } } }) =>
            n + a.analysis.after_randomisation.n,
          0
        )
      ).toBe(
        await count(
          sql`select count(*)::int as n from analysis_exclusions where trial_id = ${trialId} and ineligible_criterion is not null`
        )
      )
    }
  )

  it(
    'uploads screening, adherence and exclusion records as CSV, listing each bad row and saving nothing until the file is right',
    { timeout: 120_000 },
    async () => {
      const upload = async (kind: string, csv: string) => {
        await page.goto(`${base}/app/trials/${trialId}/upload?kind=${kind}`)
        expect(await page.isChecked(`input[name="kind"][value="${kind}"]`)).toBe(true)
        await page.setInputFiles('#file', {
          name: `${kind}.csv`,
          mimeType: 'text/csv',
          buffer: Buffer.from(csv),
        })
        await page.click('main button:has-text("Check and upload")')
        await page.waitForLoadState()
      }
      const exclusions = sql`select count(*)::int as n from analysis_exclusions where trial_id = ${trialId}`
      const before = await count(exclusions)
      await upload(
        'exclusion',
        `household_ref,reason,date\nPG-2,duplicate referral found on review,${today()}\nNOBODY-2,duplicate referral,${today()}\nPG-3,duplicate referral,2020-01-01\nPG-5,x,${today()}\n`
      )
      const table = await page.locator('main table').innerText()
      expect(table).toContain('NOBODY-2')
      expect(table).toMatch(/3\s+NOBODY-2/)
      expect(table).toMatch(/4\s+PG-3/)
      // A malformed row is listed with the rows the decision refuses, in one answer.
      expect(table).toMatch(/5\s+PG-5\s+reason\s+The reason must be at least 3 characters/)
      expect(await page.locator('.govuk-error-summary').innerText()).toContain(
        '3 problems in the file: nothing was saved'
      )
      await checkPage(page, 'upload-exclusion-errors')
      expect(await count(exclusions)).toBe(before)

      await upload(
        'exclusion',
        `household_ref,reason,date\nPG-2,duplicate referral found on review,${today()}\n`
      )
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        '1 row of exclusions from analysis saved: 1 new'
      )
      await checkPage(page, 'upload-exclusion-saved')
      expect(await count(exclusions)).toBe(before + 1)

      const treated = enrolled.filter((e) => e.arm === 'family_mediation').slice(1, 3)
      const ref = (e: { household: string }) =>
        `PG-${enrolled.findIndex((x) => x.household === e.household)}`
      await upload(
        'adherence',
        `household_ref,status,date,reason\n${treated.map((e) => `${ref(e)},not_received,${today()},declined at first contact`).join('\n')}\n`
      )
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        `${treated.length} rows of adherence saved`
      )
      expect(
        await count(
          sql`select count(*)::int as n from adherence_records where trial_id = ${trialId} and status = 'not_received'`
        )
      ).toBe(treated.length)

      // The first test recorded this week's declined count: a week count of another reason is new.
      await upload('screening', `week,count,reason\n${isoWeek(h.now.value)},2,not_eligible\n`)
      expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
        '1 row of screening log saved'
      )
    }
  )
})
