import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHarness, type Harness } from '../support/harness'
import { join } from 'node:path'
import {
  ARTIFACTS,
  checkPage,
  hasChromium,
  openBrowserSession,
  SCREENSHOTS,
} from '../support/browser'

/**
 * A trial from protocol to rating through the pages only, as its users would: an officer builds,
 * registers and recruits; an evaluator uploads outcomes, fixes a bad row and runs the analysis;
 * Centre staff confirm a rating. Every page on the way is checked with axe-core at 1280 px and at
 * 390 px, and screenshotted into test-artifacts/ when SCREENSHOTS is set.
 */
let h: Harness
let base: string
let close: (() => Promise<void>) | undefined
let page: Page
let trialId: string
const households = Array.from({ length: 40 }, (_, i) => ({
  ref: `NB-${String(2000 + i)}`,
  type: i % 3 === 0 ? 'family' : 'single',
  age: 18 + ((i * 7) % 40),
}))

beforeAll(async () => {
  if (!hasChromium) return
  h = await createHarness()
  ;({ base, page, close } = await openBrowserSession(h))
}, 60_000)

afterAll(() => close?.())

async function signIn(token: string) {
  await page.goto(`${base}/sign-in`)
  await page.fill('#token', token)
  await page.click('button:has-text("Sign in")')
  await page.waitForURL(`${base}/app`)
}

async function signOut() {
  await page.click('button:has-text("Sign out")')
  await page.waitForURL(/\/sign-in/)
}

const submit = (text = 'Save and continue') => page.click(`main button:has-text("${text}")`)

async function fillStep(fields: Record<string, string>, choices: Record<string, string> = {}) {
  // The step's drop-downs, asked for once rather than field by field.
  const selects = (await page.evaluate(
    "[...document.querySelectorAll('select[id]')].map((e) => e.id)"
  )) as string[]
  for (const [id, value] of Object.entries(fields)) {
    if (selects.includes(id)) await page.selectOption(`#${id}`, value)
    else await page.fill(`#${id}`, value)
  }
  for (const [name, value] of Object.entries(choices))
    await page.check(`input[name="${name}"][value="${value}"]`)
}

describe.skipIf(!hasChromium)('a trial through the pages, from protocol to rating', () => {
  it('lets an officer build and register a protocol step by step', async () => {
    await signIn(h.cast.officerA.token)
    await checkPage(page, 'officer-dashboard')
    await page.click('a:has-text("Start a new trial")')
    await checkPage(page, 'builder-new')
    // A step with a mistake shows the GOV.UK error summary and keeps what was typed.
    await fillStep({ title: 'Mediation letters trial' }, { intervention: 'new' })
    await submit()
    expect(await page.locator('.govuk-error-summary').innerText()).toContain(
      'Enter the cost in pounds'
    )
    expect(await page.inputValue('#title')).toBe('Mediation letters trial')
    await checkPage(page, 'builder-new-errors')
    await fillStep(
      {
        intervention_name: 'Early family mediation',
        description:
          'A mediator contacts the family within two days and offers up to six sessions.',
        theory_of_change: 'Lower conflict means fewer hosts end the licence to occupy.',
        delivery_cost: '525.00',
      },
      { category: 'mediation' }
    )
    await submit()
    await page.waitForURL(/\/protocol\/about$/)
    trialId = /trials\/([0-9a-f-]{36})\//.exec(page.url())![1]!
    await fillStep({
      summary: 'Households asked to leave by family are offered mediation or usual advice.',
    })
    await submit()
    await page.waitForURL(/\/protocol\/arms$/)
    await fillStep(
      {
        'arm-1-name': 'usual_care',
        'arm-1-description': 'Usual housing options advice',
        'arm-1-ratio': 'one',
        'arm-2-name': 'family_mediation',
        'arm-2-description': 'Usual advice plus an offer of family mediation',
        'arm-2-ratio': '1',
      },
      { control: '1' }
    )
    await submit()
    // Text for a whole number is refused and nothing is saved.
    expect(await page.locator('#arm-1-ratio-error').innerText()).toContain('whole number')
    await checkPage(page, 'builder-arms-errors')
    await page.fill('#arm-1-ratio', '1')
    await submit()
    await page.waitForURL(/\/protocol\/eligibility$/)
    await fillStep(
      {
        inclusion: 'Owed a prevention duty\nAsked to leave by family',
        exclusion: 'Risk of domestic abuse',
      },
      { unit: 'household' }
    )
    await submit()
    await page.waitForURL(/\/protocol\/randomisation$/)
    await checkPage(page, 'builder-randomisation')
    await fillStep(
      { block_sizes: '4', strata: 'household_type: single, family' },
      { method: 'stratified_permuted_block' }
    )
    await submit()
    await page.waitForURL(/\/protocol\/outcomes$/)
    await fillStep({
      'o1-name': 'homeless_6m',
      'o1-label': 'Owed a relief duty within 6 months',
      'o1-type': 'binary',
      'o1-unit': 'household',
      'o1-definition': '1 if owed a relief duty within 6 months of randomisation, otherwise 0',
      'o1-anchor': 'randomisation',
      'o1-offset': 'P6M',
      'o1-when': 'within 6 months of randomisation',
      'o1-source': 'H-CLIC case records',
    })
    await submit()
    await page.waitForURL(/\/protocol\/covariates$/)
    await fillStep({
      'cov-1-name': 'household_type',
      'cov-1-label': 'Household type',
      'cov-1-type': 'categorical',
      'cov-1-levels': 'single, family',
      'cov-2-name': 'age_head',
      'cov-2-label': 'Age of lead applicant',
      'cov-2-type': 'continuous',
      'cov-2-unit': 'years',
    })
    await submit()
    await page.waitForURL(/\/protocol\/hypotheses$/)
    await fillStep({
      'hyp-1-name': 'h1',
      'hyp-1-outcome': 'homeless_6m',
      'hyp-1-direction': 'decrease',
      'hyp-1-statement': 'Mediation reduces the share owed a relief duty within 6 months',
    })
    await submit()
    await page.waitForURL(/\/protocol\/analysis$/)
    await fillStep({
      'an-1-name': 'primary_itt',
      'an-1-description': 'Intention-to-treat effect on homelessness',
      'an-1-role': 'primary',
      'an-1-estimator': 'lin',
      'an-1-outcome': 'homeless_6m',
      'an-1-covariates': 'age_head',
      missing_data: 'Complete-case analysis; attrition reported by arm',
    })
    await submit()
    await page.waitForURL(/\/protocol\/harms$/)
    await fillStep(
      { 'harms-definition': 'A family dispute made worse by mediation, as reported' },
      { 'harms-assessment': 'non_systematic' }
    )
    await submit()
    await page.waitForURL(/\/protocol\/registry$/)
    await fillStep(
      {
        'funder-1-name': 'Homelessness Prevention Grant',
        'funder-1-support': 'monetary',
        'scientific-role': 'Evaluation lead',
        'scientific-organisation': 'Northmere Borough Council',
        'scientific-email': 'insight.trials@northmere.example',
        'ethics-reason': 'Service evaluation under the council research governance policy',
      },
      { 'ethics-status': 'not_required' }
    )
    await submit()
    await page.waitForURL(/\/protocol\/size$/)
    await fillStep(
      {
        target_households: '40',
        alpha: '0.05',
        power: '0.8',
        mdes: '0.9',
        control_proportion: '0.3',
        recruitment_start: '2026-03-01',
        recruitment_end: '2026-09-30',
        final_outcome_date: '2027-03-31',
      },
      { alternative: 'two.sided' }
    )
    await submit()
    // The power engine's minimum detectable effect is shown as soon as the inputs are saved.
    expect(await page.locator('#design-mdes').innerText()).toMatch(
      /can detect an effect of 0\.\d\d standard deviations/
    )
    await checkPage(page, 'builder-size-mdes')
    await page.click('a:has-text("Continue to check your answers")')
    await page.waitForURL(/\/protocol\/check$/)
    await checkPage(page, 'builder-check-answers')
    // Every answer reads as the officer chose it: choices in their words, dates as dates.
    const answers = await page.locator('main').innerText()
    for (const words of [
      'Permuted blocks within strata',
      'Binary (0 or 1)',
      'Regression with Lin (2013) covariate adjustment',
      'Recorded when reported',
      'Not required',
      '1 March 2026',
      'Two-sided',
      '6 months (P6M)',
      'Arm 1: Usual care',
    ])
      expect(answers).toContain(words)
    expect(answers).not.toMatch(
      /stratified_permuted_block|non_systematic|not_required|\bmonetary\b|two\.sided|\blin\b|2026-03-01|\bMdes\b/
    )
    expect(
      await page.locator('.govuk-error-summary').count(),
      await page.locator('main').innerText()
    ).toBe(0)
    await submit('Register the protocol')
    await page.waitForURL(new RegExp(`/app/trials/${trialId}`))
    expect(await page.locator('main').innerText()).toContain('Registered')
  }, 300_000)

  it('lets the officer recruit, enrol households one by one and by CSV, and see their arms', async () => {
    await page.goto(`${base}/app/trials/${trialId}`)
    await checkPage(page, 'trial-registered')
    await submit('Start recruiting')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Recruitment has started'
    )
    await page.click('a:has-text("Enrol a household")')
    await checkPage(page, 'enrol-form')
    const first = households[0]!
    await fillStep({
      household_ref: first.ref,
      'baseline-household_type': first.type,
      'baseline-age_head': String(first.age),
    })
    await submit('Enrol and randomise')
    const panel = await page.locator('.govuk-panel').innerText()
    expect(panel).toMatch(/Household enrolled\s+Arm: (Usual care|Family mediation)/)
    await checkPage(page, 'enrol-done')
    await page.click('a:has-text("Enrol another household")')
    await fillStep({
      household_ref: first.ref,
      'baseline-household_type': first.type,
      'baseline-age_head': String(first.age),
    })
    await submit('Enrol and randomise')
    const again = await page.locator('.govuk-panel').innerText()
    expect(again).toContain('Already enrolled')
    expect(again.split('Arm:')[1]).toBe(panel.split('Arm:')[1])

    await page.goto(`${base}/app/trials/${trialId}/upload`)
    await checkPage(page, 'upload-form')
    const csv = [
      'household_ref,household_type,age_head',
      ...households.slice(1).map((x) => `${x.ref},${x.type},${x.age}`),
    ].join('\n')
    await page.check('input[name="kind"][value="enrolment"]')
    await page.setInputFiles('#file', {
      name: 'households.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    })
    await submit('Check and upload')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      '39 households enrolled'
    )
    const arms = await page.locator('table').first().innerText()
    expect(arms).toContain(households[1]!.ref)
    expect(arms).toMatch(/Usual care|Family mediation/)
    await checkPage(page, 'upload-enrolled')
    await page.goto(`${base}/app`)
    expect(await page.locator('main').innerText()).toContain('Households: 40 of 40 (100%)')
    await page.goto(`${base}/app/trials/${trialId}`)
    await submit('Close recruitment')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Recruitment is closed'
    )
    await signOut()
  }, 300_000)

  it('lets an evaluator upload outcomes, fix a bad row, run the analysis and read the results', async () => {
    await signIn(h.cast.evaluatorA.token)
    await checkPage(page, 'evaluator-trials')
    await page.goto(`${base}/app/trials/${trialId}/upload`)
    const rows = households.slice(1).map((x, i) => `${x.ref},${(i * 5) % 7 < 3 ? 1 : 0},`)
    rows[4] = `${households[5]!.ref},yes,`
    const bad = ['household_ref,homeless_6m,homeless_6m.missing', ...rows].join('\n')
    await page.check('input[name="kind"][value="outcome"]')
    await page.setInputFiles('#file', {
      name: 'outcomes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(bad),
    })
    await submit('Check and upload')
    const problems = page.locator('table', { hasText: 'nothing was saved' })
    const row = await problems.locator('tbody tr').first().innerText()
    expect(row).toContain('6')
    expect(row).toContain(households[5]!.ref)
    expect(row).toContain('Owed a relief duty within 6 months is binary')
    expect(row).not.toMatch(/homeless_6m/i)
    await checkPage(page, 'upload-outcome-errors', {
      // On a phone the row's problem reads in full, without scrolling the table sideways.
      atPhoneWidth: async () => {
        const region = page.locator('.app-table-scroll', { hasText: 'nothing was saved' })
        expect(await region.evaluate((e) => e.scrollWidth - e.clientWidth)).toBeLessThanOrEqual(0)
      },
    })
    rows[4] = `${households[5]!.ref},0,`
    const fixed = ['household_ref,homeless_6m,homeless_6m.missing', ...rows].join('\n')
    await page.check('input[name="kind"][value="outcome"]')
    await page.setInputFiles('#file', {
      name: 'outcomes.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(fixed),
    })
    await submit('Check and upload')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('39 rows saved')

    // Recruitment closed; the evaluator declares collection complete so the final analysis runs.
    await page.goto(`${base}/app/trials/${trialId}/analysis`)
    await checkPage(page, 'analysis-interim')
    await page.fill('#reason', 'Every outcome has been extracted from the H-CLIC return')
    await submit('Declare data collection complete')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain(
      'Data collection is complete'
    )
    await checkPage(page, 'analysis-run')
    await submit('Run the registered analysis')
    // One household has no outcome yet: the confirmation lists what is missing.
    expect(await page.locator('h1').innerText()).toBe('Some outcomes are still missing')
    expect(await page.locator('main').innerText()).toContain('Owed a relief duty within 6 months')
    await checkPage(page, 'analysis-confirm')
    await submit('Run the analysis anyway')
    await page.waitForURL(/\/report\?done=analysis$/)
    const report = await page.locator('main').innerText()
    expect(report).toContain('Results of the registered analysis')
    expect(report).toContain('Intention-to-treat effect on homelessness')
    expect(report).toMatch(/Family mediation against Usual care\s+-?\d\.\d{3}/)
    expect(report).toContain('Baseline balance')
    expect(
      await page.locator('svg[aria-label="Standardised baseline differences (love plot)"]').count()
    ).toBe(1)
    expect(await page.locator('svg[aria-label="Households enrolled over time"]').count()).toBe(1)
    await checkPage(page, 'report')
    await page.emulateMedia({ media: 'print' })
    expect(await page.locator('.govuk-service-navigation').isVisible()).toBe(false)
    if (SCREENSHOTS)
      await page.screenshot({ path: join(ARTIFACTS, 'report-print.png'), fullPage: true })
    await page.emulateMedia({ media: 'screen' })
    await signOut()
  }, 300_000)

  it('lets Centre staff confirm a rating from the worklist', async () => {
    await signIn(h.cast.centre.token)
    expect(await page.locator('h1').innerText()).toBe('Trials awaiting a rating')
    await checkPage(page, 'centre-worklist')
    await page.click('a:has-text("Mediation letters trial")')
    await checkPage(page, 'rating-compute')
    await page.check('input[name="outcome_source"][value="administrative"]')
    await submit('Compute the rating')
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('computed')
    await checkPage(page, 'rating-decide')
    // Levels and what limited them in words, numbers rounded.
    const levels = await page.locator('table', { hasText: 'Levels by scheme' }).innerText()
    expect(levels).not.toMatch(/_|\|ES\||MDES|\d\.\d{5}/)
    expect(levels).toMatch(/Capped at \d padlocks: minimum detectable effect/)
    const firstForm = page.locator('main form').first()
    const scheme = await firstForm.locator('input[name="scheme"]').inputValue()
    await firstForm.locator('input[value="confirm"]').check()
    await firstForm.locator('button').click()
    expect(await page.locator('.govuk-notification-banner').innerText()).toContain('decision saved')
    const history = await page.locator('table', { hasText: 'Decisions' }).innerText()
    expect(history).toContain('Confirm')
    expect(scheme).toBeTruthy()
    await page.goto(`${base}/registry/${trialId}`)
    await checkPage(page, 'registry-rated-record')
  }, 300_000)
})
