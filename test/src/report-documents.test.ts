import type { z } from 'zod'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { familyMediationIntervention } from '../../trials/protocol/examples/family-mediation'
import {
  checklistDocumentSchema,
  publishedReportSchema,
  reportDetailsDocumentSchema,
  reportDocumentSchema,
  summaryDocumentSchema,
  waitlistDocumentSchema,
  whoTrdsSchema,
} from '../../trials/report'
import { createHarness, type Harness } from '../support/harness'
import {
  createRecruitingTrial,
  enrolExampleHouseholds,
  protocolForCouncilA,
} from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

let h: Harness
let trialId: string
let households: Array<{ household: string; arm: string }>
let interim: { report: any; publish: { status: number; body: any } }
const officer = () => h.cast.officerA.token

/**
 * The body its route documents: the schema accepts it and, since parsing drops keys a schema does not
 * name, gives it back whole (no field goes undocumented).
 */
const documented = (schema: z.ZodType, body: unknown) => expect(schema.parse(body)).toEqual(body)

const enrol = (id: string, n: number, prefix: string) => enrolExampleHouseholds(h, id, n, prefix)

beforeAll(async () => {
  h = await createHarness()
  const protocol = protocolForCouncilA() as any
  // A complier analysis of attending mediation, with the allocation as instrument.
  protocol.analysis_plan.analyses.push({
    name: 'cace',
    role: 'sensitivity',
    description: 'Complier average causal effect of attending mediation',
    spec: {
      estimator: 'iv',
      outcome: 'homeless_6m',
      endogenous: 'attended_mediation',
      se_type: 'HC2',
    },
  })
  ;({ trialId } = await createRecruitingTrial(h, protocol))
  households = await enrol(trialId, 160, 'D')
  await simulateOutcomes(h, trialId, h.cast.officerA.userId, 'documents')
  h.now.value = new Date('2026-04-01T09:00:00Z')
  await h.json('POST', `/trials/${trialId}/screening`, {
    token: officer(),
    body: {
      entries: [
        { week: '2026-W10', reason: 'not_eligible', count: 12 },
        { week: '2026-W10', reason: 'declined', count: 5 },
      ],
    },
  })
  // Three in ten offered mediation never attend; one in eight of usual care is mediated anyway.
  const rows = households.map((x, i) =>
    x.arm === 'family_mediation'
      ? i % 10 < 3
        ? {
            household: x.household,
            status: 'not_received',
            reason: 'declined the offer',
            date: '2026-03-09',
          }
        : { household: x.household, status: 'received_as_allocated', date: '2026-03-09' }
      : i % 8 === 0
        ? {
            household: x.household,
            status: 'received_though_control',
            reason: 'self-referred to the mediation service',
            date: '2026-03-10',
          }
        : { household: x.household, status: 'received_as_allocated', date: '2026-03-10' }
  )
  const recorded = await h.json('POST', `/trials/${trialId}/adherence`, {
    token: officer(),
    body: { entries: rows },
  })
  if (recorded.status !== 201) throw new Error(JSON.stringify(recorded.body))
  await h.json('POST', `/trials/${trialId}/close`, { token: officer() })
  // While follow-up continues the planned analysis is interim: reported so, never published.
  await h.json('POST', `/trials/${trialId}/analyses`, { token: h.cast.evaluatorA.token })
  interim = {
    report: (await h.json('GET', `/trials/${trialId}/report`, { token: officer() })).body,
    publish: await h.json('POST', `/trials/${trialId}/report/publish`, {
      token: officer(),
      body: { acknowledge_missing: true },
    }),
  }
  const complete = await h.json('POST', `/trials/${trialId}/complete-data-collection`, {
    token: h.cast.evaluatorA.token,
    body: { reason: 'Outcomes come from one administrative extract, already received' },
  })
  if (complete.status !== 200) throw new Error(JSON.stringify(complete.body))
  const run = await h.json('POST', `/trials/${trialId}/analyses`, {
    token: h.cast.evaluatorA.token,
  })
  if (run.status !== 201) throw new Error(JSON.stringify(run.body))
})
afterAll(async () => {
  await h?.close()
})

describe('complier analysis and ratings from adherence', () => {
  it('feeds take-up from adherence records into the registered CACE analysis', async () => {
    const dataset = await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: officer() })
    const lines = (await dataset.text()).trim().split('\n')
    const col = lines[0]!.split(',').indexOf('attended_mediation')
    const received = households.map((x, i) =>
      x.arm === 'family_mediation' ? (i % 10 < 3 ? '0' : '1') : i % 8 === 0 ? '1' : '0'
    )
    expect(lines.slice(1).map((l) => l.split(',')[col])).toEqual(received)
    // Without covariates the IV estimate is the Wald ratio (Angrist, Imbens & Rubin 1996):
    // (mean y | offered - mean y | control) / (take-up | offered - take-up | control).
    const header = lines[0]!.split(',')
    const [armAt, yAt] = [header.indexOf('arm'), header.indexOf('homeless_6m')]
    const rows = lines
      .slice(1)
      .map((l) => l.split(','))
      .filter((r) => r[yAt] !== '')
    const mean = (arm: string, at: number) => {
      const xs = rows.filter((r) => r[armAt] === arm).map((r) => Number(r[at]))
      return xs.reduce((a, b) => a + b, 0) / xs.length
    }
    const wald =
      (mean('family_mediation', yAt) - mean('usual_care', yAt)) /
      (mean('family_mediation', col) - mean('usual_care', col))
    const runs = await h.json('GET', `/trials/${trialId}/analyses`, { token: officer() })
    const list = (runs.body.runs ?? runs.body) as Array<{ id: string }>
    const run = await h.json('GET', `/trials/${trialId}/analyses/${list[0]!.id}`, {
      token: officer(),
    })
    const cace = run.body.report.comparisons.find(
      (c: { analysis: string }) => c.analysis === 'cace'
    )
    expect(cace.error).toBeNull()
    expect(cace.result.estimate).toBeCloseTo(wald, 10)
  })

  it("derives the ratings' non_compliance threat from adherence instead of the declared answer", async () => {
    const rating = await h.json('POST', `/trials/${trialId}/ratings`, {
      token: h.cast.centre.token,
      body: {
        declared: {
          outcome_source: 'administrative',
          threats: [
            { type: 'non_compliance', severity: 'minor' },
            { type: 'contamination', severity: 'minor' },
          ],
        },
      },
    })
    expect(rating.status, JSON.stringify(rating.body)).toBe(201)
    const threats = rating.body.facts.threats
    expect(threats.source).toBe('measured')
    const nc = threats.value.filter((t: { type: string }) => t.type === 'non_compliance')
    // About 30% of those offered did not attend and 12.5% of controls crossed over: ~21% -> moderate.
    expect(nc).toEqual([
      { type: 'non_compliance', severity: 'moderate', direction: 'favours_control' },
    ])
    expect(threats.value.map((t: { type: string }) => t.type)).toContain('contamination')
    expect(threats.detail).toMatch(/did not receive the intervention/)
  })
})

describe('checklist, report, summary and publication', () => {
  it('labels a report from an interim run and refuses to publish it', () => {
    expect(interim.report.analysis_run).toMatchObject({ interim: true })
    expect(interim.report.analysis_run.label).toMatch(/^Interim analysis/)
    expect(interim.report.summary.caveats[0]).toMatch(/^Interim result/)
    expect(interim.report.ready_to_publish).toBe(false)
    documented(reportDocumentSchema, interim.report)
    expect(interim.publish.status).toBe(409)
    expect(interim.publish.body.type).toBe('/problems/report-not-ready')
  })

  it('pre-fills the CONSORT 2025 checklist and lists what is missing', async () => {
    const res = await h.json('GET', `/trials/${trialId}/checklist`, { token: h.cast.centre.token })
    expect(res.status).toBe(200)
    documented(checklistDocumentSchema, res.body)
    expect(res.body.items).toHaveLength(42)
    const item = (id: string) => res.body.items.find((i: { item: string }) => i.item === id)
    expect(item('2')).toMatchObject({ status: 'answered', where: 'registration record' })
    expect(item('22a').status).toBe('answered')
    const offered = households.filter((x) => x.arm === 'family_mediation')
    const refused = households.filter((x, i) => x.arm === 'family_mediation' && i % 10 < 3).length
    expect(item('22a').detail).toContain(
      `family_mediation: ${offered.length - refused} received, ${refused} not as allocated, 0 not recorded`
    )
    expect(item('26').where).toMatch(/^analysis run /)
    expect(res.body.missing.map((m: { item: string }) => m.item)).toEqual(
      expect.arrayContaining(['5a', '5b', '8', '20a', '24b', '29', '30'])
    )
  })

  it('refuses to publish while items are missing, lists them, then publishes once they are written', async () => {
    const before = await h.request('GET', `/registry/${trialId}/report`)
    expect(before.status).toBe(404)
    expect(before.headers.get('content-type')).toContain('text/html')
    const refused = await h.json('POST', `/trials/${trialId}/report/publish`, {
      token: officer(),
      body: {},
    })
    expect(refused.status).toBe(422)
    expect(refused.body.type).toBe('/problems/checklist-incomplete')
    expect(refused.body.missing.map((m: { item: string }) => m.item)).toContain('5a')
    const details = await h.json('PUT', `/trials/${trialId}/report/details`, {
      token: h.cast.evaluatorA.token,
      body: {
        funding: 'Council housing budget; the funder had no role in the analysis',
        conflicts_of_interest: 'None declared',
        public_involvement: 'Two young people with lived experience reviewed the outcome measures',
        blinding:
          'Households and caseworkers knew the allocation; outcomes came from H-CLIC records',
        concomitant_care: 'Both arms received usual housing options advice',
        harms_assessment: 'Mediators reported any escalation of family conflict',
        interpretation: 'An offer of mediation reduced homelessness at six months',
        limitations: 'Single council; outcomes from administrative records only',
      },
    })
    expect(details.status).toBe(200)
    documented(reportDetailsDocumentSchema, details.body)
    const checklist = await h.json('GET', `/trials/${trialId}/checklist`, { token: officer() })
    expect(checklist.body.missing).toEqual([])
    const published = await h.json('POST', `/trials/${trialId}/report/publish`, {
      token: officer(),
      body: {},
    })
    expect(published.status).toBe(200)
    documented(publishedReportSchema, published.body)
    expect(published.body.missing_items).toEqual([])
  })

  it('shows the checklist frozen at publication on the published report, not the live one', async () => {
    const cleared = await h.json('PUT', `/trials/${trialId}/report/details`, {
      token: officer(),
      body: { limitations: null },
    })
    expect(cleared.status).toBe(200)
    const live = await h.json('GET', `/trials/${trialId}/checklist`, { token: officer() })
    expect(live.body.missing.length).toBeGreaterThan(0)
    const res = await h.request('GET', `/registry/${trialId}/report`, {
      headers: { accept: 'application/json' },
    })
    const published = { body: (await res.json()) as Record<string, unknown> }
    expect(published.body.checklist_missing).toEqual([])
    expect(published.body.checklist_as_published).toMatch(/^\d{4}-\d{2}-\d{2}T/)
    const html = await (await h.request('GET', `/registry/${trialId}/report`)).text()
    expect(html).toContain('As it stood when the report was published')
    expect(html).toContain('Every item is answered')
    await h.json('PUT', `/trials/${trialId}/report/details`, {
      token: officer(),
      body: { limitations: 'Single council; outcomes from administrative records only' },
    })
  })

  it('serves the published report as printable HTML and JSON, in the registered labels', async () => {
    const page = await h.request('GET', `/registry/${trialId}/report`)
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('<svg')
    expect(html).toContain('Owed a relief duty or in temporary accommodation within 6 months')
    expect(html).toContain('/assets/report.css')
    expect(html).not.toMatch(/style="/)
    const css = await h.request('GET', '/assets/report.css')
    expect(await css.text()).toMatch(/@media print/)

    const report = await h.json('GET', `/trials/${trialId}/report`, { token: officer() })
    documented(reportDocumentSchema, report.body)
    expect(report.body.publication).not.toBeNull()
    const primary = report.body.results.find((r: { role: string }) => r.role === 'primary')
    expect(primary.outcome_label).toBe(
      'Owed a relief duty or in temporary accommodation within 6 months'
    )
    expect(primary.arm_label).toBe('Family mediation')
    expect(primary.conf_low).toBeLessThan(primary.estimate)
    expect(primary.relative).toHaveProperty('estimate')
    const ages = households
      .map((x, i) => [x.arm, 20 + (i % 40)] as const)
      .filter(([a]) => a === 'usual_care')
      .map(([, v]) => v)
    const mean = ages.reduce((a, b) => a + b, 0) / ages.length
    const sd = Math.sqrt(ages.reduce((a, b) => a + (b - mean) ** 2, 0) / (ages.length - 1))
    const age = report.body.baseline.find((b: { variable: string }) => b.variable === 'age_head')
    expect(age.by_arm.usual_care.text).toBe(`${mean.toFixed(1)} (${sd.toFixed(1)})`)
    const crossed = households.filter((x, i) => x.arm === 'usual_care' && i % 8 === 0).length
    expect(
      report.body.adherence.find((a: { arm: string }) => a.arm === 'usual_care').not_received.n
    ).toBe(crossed)
    expect(report.body.rating.schemes.length).toBeGreaterThan(0)
    // What limited each rating is given in words: no abbreviations, characteristics not by raw name.
    const limited = report.body.rating.schemes
      .map((s: { limiting_words: string }) => s.limiting_words)
      .join(' ')
    expect(limited).toContain('Household type single under 25: standardised difference')
    expect(limited).not.toMatch(/MDES|\|ES\||household_type|council_area/)
    // The ratings API gives each scheme in the same words.
    const ratings = await h.json('GET', `/trials/${trialId}/ratings`, { token: officer() })
    expect(
      ratings.body.current.schemes.map((s: { limiting_words: string }) => s.limiting_words)
    ).toEqual(report.body.rating.schemes.map((s: { limiting_words: string }) => s.limiting_words))
    expect(report.body.ready_to_publish).toBe(true)
  })

  it('writes the practitioner summary in natural units with NNT and costs in pence', async () => {
    const res = await h.json('GET', `/trials/${trialId}/summary`, { token: h.cast.centre.token })
    expect(res.status).toBe(200)
    documented(summaryDocumentSchema, res.body)
    const report = await h.json('GET', `/trials/${trialId}/report`, { token: officer() })
    const estimate = report.body.results.find(
      (r: { role: string }) => r.role === 'primary'
    ).estimate
    expect(res.body.effect.per_100).toBeCloseTo(estimate * 100, 1)
    expect(res.body.effect.statement).toMatch(
      /^\d+(\.\d)? (fewer|more) households per 100 offered family mediation: owed a relief duty/
    )
    if (res.body.number_needed_to_treat)
      expect(res.body.number_needed_to_treat.value).toBe(Math.ceil(1 / Math.abs(estimate)))
    expect(res.body.cost.per_household_receiving_pence).toBe(
      familyMediationIntervention.delivery_cost_pence
    )
    const offered = households.filter((x) => x.arm === 'family_mediation')
    const took = offered.filter((x) => households.indexOf(x) % 10 >= 3).length
    expect(res.body.cost.per_household_offered_pence).toBe(
      Math.round((52_500 * took) / offered.length)
    )
    expect(Number.isInteger(res.body.cost.per_household_offered_pence)).toBe(true)
    expect(res.body.rating).toMatch(/padlock|rating/)
    const page = await h.request('GET', `/registry/${trialId}/summary`)
    expect(page.status).toBe(200)
  })
})

describe('registry exports', () => {
  it('maps the registration to the 24 WHO TRDS items and says what to supply', async () => {
    const res = await h.json('GET', `/trials/${trialId}/registry-export/who-trds`, {
      token: officer(),
    })
    documented(whoTrdsSchema, res.body)
    expect(res.body.items.map((i: { item: number }) => i.item)).toEqual(
      Array.from({ length: 24 }, (_, i) => i + 1)
    )
    const item = (n: number) => res.body.items.find((i: { item: number }) => i.item === n)
    const trial = await h.json('GET', `/trials/${trialId}`, { token: officer() })
    expect(item(10).value).toBe(trial.body.protocol.title)
    expect(item(18).value).toBe('Not recruiting')
    expect(item(17).value).toEqual({ target: 1100, final: 160 })
    expect(res.body.missing.map((m: { item: number }) => m.item)).toEqual([4, 7, 8, 21])
    const pub = await h.json('GET', `/registry/${trialId}/who-trds.json`)
    expect(pub.status).toBe(200)
    expect(item(23).value.url).toBe(`/registry/${trialId}/report`)
  })

  it('renders the protocol in SPIRIT 2025 order', async () => {
    const res = await h.request('GET', `/registry/${trialId}/protocol`)
    expect(res.status).toBe(200)
    const html = await res.text()
    const order = [
      'Administrative information',
      'Open science',
      'Introduction',
      'Methods: public involvement and trial design',
      'Methods: participants, interventions and outcomes',
      'Methods: assignment of interventions',
      'Methods: data collection, management and analysis',
      'Methods: monitoring',
      'Ethics and dissemination',
    ].map((s) => html.indexOf(`>${s}</h2>`))
    expect(order.every((x) => x > 0)).toBe(true)
    expect([...order].sort((a, b) => a - b)).toEqual(order)
    expect(html).toContain('Owed a prevention duty')
  })
})

describe('waitlist design', () => {
  it('dates the delayed offer from the primary window, refuses it earlier, and says delayed not withheld', async () => {
    h.now.value = new Date('2026-04-01T09:00:00Z')
    const protocol = protocolForCouncilA() as any
    protocol.waitlist = {
      offer: 'after_primary_outcome_window',
      delay_after_window: 'P14D',
      description: 'Households in usual care are offered mediation once their six months are over.',
    }
    const { trialId: id } = await createRecruitingTrial(h, protocol)
    const enrolled = await enrol(id, 12, 'W')
    const control = enrolled.find((x) => x.arm === 'usual_care')!
    // Enrolled 2026-04-01: the window ends 2026-10-01, plus 14 days.
    const progress = await h.json('GET', `/trials/${id}/progress/waitlist`, { token: officer() })
    documented(waitlistDocumentSchema, progress.body)
    const mine = progress.body.waitlist.households.find(
      (x: { household: string }) => x.household === control.household
    )
    expect(mine).toMatchObject({ eligible_from: '2026-10-15', status: 'waiting' })
    expect(progress.body.waitlist.counts.waiting).toBe(
      enrolled.filter((x) => x.arm === 'usual_care').length
    )

    h.now.value = new Date('2026-11-01T09:00:00Z')
    const early = await h.json('POST', `/trials/${id}/adherence`, {
      token: officer(),
      body: {
        entries: [
          {
            household: control.household,
            status: 'received_as_allocated',
            date: '2026-04-02',
            delayed_offer_on: '2026-10-10',
          },
        ],
      },
    })
    expect(early.status).toBe(422)
    expect(early.body.errors[0]).toMatchObject({
      code: 'before-waitlist-window',
      field: 'delayed_offer_on',
    })
    const ok = await h.json('POST', `/trials/${id}/adherence`, {
      token: officer(),
      body: {
        entries: [
          {
            household: control.household,
            status: 'received_as_allocated',
            date: '2026-04-02',
            delayed_offer_on: '2026-10-20',
          },
        ],
      },
    })
    expect(ok.status).toBe(201)
    const after = await h.json('GET', `/trials/${id}/progress/waitlist`, { token: officer() })
    expect(after.body.waitlist.counts.offered).toBe(1)
    documented(waitlistDocumentSchema, after.body)
    const report = await h.json('GET', `/trials/${id}/report`, { token: officer() })
    documented(reportDocumentSchema, report.body)
    expect(report.body.design.waitlist.statement).toMatch(/delayed, not withheld/)
    expect(report.body.summary.comparison).toMatch(/delayed, not withheld/)
  })
})
