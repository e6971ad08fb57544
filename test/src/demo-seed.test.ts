import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { silentLogger } from '../../src/env'
import { seedDemo } from '../../src/seed/demo'
import { createTestDatabase } from '../support/database'
import { testConfig } from '../support/harness'
import type { OpenDatabase } from '../../src/db/client'

let open: OpenDatabase
const SEEDED_AT = new Date('2026-01-05T10:00:00Z')
let centreToken = ''
beforeAll(async () => {
  open = await createTestDatabase()
})
afterAll(async () => {
  await open?.close()
})

describe('demo seed', () => {
  it('creates councils, tokens for every role, an intervention, a registered trial and two analysed and rated ones, once', async () => {
    const seeded = await seedDemo(open.db, SEEDED_AT, testConfig)
    centreToken = seeded!.tokens.find((t) => t.role === 'centre')!.token
    expect(seeded!.tokens.map((t) => t.role)).toEqual([
      'officer',
      'officer',
      'officer',
      'evaluator',
      'centre',
      'admin',
    ])
    expect(await seedDemo(open.db, new Date(), testConfig)).toBeNull()
    const app = createApp({
      database: { acquire: () => ({ db: open.db }) },
      clock: () => new Date(),
      config: testConfig,
      logger: silentLogger,
    })
    const as = (i: number) => ({ headers: { authorization: `Bearer ${seeded!.tokens[i]!.token}` } })
    const trials = (await (await app.request('/trials', as(0))).json()) as {
      trials: Array<{ id: string; status: string }>
    }
    expect(trials.trials).toHaveLength(1)
    expect(trials.trials[0]!.status).toBe('registered')
    // Another council's officer sees only their own council's trial; the evaluator granted the first council sees it.
    const eastbrook = (await (await app.request('/trials', as(1))).json()) as {
      trials: Array<{ id: string }>
    }
    expect(eastbrook.trials.map((t) => t.id)).not.toContain(trials.trials[0]!.id)
    expect(eastbrook.trials).toHaveLength(1)
    expect(
      ((await (await app.request('/trials', as(3))).json()) as { trials: unknown[] }).trials
    ).toHaveLength(1)
    const interventions = (await (await app.request('/interventions', as(2))).json()) as {
      interventions: Array<{ name: string }>
    }
    expect(interventions.interventions.map((i) => i.name)).toEqual([
      'Family mediation as homelessness prevention',
    ])
    const record = await app.request(`/trials/${trials.trials[0]!.id}/registration`)
    expect(record.status).toBe(200)
    // Centre staff see all three trials; two are analysed on simulated data and pooled.
    const all = (await (await app.request('/trials', as(4))).json()) as {
      trials: Array<{ status: string; title: string }>
    }
    expect(all.trials.map((t) => t.status).sort()).toEqual(['rated', 'rated', 'registered'])
    expect(
      all.trials
        .filter((t) => t.status === 'rated')
        .every((t) => t.title.includes('simulated data'))
    ).toBe(true)
    const interventionId = (
      (await (await app.request('/interventions', as(4))).json()) as {
        interventions: Array<{ id: string }>
      }
    ).interventions[0]!.id
    const evidence = (await (
      await app.request(`/interventions/${interventionId}/evidence`, as(4))
    ).json()) as Record<string, unknown>
    expect(JSON.stringify(evidence)).toContain('REML')
    // The public evidence page pools the two analysed trials and draws their forest plot.
    const page = await (await app.request(`/evidence/${interventionId}`)).text()
    expect(page).toContain('Random effects (REML)')
    expect(page).toContain('Eastbrook District Council')
    expect(page).toContain('Westhaven City Council')
    expect(page).toContain('<svg')
    // Each completed trial has a screening log and adherence, and a published report whose CONSORT
    // diagram matches the database, with its checklist's missing items and a practitioner summary.
    const completed = (await (await app.request('/trials', as(4))).json()) as {
      trials: Array<{ id: string; status: string }>
    }
    for (const t of completed.trials.filter((x) => x.status === 'rated')) {
      const rows = async (q: ReturnType<typeof sql>) => {
        const r = (await open.db.execute(q)) as unknown
        return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as Array<{
          arm?: string
          n: number
        }>
      }
      const [{ n: screened }] = (await rows(
        sql`select coalesce(sum(count), 0)::int as n from screening_records where trial_id = ${t.id}`
      )) as [{ n: number }]
      const byArm = await rows(
        sql`select arm, count(*)::int as n from enrolments where trial_id = ${t.id} group by arm order by arm`
      )
      const [{ n: adherence }] = (await rows(
        sql`select count(*)::int as n from adherence_records where trial_id = ${t.id}`
      )) as [{ n: number }]
      expect(screened).toBeGreaterThan(0)
      expect(adherence).toBeGreaterThan(0)
      const svg = await (await app.request(`/registry/${t.id}/consort.svg`)).text()
      const drawn = (key: string) =>
        Number(new RegExp(`data-count="${key}" data-n="(\\d+)"`).exec(svg)?.[1])
      const enrolled = byArm.reduce((a, r) => a + r.n, 0)
      expect(drawn('assessed')).toBe(enrolled + screened)
      expect(drawn('randomised')).toBe(enrolled)
      for (const r of byArm) expect(drawn(`allocated:${r.arm}`)).toBe(r.n)
      const report = await app.request(`/registry/${t.id}/report`)
      expect(report.status).toBe(200)
      const html = await report.text()
      expect(html).toContain('item(s) are missing from this report')
      expect(html).toContain('Summary for practitioners')
      const summary = await app.request(`/registry/${t.id}/summary`)
      expect(summary.status).toBe(200)
      // Rated by Centre staff through the rating service, the EEF padlocks confirmed.
      const words = await summary.text()
      expect(words).not.toContain('not been rated')
      expect(words).toMatch(/Evidence rating: \d of 5 padlocks \(EEF scale, confirmed\)/)
      // Registered with a funder, public and scientific query contacts and an ethics review, so the
      // WHO export lacks none of items 4, 7, 8 and 21; contacts are roles with mailboxes, not people.
      const who = (await (await app.request(`/registry/${t.id}/who-trds.json`)).json()) as {
        items: Array<{ item: number; value: unknown }>
        missing: Array<{ item: number }>
      }
      for (const item of [4, 7, 8, 21]) {
        expect(who.missing.map((m) => m.item)).not.toContain(item)
        expect(who.items.find((i) => i.item === item)!.value).not.toBeNull()
      }
      expect(JSON.stringify(who.items.find((i) => i.item === 7)!.value)).toMatch(
        /Housing Options service manager.*housing\.options@/
      )
      // One exclusion names a registered eligibility criterion and leaves the analysis; the other
      // is reported and kept. The flow's analysed count per arm is the dataset's rows with a
      // primary outcome, and the excluded household is not among the dataset's rows.
      const exclusions = await rows(
        sql`select x.ineligible_criterion as criterion, e.arm from analysis_exclusions x join enrolments e on e.id = x.enrolment_id where x.trial_id = ${t.id} order by x.ineligible_criterion nulls last`
      )
      expect(
        exclusions.map((x) => (x as unknown as { criterion: string | null }).criterion)
      ).toEqual(['Already in temporary accommodation at referral', null])
      const csv = (await (await app.request(`/trials/${t.id}/dataset.csv`, as(4))).text())
        .trim()
        .split(/\r?\n/)
        .map((line) => line.split(','))
      const [header, ...data] = csv as [string[], ...string[][]]
      expect(data).toHaveLength(enrolled - 1)
      const armAt = header.indexOf('arm')
      const primaryAt = header.indexOf('homeless_6m')
      for (const r of byArm) {
        const analysed = data.filter((d) => d[armAt] === r.arm && d[primaryAt] !== '').length
        expect(drawn(`analysed:${r.arm}`)).toBe(analysed)
      }
      const [ineligible, kept] = exclusions as Array<{ arm: string }>
      expect(drawn(`excluded_after_randomisation:${ineligible!.arm}`)).toBe(1)
      expect(drawn(`kept_in_analysis:${kept!.arm}`)).toBe(1)
      // The registered harm outcome is shown in each group as recorded, as many households as the
      // database holds a value for.
      const [{ n: harmed }] = (await rows(
        sql`select count(o.value_number)::int as n from observations o where o.trial_id = ${t.id} and o.variable = 'left_home_unplanned_6m' and o.enrolment_id not in (select enrolment_id from analysis_exclusions where trial_id = ${t.id} and ineligible_criterion is not null)`
      )) as [{ n: number }]
      const json = (await (await app.request(`/trials/${t.id}/report`, as(4))).json()) as {
        harms: { outcomes: Array<{ name: string; by_arm: Array<{ n: number }> }> }
      }
      expect(json.harms.outcomes.map((o) => o.name)).toEqual(['left_home_unplanned_6m'])
      expect(json.harms.outcomes[0]!.by_arm.reduce((a, b) => a + b.n, 0)).toBe(harmed)
      expect(harmed).toBeGreaterThan(0)
      expect(html).toContain('Left the family home unplanned within 6 months')
      expect(html).not.toContain('15 Harms: no harms were registered')
      expect(html).toContain(
        `data-count="kept_in_analysis:${kept!.arm}:moved out of the council area after randomisation" data-n="1"`
      )
    }
  }, 120_000)

  it('dates the demo coherently: the completed trials recruited, followed up and were analysed before it was seeded', async () => {
    const rows = async <T>(q: ReturnType<typeof sql>) => {
      const r = (await open.db.execute(q)) as unknown
      return (Array.isArray(r) ? r : (r as { rows: unknown[] }).rows) as T[]
    }
    const at = (x: unknown) => new Date(x as string).getTime()
    const trials = await rows<{
      id: string
      status: string
      registered_at: string
      recruiting_at: string | null
      closed_at: string | null
      data_complete_at: string | null
      timeline: { recruitment_start: string; recruitment_end: string; final_outcome_date: string }
    }>(
      sql`select id, status, registered_at, recruiting_at, closed_at, data_complete_at, protocol->'timeline' as timeline from trials`
    )
    const now = SEEDED_AT.getTime()
    const registered = trials.find((t) => t.status === 'registered')!
    // Registered today, recruiting from next month.
    expect(at(registered.registered_at)).toBe(now)
    expect(at(registered.timeline.recruitment_start)).toBeGreaterThan(now)
    const app = createApp({
      database: { acquire: () => ({ db: open.db }) },
      clock: () => SEEDED_AT,
      config: testConfig,
      logger: silentLogger,
    })
    for (const t of trials.filter((x) => x.status === 'rated')) {
      const { recruitment_start, recruitment_end, final_outcome_date } = t.timeline
      // Approved and registered before recruitment, which ran as registered, then closed.
      expect(at(t.registered_at)).toBeLessThan(at(recruitment_start))
      const [span] = await rows<{ first: string; last: string; n: number }>(
        sql`select min(enrolled_at) as first, max(enrolled_at) as last, count(distinct enrolled_at::date)::int as n from enrolments where trial_id = ${t.id}`
      )
      expect(at(span!.first)).toBeGreaterThanOrEqual(at(recruitment_start))
      expect(at(span!.last)).toBeLessThanOrEqual(at(t.closed_at))
      expect(at(t.closed_at)).toBeLessThanOrEqual(at(`${recruitment_end}T23:59:59Z`))
      expect(span!.n).toBeGreaterThan(100)
      // Each six-month outcome was recorded once it fell due, and before data collection ended.
      const [early] = await rows<{ n: number; last: string }>(
        sql`select count(*) filter (where o.recorded_at < e.enrolled_at + interval '6 months')::int as n, max(o.recorded_at) as last from observations o join enrolments e on e.id = o.enrolment_id where o.trial_id = ${t.id} and o.kind = 'outcome'`
      )
      expect(early!.n).toBe(0)
      expect(at(early!.last)).toBeLessThan(at(t.data_complete_at))
      expect(at(final_outcome_date)).toBeLessThan(at(t.data_complete_at))
      expect(at(t.data_complete_at)).toBeLessThan(now)
      // Follow-up is complete: every measure, the process measure too, is recorded or missing with a reason.
      const progress = (await (
        await app.request(`/trials/${t.id}/progress`, {
          headers: { authorization: `Bearer ${centreToken}` },
        })
      ).json()) as { measures: Array<{ name: string; outstanding: number; not_yet_due: number }> }
      expect(progress.measures.map((m) => m.name)).toContain('attended_mediation')
      for (const m of progress.measures)
        expect([m.name, m.outstanding, m.not_yet_due]).toEqual([m.name, 0, 0])
      const [run] = await rows<{ created_at: string }>(
        sql`select created_at from analysis_runs where trial_id = ${t.id}`
      )
      expect(at(run!.created_at)).toBeLessThan(now)
      // No page speaks of a date still to come.
      for (const path of [`/registry/${t.id}`, `/registry/${t.id}/report`]) {
        const html = await (await app.request(path)).text()
        const dates = [
          ...[...html.matchAll(/\b(\d{4}-\d{2}-\d{2})\b/g)].map((m) => m[1]!),
          ...[
            ...html.matchAll(
              /\b(\d{1,2} (?:January|February|March|April|May|June|July|August|September|October|November|December) \d{4})\b/g
            ),
          ].map((m) => `${m[1]!} UTC`),
        ]
        expect(dates.length, path).toBeGreaterThan(0)
        expect(
          dates.filter((d) => at(d) > now),
          path
        ).toEqual([])
      }
    }
  }, 60_000)
})
