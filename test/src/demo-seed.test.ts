import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../../src/app'
import { silentLogger } from '../../src/env'
import { seedDemo } from '../../src/seed/demo'
import { createTestDatabase } from '../support/database'
import { testConfig } from '../support/harness'
import type { OpenDatabase } from '../../src/db/client'

let open: OpenDatabase
beforeAll(async () => {
  open = await createTestDatabase()
})
afterAll(async () => {
  await open?.close()
})

describe('demo seed', () => {
  it('creates councils, tokens for every role, an intervention, a registered trial and two analysed ones, once', async () => {
    const seeded = await seedDemo(
      open.db,
      new Date('2026-01-05T10:00:00Z'),
      testConfig.pseudonymKey,
      testConfig.engine
    )
    expect(seeded!.tokens.map((t) => t.role)).toEqual([
      'officer',
      'officer',
      'officer',
      'evaluator',
      'centre',
      'admin',
    ])
    expect(
      await seedDemo(open.db, new Date(), testConfig.pseudonymKey, testConfig.engine)
    ).toBeNull()
    const app = createApp({
      database: { acquire: () => ({ db: open.db, release: async () => {} }) },
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
    expect(all.trials.map((t) => t.status).sort()).toEqual(['analysed', 'analysed', 'registered'])
    expect(
      all.trials
        .filter((t) => t.status === 'analysed')
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
  })
})
