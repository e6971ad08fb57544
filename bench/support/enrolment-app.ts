import { createApp, type App } from '../../src/app'
import type { Database } from '../../src/db/client'
import { readEngineIdentity } from '../../src/engine-identity'
import { silentLogger, type AppConfig } from '../../src/env'
import { createCouncil, createToken, createUser } from '../../src/services/accounts'
import {
  familyMediationIntervention,
  familyMediationProtocol,
} from '../../trials/protocol/examples/family-mediation'

const COUNCIL = { slug: 'bench-council', code: 'E07000901', name: 'Benchmark Council' }

/** The server's defaults (src/config.ts) with a fixed key: the benchmark creates and drops its own data. */
export const benchConfig: AppConfig = {
  bodyLimitBytes: 1_048_576,
  importBodyLimitBytes: 64 * 1_048_576,
  pseudonymKey: 'bench-pseudonym-key-0123456789abcdef0123456789abcdef',
  version: '0.0.0-bench',
  engine: readEngineIdentity(new URL('../..', import.meta.url).pathname, '0.0.0-bench'),
}

/** The application as src/server.ts builds it on Node: one shared database, the real clock, no request log. */
export function buildApp(db: Database): App {
  return createApp({
    database: { acquire: () => ({ db }) },
    clock: () => new Date(),
    config: benchConfig,
    logger: silentLogger,
  })
}

/** One council and its officer; returns the officer's bearer token. */
export async function seedOfficer(db: Database): Promise<string> {
  const now = new Date()
  const system = { id: null }
  const council = await createCouncil(db, now, system, COUNCIL)
  const user = await createUser(db, now, system, {
    name: 'Benchmark officer',
    role: 'officer',
    councilId: council.id,
  })
  return (await createToken(db, now, system, { userId: user.id, label: 'bench' })).token
}

async function post(
  app: App,
  token: string,
  path: string,
  body?: unknown
): Promise<{ status: number; body: any }> {
  const res = await app.request(path, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  const text = await res.text()
  return { status: res.status, body: text ? JSON.parse(text) : null }
}

/** The family mediation example trial (stratified permuted blocks of 4 or 6, 15 strata), taken to recruiting. */
export async function createRecruitingTrial(app: App, token: string): Promise<string> {
  const { owning_council: _, ...intervention } = familyMediationIntervention
  const protocol = {
    ...structuredClone(familyMediationProtocol),
    councils: [{ code: COUNCIL.code, name: COUNCIL.name }],
  }
  const created = await post(app, token, '/interventions', intervention)
  if (created.status !== 201) throw new Error(`intervention: ${JSON.stringify(created.body)}`)
  const trial = await post(app, token, '/trials', { intervention_id: created.body.id, protocol })
  if (trial.status !== 201) throw new Error(`trial: ${JSON.stringify(trial.body)}`)
  const registered = await post(app, token, `/trials/${trial.body.id}/register`, {})
  if (registered.status !== 200) throw new Error(`register: ${JSON.stringify(registered.body)}`)
  const recruiting = await post(app, token, `/trials/${trial.body.id}/recruit`)
  if (recruiting.status !== 200) throw new Error(`recruit: ${JSON.stringify(recruiting.body)}`)
  return trial.body.id as string
}

const areas = ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield']
const types = ['single_under_25', 'single_25_plus', 'family_with_children']

/** The i-th household presenting: strata spread evenly, covariates varied. */
export function household(i: number) {
  return {
    household_ref: `BENCH-${String(i).padStart(7, '0')}`,
    baseline: {
      council_area: areas[i % 5],
      household_type: types[(i * 7) % 3],
      age_head: 18 + (i % 40),
      prior_presentations: i % 3,
      in_work: i % 2,
    },
  }
}

export { post }
