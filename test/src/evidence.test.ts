import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { createHash } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { metaAnalysis } from '../../analysis/meta-analysis'
import { auditEvents, trials } from '../../src/db/schema'
import { createToken, createUser, grantEvaluator } from '../../src/services/accounts'
import { useHarness } from '../support/harness'
import { interventionBody, protocolForCouncilA } from '../support/fixtures'
import { simulateOutcomes } from '../support/outcomes'

const h = useHarness()
let interventionId: string
let evaluatorB: string
const trialIds: string[] = []
let notAnalysed: string
const areas = exampleCouncilAreas
const types = exampleHouseholdTypes
const declared = {
  outcome_source: 'administrative',
  outcome_measurement_blind: true,
  threats: [{ type: 'contamination', severity: 'moderate' }],
}

const tick = () => {
  h.now.value = new Date(h.now.value.getTime() + 60_000)
}

/** A trial of the shared intervention, taken to the given stage by the given council's staff. */
async function trialOf(
  council: 'A' | 'B',
  households: number,
  outcomesSeed: string,
  stage: 'recruiting' | 'closed' | 'analysed'
) {
  const officer = council === 'A' ? h.cast.officerA : h.cast.officerB
  const protocol = protocolForCouncilA()
  if (council === 'B') protocol.councils = [{ code: 'E07000802', name: 'Council B' }]
  const trial = await h.json('POST', '/trials', {
    token: officer.token,
    body: { intervention_id: interventionId, protocol },
  })
  const id = trial.body.id as string
  // The reference values below were computed on allocations from this seed.
  h.nextSeeds.push(createHash('sha256').update(outcomesSeed).digest('hex'))
  for (const step of ['register', 'recruit']) {
    const res = await h.json('POST', `/trials/${id}/${step}`, {
      token: officer.token,
    })
    if (res.status !== 200) throw new Error(`${step}: ${JSON.stringify(res.body)}`)
  }
  const body = {
    households: Array.from({ length: households }, (_, i) => ({
      household_ref: `${outcomesSeed}-${i}`,
      baseline: {
        council_area: areas[i % 5]!,
        household_type: types[(i * 7) % 3]!,
        age_head: 18 + ((i * 13) % 45),
        prior_presentations: i % 4,
        in_work: (i * 3) % 2,
      },
    })),
  }
  const batch = await h.json('POST', `/trials/${id}/enrolments/batch`, {
    token: officer.token,
    body,
  })
  if (batch.status !== 201) throw new Error(JSON.stringify(batch.body))
  await simulateOutcomes(h, id, officer.userId, outcomesSeed)
  if (stage === 'recruiting') return id
  await h.json('POST', `/trials/${id}/close`, { token: officer.token })
  if (stage === 'closed') return id
  tick()
  const evaluator = council === 'A' ? h.cast.evaluatorA.token : evaluatorB
  const complete = await h.json('POST', `/trials/${id}/complete-data-collection`, {
    token: evaluator,
    body: { reason: 'Every outcome for this test trial has been recorded' },
  })
  if (complete.status !== 200) throw new Error(JSON.stringify(complete.body))
  const run = await h.json('POST', `/trials/${id}/analyses`, {
    token: evaluator,
  })
  if (run.status !== 201) throw new Error(JSON.stringify(run.body))
  return id
}

beforeAll(async () => {
  const db = h.open.db
  const user = await createUser(
    db,
    h.now.value,
    { id: null },
    { name: 'evaluator B', role: 'evaluator' }
  )
  await grantEvaluator(
    db,
    h.now.value,
    { id: null },
    { userId: user.id, councilId: h.cast.councilB }
  )
  evaluatorB = (
    await createToken(db, h.now.value, { id: null }, { userId: user.id, label: 'test' })
  ).token
  const intervention = await h.json('POST', '/interventions', {
    token: h.cast.officerA.token,
    body: interventionBody(),
  })
  interventionId = intervention.body.id
  trialIds.push(await trialOf('A', 240, 'leeds', 'analysed'))
  trialIds.push(await trialOf('B', 200, 'bristol', 'analysed'))
  trialIds.push(await trialOf('A', 160, 'kirklees', 'analysed'))
  notAnalysed = await trialOf('A', 40, 'closedonly', 'closed')
}, 120_000)

const path = (id: string) => `/trials/${id}/ratings`
const scheme = (rating: any, name: string) => rating.schemes.find((s: any) => s.scheme === name)
let ratingId: string

describe('computing a rating', () => {
  it('is refused before the registered analysis has run', async () => {
    const res = await h.json('POST', path(notAnalysed), {
      token: h.cast.evaluatorA.token,
      body: { declared },
    })
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/not-analysed')
    expect(res.body.detail).toContain(`POST /trials/${notAnalysed}/analyses`)
  })

  it('is for evaluators with access and Centre staff; options are for Centre staff', async () => {
    const id = trialIds[0]!
    expect(
      (await h.json('POST', path(id), { token: h.cast.officerA.token, body: { declared } })).status
    ).toBe(403)
    expect(
      (await h.json('POST', path(id), { token: h.cast.evaluatorNone.token, body: { declared } }))
        .status
    ).toBe(404)
    // Another council's officer learns nothing about the trial: not found before any role check.
    expect(
      (await h.json('POST', path(id), { token: h.cast.officerB.token, body: { declared } })).status
    ).toBe(404)
    const withOptions = await h.json('POST', path(id), {
      token: h.cast.evaluatorA.token,
      body: { declared, options: { sms_rct_floor: 2 } },
    })
    expect(withOptions.status).toBe(403)
  })

  it('refuses declared facts outside their domain, naming each field', async () => {
    const res = await h.json('POST', path(trialIds[0]!), {
      token: h.cast.evaluatorA.token,
      body: {
        declared: {
          outcome_source: 'gossip',
          design: 'magic',
          attrition_overall: 120,
          threats: [{ type: 'contamination', severity: 'huge' }],
        },
      },
    })
    expect(res.status).toBe(422)
    const pointers = res.body.errors.map((e: { pointer: string }) => e.pointer)
    expect(pointers).toEqual(
      expect.arrayContaining([
        '/declared/outcome_source',
        '/declared/threats/0/severity',
        '/declared',
      ])
    )
    expect(JSON.stringify(res.body.errors)).toContain('design')
    expect(JSON.stringify(res.body.errors)).toContain('attrition_overall')
    const options = await h.json('POST', path(trialIds[0]!), {
      token: h.cast.centre.token,
      body: { declared, options: { sms_rct_floor: 9 } },
    })
    expect(options.status).toBe(422)
    expect(options.body.type).toBe('/problems/invalid-rating-options')
  })

  it('derives the facts from the latest planned analysis run', async () => {
    const id = trialIds[0]!
    tick()
    const res = await h.json('POST', path(id), {
      token: h.cast.evaluatorA.token,
      body: { declared },
    })
    expect(res.status).toBe(201)
    ratingId = res.body.id
    const run = (await h.json('GET', `/trials/${id}/analyses`, { token: h.cast.evaluatorA.token }))
      .body.runs[0]
    expect(res.body.analysis_run_id).toBe(run.id)
    const { facts } = res.body
    const srm = run.report.sample_ratio_mismatch
    const nT = srm.observed[srm.arms.indexOf('family_mediation')]
    const nC = srm.observed[srm.arms.indexOf('usual_care')]
    expect(nT + nC).toBe(240)
    const attrition = run.report.attrition.find((a: any) => a.outcome === 'homeless_6m').result
    expect(facts.n_randomised_treatment).toEqual({
      value: nT,
      source: 'measured',
      detail: expect.any(String),
    })
    expect(facts.n_randomised_control.value).toBe(nC)
    expect(facts.n_analysed_treatment.value).toBe(
      Math.round(nT * (1 - attrition.attrition_treatment))
    )
    expect(facts.n_analysed_control.value).toBe(Math.round(nC * (1 - attrition.attrition_control)))
    expect(facts.n_analysed_treatment.value + facts.n_analysed_control.value).toBe(
      attrition.n_analysed
    )
    expect(res.body.derived.attrition_percent.overall).toBeCloseTo(
      100 * attrition.overall_attrition,
      7
    )
    expect(res.body.derived.attrition_percent.differential).toBeCloseTo(
      100 * attrition.differential_attrition,
      7
    )
    // Baseline equivalence on the analytic sample (households with the primary outcome), every
    // covariate, categorical ones as one indicator per category (EVIDENCE_RATINGS.md §4.3-4.4).
    const csv = await (
      await h.request('GET', `/trials/${id}/dataset.csv`, { token: h.cast.evaluatorA.token })
    ).text()
    const [head, ...lines] = csv.trimEnd().split('\n')
    const columns = head!.split(',')
    const analytic = lines
      .map((l) => Object.fromEntries(l.split(',').map((v, i) => [columns[i], v])))
      .filter((r) => r.homeless_6m !== '' && ['family_mediation', 'usual_care'].includes(r.arm!))
    const arm = (t: boolean) => analytic.filter((r) => (r.arm === 'family_mediation') === t)
    const N = analytic.length
    const omega = 1 - 3 / (4 * N - 9)
    const hedges = (name: string) => {
      const stats = (rows: typeof analytic) => {
        const x = rows.map((r) => Number(r[name]))
        const m = x.reduce((a, b) => a + b, 0) / x.length
        return { n: x.length, m, v: x.reduce((a, b) => a + (b - m) ** 2, 0) / (x.length - 1) }
      }
      const [t, c] = [stats(arm(true)), stats(arm(false))]
      return (omega * (t.m - c.m)) / Math.sqrt(((t.n - 1) * t.v + (c.n - 1) * c.v) / (N - 2))
    }
    const cox = (hit: (r: Record<string, string | undefined>) => boolean) => {
      const p = (rows: typeof analytic) => rows.filter(hit).length / rows.length
      const logit = (q: number) => Math.log(q / (1 - q))
      return (omega * (logit(p(arm(true))) - logit(p(arm(false))))) / 1.65
    }
    const sizes = facts.baseline_effect_sizes.value as Array<{
      variable: string
      kind: string
      effect_size: number
      adjusted_in_impact_model: boolean
    }>
    const size = (variable: string) => sizes.find((s) => s.variable === variable)!
    expect(facts.baseline_effect_sizes.source).toBe('measured')
    expect(facts.baseline_effect_sizes.detail).toContain('analytic sample')
    expect(size('age_head')).toMatchObject({ kind: 'continuous', adjusted_in_impact_model: true })
    expect(size('age_head').effect_size).toBeCloseTo(hedges('age_head'), 12)
    expect(size('prior_presentations').effect_size).toBeCloseTo(hedges('prior_presentations'), 12)
    expect(size('in_work')).toMatchObject({ kind: 'binary', adjusted_in_impact_model: true })
    expect(size('in_work').effect_size).toBeCloseTo(
      cox((r) => r.in_work === '1'),
      12
    )
    // Each category of a categorical characteristic enters as its own binary indicator.
    const areas = [...new Set(analytic.map((r) => r.council_area))].sort()
    for (const area of areas) {
      const indicator = size(`council_area=${area}`)
      expect(indicator.kind).toBe('binary')
      expect(indicator.effect_size).toBeCloseTo(
        cox((r) => r.council_area === area),
        12
      )
    }
    expect(sizes.filter((s) => s.variable.startsWith('household_type=')).length).toBe(3)
    // R: qnorm(0.975) + qnorm(0.8) = 2.8015852181129679 (registered alpha 0.05 two-sided, power 0.8)
    const M = 2.8015852181129679
    expect(facts.mdes_at_randomisation.value).toBeCloseTo(M * Math.sqrt(1 / nT + 1 / nC), 12)
    expect(facts.mdes_at_analysis.value).toBeCloseTo(
      M * Math.sqrt(1 / facts.n_analysed_treatment.value + 1 / facts.n_analysed_control.value),
      12
    )
    expect(facts.mdes_at_randomisation.source).toBe('derived')
    expect(facts.design).toMatchObject({ value: 'rct', source: 'registered' })
    expect(facts.prespecified_analysis).toMatchObject({ value: true, source: 'registered' })
    expect(facts.theory_of_change).toMatchObject({ value: true, source: 'registered' })
  })

  it('shows every scheme with its limiting criterion, and declared facts as declared', async () => {
    const rating = (await h.json('GET', path(trialIds[0]!), { token: h.cast.officerA.token })).body
      .current
    expect(rating.schemes.map((s: any) => s.scheme)).toEqual([
      'eef_padlocks',
      'wwc',
      'wwc_effect_level',
      'maryland_sms',
      'nesta_level',
      'rob2_overall',
    ])
    const eef = scheme(rating, 'eef_padlocks')
    expect(eef.status).toBe('pending')
    expect(eef.final_level).toBeNull()
    // 240 households randomised: MDES 0.36 -> 3 padlocks, so power caps the rating.
    expect(rating.facts.mdes_at_randomisation.value).toBeGreaterThan(0.3)
    expect(rating.facts.mdes_at_randomisation.value).toBeLessThan(0.4)
    expect(eef.limiting.map((r: any) => r.criterion)).toContain('power')
    expect(eef.limiting_summary).toMatch(/capped at 3 padlocks/)
    expect(eef.computed_level).toBeLessThanOrEqual(3)
    expect(rating.declared_facts.sort()).toEqual([
      'outcome_measurement_blind',
      'outcome_source',
      'threats',
    ])
    expect(rating.facts.threats).toMatchObject({
      source: 'declared',
      value: [{ type: 'contamination', severity: 'moderate', direction: 'unknown' }],
    })
    expect(rating.facts.independent_evaluation).toMatchObject({ source: 'default', value: false })
    for (const s of rating.schemes) expect(s.reasons.length).toBeGreaterThan(0)
  })
})

describe('Centre decisions', () => {
  const decide = (token: string, body: unknown, id = trialIds[0]!, rating = ratingId) =>
    h.json('POST', `/trials/${id}/ratings/${rating}/decisions`, { token, body })

  it('are for Centre staff only', async () => {
    const body = { scheme: 'eef_padlocks', action: 'confirm' }
    expect((await decide(h.cast.officerA.token, body)).status).toBe(403)
    expect((await decide(h.cast.evaluatorA.token, body)).status).toBe(403)
    expect((await decide(h.cast.admin.token, body)).status).toBe(403)
    expect((await decide(h.cast.officerB.token, body)).status).toBe(404)
    expect((await decide(h.cast.evaluatorNone.token, body)).status).toBe(404)
  })

  it('refuse an override without a reason or off the scheme scale', async () => {
    const noReason = await decide(h.cast.centre.token, {
      scheme: 'eef_padlocks',
      action: 'override',
      level: 4,
    })
    expect(noReason.status).toBe(422)
    expect(noReason.body.errors.map((e: any) => e.pointer)).toEqual(['/reason'])
    const short = await decide(h.cast.centre.token, {
      scheme: 'eef_padlocks',
      action: 'override',
      level: 4,
      reason: 'because',
    })
    expect(short.status).toBe(422)
    const offScale = await decide(h.cast.centre.token, {
      scheme: 'eef_padlocks',
      action: 'override',
      level: 7,
      reason: 'Assessors were blind, checked on site',
    })
    expect(offScale.status).toBe(422)
    expect(offScale.body.errors).toEqual([
      expect.objectContaining({
        pointer: '/level',
        detail: expect.stringContaining('eef_padlocks levels are 0, 1, 2, 3, 4 or 5'),
      }),
    ])
    const wrongKind = await decide(h.cast.centre.token, {
      scheme: 'wwc',
      action: 'override',
      level: 'excellent',
      reason: 'Assessors were blind, checked on site',
    })
    expect(wrongKind.status).toBe(422)
    expect(wrongKind.body.errors[0]).toMatchObject({ pointer: '/level' })
    expect(wrongKind.body.errors[0].detail).toContain(
      '"meets_without_reservations", "meets_with_reservations", "does_not_meet", "ineligible_design" or "manual_review"'
    )
    const noLevel = await decide(h.cast.centre.token, {
      scheme: 'rob2_overall',
      action: 'override',
      reason: 'Assessors were blind, checked on site',
    })
    expect(noLevel.body.errors.map((e: any) => e.pointer)).toEqual(['/level'])
    const badScheme = await decide(h.cast.centre.token, { scheme: 'padlocks', action: 'confirm' })
    expect(badScheme.status).toBe(422)
    expect(badScheme.body.errors[0].pointer).toBe('/scheme')
    const [trial] = await h.open.db.select().from(trials).where(eq(trials.id, trialIds[0]!))
    expect(trial!.status).toBe('analysed')
  })

  it("are documented with each scheme's levels as an enum", async () => {
    const doc = (await h.json('GET', '/openapi.json')).body
    const body = doc.components.schemas.RatingDecisionRequest
    const variants = (body.oneOf ?? body.anyOf) as Array<{
      properties: { scheme: { const?: string; enum?: string[] }; level: { enum: unknown[] } }
    }>
    const levels = Object.fromEntries(
      variants.map((v) => [
        v.properties.scheme.const ?? v.properties.scheme.enum![0],
        v.properties.level.enum,
      ])
    )
    expect(levels).toEqual({
      eef_padlocks: [0, 1, 2, 3, 4, 5],
      wwc: [
        'meets_without_reservations',
        'meets_with_reservations',
        'does_not_meet',
        'ineligible_design',
        'manual_review',
      ],
      wwc_effect_level: ['individual', 'cluster', null],
      maryland_sms: [1, 2, 3, 4, 5],
      nesta_level: [0, 1, 2, 3, 4, 5],
      rob2_overall: ['low', 'some_concerns', 'high', 'not_applicable'],
    })
  })

  it('keep the computed and the final level, with history and audit, and mark the trial rated', async () => {
    tick()
    const confirm = await decide(h.cast.centre.token, { scheme: 'wwc', action: 'confirm' })
    expect(confirm.status).toBe(201)
    const [trial] = await h.open.db.select().from(trials).where(eq(trials.id, trialIds[0]!))
    expect(trial!.status).toBe('rated')
    const computed = scheme(confirm.body, 'eef_padlocks').computed_level
    const target = computed === 5 ? 4 : computed + 1
    tick()
    const first = await decide(h.cast.centre.token, {
      scheme: 'eef_padlocks',
      action: 'override',
      level: target,
      reason: 'Power calculation used the registered ICC; Centre review 2026-03',
    })
    expect(first.status).toBe(201)
    tick()
    const second = await decide(h.cast.centre.token, {
      scheme: 'eef_padlocks',
      action: 'confirm',
      reason: 'Panel returned to the computed rating',
    })
    expect(second.status).toBe(201)
    const history = await h.json('GET', path(trialIds[0]!), { token: h.cast.evaluatorA.token })
    const eef = scheme(history.body.current, 'eef_padlocks')
    expect(eef.decisions.map((d: any) => [d.action, d.computed_level, d.final_level])).toEqual([
      ['override', computed, target],
      ['confirm', computed, computed],
    ])
    expect(eef).toMatchObject({
      computed_level: computed,
      final_level: computed,
      status: 'confirmed',
    })
    expect(scheme(history.body.current, 'wwc').status).toBe('confirmed')
    expect(scheme(history.body.current, 'nesta_level').status).toBe('pending')
    const events = await h.open.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityId, trialIds[0]!)))
    const actions = events.map((e) => e.action)
    expect(actions.filter((a) => a === 'rating.override')).toHaveLength(1)
    expect(actions.filter((a) => a === 'rating.confirm')).toHaveLength(2)
    expect(actions).toContain('rating.compute')
    expect(actions.filter((a) => a === 'trial.rated')).toHaveLength(1)
    const override = events.find((e) => e.action === 'rating.override')!
    expect(override.detail).toMatchObject({
      scheme: 'eef_padlocks',
      computed_level: computed,
      final_level: target,
    })
    // The public registry page shows the rating with what limited it, in words.
    const page = await (await h.request('GET', `/registry/${trialIds[0]}`)).text()
    expect(page).toContain('Evidence rating')
    expect(page).toContain(`${computed} (confirmed)`)
    expect(scheme(history.body.current, 'eef_padlocks').limiting_summary).toMatch(
      /^capped at \d padlocks: MDES at randomisation/
    )
    expect(page).toMatch(
      /Capped at \d padlocks: minimum detectable effect at randomisation \d\.\d\d /
    )
    expect(page).not.toMatch(/\|ES\||MDES|[a-z]_[a-z]/)
    // The API gives the same in words, and each limiting reason's words.
    const eefNow = scheme(history.body.current, 'eef_padlocks')
    expect(eefNow.limiting_words).toMatch(
      /^Capped at \d padlocks: minimum detectable effect at randomisation \d\.\d\d /
    )
    expect(eefNow.limiting[0].words[0]).toMatch(/^capped at \d padlocks: minimum detectable effect/)
  })

  it('apply to the newest rating; older ratings stay in the history', async () => {
    tick()
    const again = await h.json('POST', path(trialIds[0]!), {
      token: h.cast.centre.token,
      body: { declared: { outcome_source: 'administrative' } },
    })
    expect(again.status).toBe(201)
    const stale = await decide(h.cast.centre.token, { scheme: 'nesta_level', action: 'confirm' })
    expect(stale.status).toBe(409)
    expect(stale.body.latest_rating_id).toBe(again.body.id)
    const list = await h.json('GET', path(trialIds[0]!), { token: h.cast.centre.token })
    expect(list.body.ratings.map((r: any) => r.id)).toEqual([again.body.id, ratingId])
    expect(list.body.current.schemes.every((s: any) => s.status === 'pending')).toBe(true)
    expect(scheme(list.body.ratings[1], 'eef_padlocks').decisions).toHaveLength(2)
  })

  it("are hidden from other councils' officers", async () => {
    expect((await h.json('GET', path(trialIds[0]!), { token: h.cast.officerB.token })).status).toBe(
      404
    )
    expect((await h.json('GET', path(trialIds[1]!), { token: h.cast.officerB.token })).status).toBe(
      200
    )
  })
})

describe('evidence summary per intervention', () => {
  it('pools the analysed trials across councils, from aggregates only', async () => {
    const res = await h.json('GET', `/interventions/${interventionId}/evidence`, {
      token: h.cast.officerB.token,
    })
    expect(res.status).toBe(200)
    const e = res.body
    expect(e.totals).toEqual({
      trials: 3,
      councils: 2,
      households_randomised: 600,
      rated_trials: 1,
    })
    expect(e.trials.map((t: any) => t.trial_id)).not.toContain(notAnalysed)
    expect(e.councils.map((c: any) => [c.name, c.trials])).toEqual([
      ['Council A', 2],
      ['Council B', 1],
    ])
    expect(JSON.stringify(e)).not.toMatch(/household_ref|leeds-0|"household"/)
    const rated = e.trials.find((t: any) => t.trial_id === trialIds[0])
    expect(rated.rating.schemes.eef_padlocks.status).toBe('pending')
    // What limited it, in the words the trial's ratings and report give.
    const ratings = await h.json('GET', `/trials/${trialIds[0]}/ratings`, {
      token: h.cast.officerA.token,
    })
    for (const [name, s] of Object.entries(rated.rating.schemes))
      expect((s as { limiting_words: string }).limiting_words).toBe(
        scheme(ratings.body.current, name).limiting_words
      )
    expect(e.syntheses).toHaveLength(1)
    const [g] = e.syntheses
    expect(g).toMatchObject({
      key: 'homeless_6m|binary|family_mediation|difference',
      k: 3,
      outcome: 'homeless_6m',
      scale: 'difference',
    })

    // The route pools exactly what analysis/meta-analysis gives on the runs' estimates.
    const yi: number[] = []
    const vi: number[] = []
    for (const id of trialIds) {
      const run = (await h.json('GET', `/trials/${id}/analyses`, { token: h.cast.centre.token }))
        .body.runs[0]
      const primary = run.report.comparisons.find((c: any) => c.role === 'primary')
      yi.push(primary.result.estimate)
      vi.push(primary.result.std_error ** 2)
    }
    expect(g.studies.map((s: any) => s.estimate)).toEqual(yi)
    for (const method of ['FE', 'DL', 'REML'] as const) {
      const fit = metaAnalysis({ yi, vi }, { method })
      expect(g.pooled[method].estimate).toBe(fit.estimate)
      expect(g.pooled[method].tau2).toBe(fit.tau2)
    }
    // R (metafor 3.8-1), on the estimates these seeded trials produce:
    //   yi <- c(-0.2106698431964762, -0.13418954594314922, -0.2424726799663028)
    //   vi <- c(0.05779558588015153, 0.066442541214212, 0.07340205103254521)^2
    //   f <- rma(yi, vi, method = "REML"); c(f$b, f$se, f$ci.lb, f$ci.ub, f$tau2, f$I2, f$QE, f$QEp); weights(f)
    // (DL and FE give the same numbers here: Q < k - 1, so tau2 = 0.)
    expect(yi[0]).toBeCloseTo(-0.2106698431964762, 12)
    for (const method of ['FE', 'DL', 'REML'] as const) {
      const p = g.pooled[method]
      expect(p.estimate).toBeCloseTo(-0.194616772024901, 10)
      expect(p.std_error).toBeCloseTo(0.0374898935912892, 10)
      expect(p.conf_low).toBeCloseTo(-0.268095613248067, 10)
      expect(p.conf_high).toBeCloseTo(-0.121137930801735, 10)
      expect(p.tau2).toBeCloseTo(0, 12)
      expect(p.i2).toBeCloseTo(0, 10)
    }
    expect(g.heterogeneity.q).toBeCloseTo(1.32934103402589, 10)
    expect(g.heterogeneity.q_p_value).toBeCloseTo(0.51444300000229, 10)
    expect(g.studies.map((s: any) => s.weight_percent.REML)).toEqual([
      expect.closeTo(42.0764483701561, 9),
      expect.closeTo(31.837279239008, 9),
      expect.closeTo(26.0862723908359, 9),
    ])
    expect(g.studies[0].conf_low).toBeCloseTo(yi[0]! - 1.959963984540054 * Math.sqrt(vi[0]!), 12)
  })

  it('draws a deterministic forest plot', async () => {
    const url = `/interventions/${interventionId}/evidence/forest.svg`
    const res = await h.request('GET', url, { token: h.cast.evaluatorNone.token })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toContain('image/svg+xml')
    const svg = await res.text()
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true)
    expect(svg.match(/<g class="study">/g)).toHaveLength(3)
    expect(svg).toContain('class="pooled"')
    expect(svg).toContain('stroke-dasharray')
    expect(svg).toContain('Council B 2026')
    expect(svg).toContain('Random effects (REML)')
    expect(await (await h.request('GET', url, { token: h.cast.centre.token })).text()).toBe(svg)
    const fe = await (
      await h.request('GET', `${url}?method=FE`, { token: h.cast.centre.token })
    ).text()
    expect(fe).toContain('Fixed effect')
    expect((await h.json('GET', `${url}?group=nope`, { token: h.cast.centre.token })).status).toBe(
      404
    )
    expect((await h.json('GET', `${url}?method=XX`, { token: h.cast.centre.token })).status).toBe(
      422
    )
    expect((await h.json('GET', `/interventions/${interventionId}/evidence`)).status).toBe(401)
  })

  it('shows the public evidence page with the prediction interval, the favoured sides and levels in words', async () => {
    const res = await h.request('GET', `/evidence/${interventionId}`)
    expect(res.status).toBe(200)
    const html = await res.text()
    expect(html).toMatch(
      /A new trial(?:'|&#39;)s effect is expected between -?\d\.\d{3} and -?\d\.\d{3} \(95% prediction interval\)/
    )
    expect(html).toContain('<line class="prediction"')
    expect(html).toContain('Favours intervention')
    expect(html).toContain('Favours control')
    expect(html).toContain('τ² =')
    expect(html).not.toMatch(/p = &lt;|p = </)
    expect(html).not.toMatch(/meets_without_reservations|some_concerns/)
  })
})
