import { spawn, execFile } from 'node:child_process'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import pkg from '../../package.json' with { type: 'json' }
import { readEngineIdentity } from '../../src/engine-identity'
import { simulateOutcomes } from '../../src/seed/simulate'
import { createCouncil, createToken, createUser, grantEvaluator } from '../../src/services/accounts'
import { createTestDatabase } from '../support/database'
import { interventionBody, protocolForCouncilA } from '../support/fixtures'

const root = resolve(import.meta.dirname, '../..')
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

/** The Worker's upload budget we hold ourselves to (Cloudflare's free plan allows 3 MiB gzipped). */
const BUNDLE_LIMIT_GZIP_BYTES = 1024 * 1024

const areas = ['bradford', 'calderdale', 'kirklees', 'leeds', 'wakefield']
const types = ['single_under_25', 'single_25_plus', 'family_with_children']
const household = (i: number) => ({
  household_ref: `WRK-${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: areas[i % 5]!,
    household_type: types[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})

describe('Workers entry', () => {
  it('bundles for workerd with `npm run worker:build`, its engine identity compiled in, under 1 MiB gzipped', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tw-worker-'))
    const { stdout, stderr } = await promisify(execFile)(
      'npm',
      ['run', '--silent', 'worker:build', '--', '--dry-run', '--outdir', outdir],
      { cwd: root, env }
    )
    expect(stdout).toContain('env.HYPERDRIVE')
    const identity = readEngineIdentity(root, pkg.version)
    expect(stderr).toContain(`engine identity ${identity}`)
    const bundle = readFileSync(join(outdir, 'worker.js'))
    expect(bundle.toString('utf8')).toContain(identity)
    const gzipped = gzipSync(bundle).length
    // About 360 KiB today; the API reference's browser bundle (970 KiB gzipped) is a static asset, not in it.
    expect(gzipped).toBeLessThan(BUNDLE_LIMIT_GZIP_BYTES)
  }, 120_000)

  // workerd talks to the database through the Hyperdrive binding, which needs a real PostgreSQL.
  it.skipIf(!process.env.DATABASE_URL)(
    'runs a trial from registration to its public page on workerd over Hyperdrive',
    async () => {
      const database = await createTestDatabase()
      cleanups.push(() => database.close())
      const db = database.db
      const now = new Date()
      const system = { id: null }
      const council = await createCouncil(db, now, system, {
        slug: 'council-a',
        code: 'E07000801',
        name: 'Council A',
      })
      const officer = await createUser(db, now, system, {
        name: 'Officer',
        role: 'officer',
        councilId: council.id,
      })
      const evaluator = await createUser(db, now, system, {
        name: 'Evaluator',
        role: 'evaluator',
        councilId: null,
      })
      await grantEvaluator(db, now, system, { userId: evaluator.id, councilId: council.id })
      const officerToken = (await createToken(db, now, system, { userId: officer.id, label: 't' }))
        .token
      const evaluatorToken = (
        await createToken(db, now, system, { userId: evaluator.id, label: 't' })
      ).token

      const port = 20000 + Math.floor(Math.random() * 20000)
      const child = spawn(
        'npx',
        [
          'wrangler',
          'dev',
          '--port',
          String(port),
          '--ip',
          '127.0.0.1',
          '--var',
          'PSEUDONYM_KEY:worker-test-key-0123456789abcdef0123456789',
        ],
        {
          cwd: root,
          env: { ...env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: database.url },
          detached: true,
          stdio: 'ignore',
        }
      )
      cleanups.push(async () => {
        try {
          process.kill(-child.pid!, 'SIGTERM')
        } catch {}
      })
      const base = `http://127.0.0.1:${port}`
      let ready: Response | undefined
      for (let i = 0; i < 480 && !ready; i++) {
        ready = await fetch(`${base}/readyz`).catch(() => undefined)
        if (!ready) await new Promise((r) => setTimeout(r, 250))
      }
      expect(ready?.status).toBe(200)
      // Twice: a client kept across requests fails on the second one in workerd.
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      const me = await fetch(`${base}/me`)
      expect(me.status).toBe(401)
      expect(me.headers.get('content-type')).toBe('application/problem+json')
      const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string }
      expect(doc.openapi).toBe('3.1.0')

      // /docs loads the API reference from the Worker's own static assets, never from a CDN.
      const docs = await (await fetch(`${base}/docs`)).text()
      expect(docs).toContain('/scalar.js')
      expect(docs).not.toMatch(/cdn\.jsdelivr|unpkg\.com/)
      const script = await fetch(`${base}/scalar.js`)
      expect(script.status).toBe(200)
      expect(script.headers.get('content-type')).toMatch(/javascript/)
      expect((await script.arrayBuffer()).byteLength).toBeGreaterThan(1_000_000)

      const call = async (method: string, path: string, token: string, body?: unknown) => {
        const res = await fetch(`${base}${path}`, {
          method,
          headers: {
            authorization: `Bearer ${token}`,
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        })
        const text = await res.text()
        return { status: res.status, body: text ? JSON.parse(text) : null }
      }
      const intervention = await call('POST', '/interventions', officerToken, interventionBody())
      expect(intervention.status).toBe(201)
      const trial = await call('POST', '/trials', officerToken, {
        intervention_id: intervention.body.id,
        protocol: protocolForCouncilA(),
      })
      expect(trial.status).toBe(201)
      const trialId = trial.body.id as string
      expect((await call('POST', `/trials/${trialId}/register`, officerToken, {})).status).toBe(200)
      expect((await call('POST', `/trials/${trialId}/recruit`, officerToken)).status).toBe(200)

      // Eight officers' devices enrol at once, five households each: every request is its own isolate I/O.
      const clients = 8
      const perClient = 5
      const answers = await Promise.all(
        Array.from({ length: clients }, async (_, c) => {
          const mine = []
          for (let k = 0; k < perClient; k++) {
            mine.push(
              await call(
                'POST',
                `/trials/${trialId}/enrolments`,
                officerToken,
                household(c * perClient + k)
              )
            )
          }
          return mine
        })
      )
      const enrolled = answers.flat()
      expect(enrolled.map((e) => e.status)).toEqual(enrolled.map(() => 201))
      const sequences = enrolled.map((e) => e.body.sequence as number).sort((a, b) => a - b)
      expect(sequences).toEqual(Array.from({ length: clients * perClient }, (_, i) => i + 1))
      // A repeated request for an enrolled household returns its original allocation.
      const again = await call('POST', `/trials/${trialId}/enrolments`, officerToken, household(0))
      expect(again.status).toBe(200)
      expect(again.body.arm).toBe(enrolled[0]!.body.arm)

      expect((await call('POST', `/trials/${trialId}/close`, officerToken)).status).toBe(200)
      await simulateOutcomes(db, trialId, evaluator.id, {
        seed: 'worker',
        treatedArms: ['family_mediation', 'mediation_plus_support'],
      })
      const run = await call('POST', `/trials/${trialId}/analyses`, evaluatorToken)
      expect(run.status).toBe(201)
      expect(run.body.report.comparisons.length).toBeGreaterThan(0)

      const page = await fetch(`${base}/registry/${trialId}`)
      expect(page.status).toBe(200)
      expect(page.headers.get('content-type')).toMatch(/text\/html/)
      expect(await page.text()).toContain(protocolForCouncilA().title as string)
    },
    240_000
  )
})
