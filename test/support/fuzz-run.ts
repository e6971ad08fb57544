import fc from 'fast-check'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { recordVariables } from '../../trials/data'
import { familyMediationProtocol } from '../../trials/protocol/examples/family-mediation'
import type { Protocol } from '../../trials/protocol/schema'
import { createDraftTrial, createRecruitingTrial } from './fixtures'
import {
  operations,
  requestFor,
  type FuzzContext,
  type FuzzRequest,
  type Mode,
  type Operation,
} from './fuzz'
import type { Harness } from './harness'

const household = (i: number) => ({
  household_ref: `HOC-${String(i).padStart(5, '0')}`,
  baseline: {
    council_area: exampleCouncilAreas[i % 5]!,
    household_type: exampleHouseholdTypes[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})

/**
 * Trials in every state the routes care about (draft, recruiting with households, closed with
 * outcomes and an analysis run), and every role's token plus none and a forged one.
 */
export async function fuzzContext(h: Harness): Promise<FuzzContext> {
  const draft = await createDraftTrial(h)
  const recruiting = await createRecruitingTrial(h)
  const closed = await createRecruitingTrial(h)
  const officer = h.cast.officerA.token
  const households: string[] = []
  for (const id of [recruiting.trialId, closed.trialId]) {
    const res = await h.json('POST', `/trials/${id}/enrolments/batch`, {
      token: officer,
      body: { households: Array.from({ length: 24 }, (_, i) => household(i)) },
    })
    for (const e of (res.body?.enrolments ?? []) as Array<{ household: string }>)
      households.push(e.household)
  }
  await h.json('POST', `/trials/${closed.trialId}/close`, { token: officer })
  const lines = ['household_ref,homeless_6m,settled_6m,days_in_temp_accommodation']
  for (let i = 0; i < 24; i++)
    lines.push(`HOC-${String(i).padStart(5, '0')},${i % 3 === 0 ? 1 : 0},${i % 2},${i * 3}`)
  await h.request('POST', `/trials/${closed.trialId}/imports?kind=outcome`, {
    token: officer,
    raw: lines.join('\n') + '\n',
    headers: { 'content-type': 'text/csv' },
  })
  const run = await h.json('POST', `/trials/${closed.trialId}/analyses`, {
    token: h.cast.evaluatorA.token,
  })
  const rating = await h.json('POST', `/trials/${closed.trialId}/ratings`, {
    token: h.cast.centre.token,
    body: {},
  })
  const issued = await h.json('POST', `/admin/users/${h.cast.officerB.userId}/tokens`, {
    token: h.cast.admin.token,
    body: { label: 'fuzz' },
  })
  return {
    tokens: {
      officer: officer,
      officerB: h.cast.officerB.token,
      evaluator: h.cast.evaluatorA.token,
      evaluatorNone: h.cast.evaluatorNone.token,
      centre: h.cast.centre.token,
      admin: h.cast.admin.token,
      anonymous: undefined,
      forged: 'tw_AAAAAAAAAAAA_' + 'B'.repeat(43),
    },
    ids: {
      trials: [draft.trialId, recruiting.trialId, closed.trialId],
      interventions: [draft.interventionId, recruiting.interventionId],
      users: [h.cast.officerA.userId, h.cast.evaluatorNone.userId, h.cast.admin.userId],
      councils: [h.cast.councilA, h.cast.councilB],
      tokens: issued.body?.id ? [issued.body.id as string] : [],
      runs: run.body?.id ? [run.body.id as string] : [],
      ratings: rating.body?.id ? [rating.body.id as string] : [],
      households,
      variables: recordVariables(familyMediationProtocol as unknown as Protocol).map((v) => v.name),
      problems: ['validation-failed', 'unstorable-text', 'not-found'],
    },
  }
}

export interface FuzzOutcome {
  requests: number
  byStatus: Record<string, number>
  /** Every request answered 5xx, with what was sent (bodies cut to 500 characters). */
  failures: Array<{
    request: Omit<FuzzRequest, 'body'> & { body?: string }
    status: number
    response: string
  }>
  byRoute: Record<string, Record<string, number>>
  seconds: number
}

const MODES: Mode[] = ['valid', 'near', 'hostile', 'hostile']

const idParam = { in: 'path' as const, required: true, schema: { type: 'string', format: 'uuid' } }
/** Pages and assets outside the OpenAPI document, fuzzed alike. */
const PAGES: Operation[] = [
  { method: 'GET', path: '/', parameters: [], body: null },
  { method: 'GET', path: '/registry/{id}', parameters: [{ name: 'id', ...idParam }], body: null },
  { method: 'GET', path: '/evidence/{id}', parameters: [{ name: 'id', ...idParam }], body: null },
  { method: 'GET', path: '/docs', parameters: [], body: null },
  { method: 'POST', path: '/', parameters: [], body: { types: ['application/json'], schema: {} } },
]

/** Sends `count` generated requests (every operation, every mode, every role) and tallies the answers. */
export async function runFuzz(
  h: Harness,
  ctx: FuzzContext,
  count: number,
  seed: number,
  onProgress?: (done: number, outcome: FuzzOutcome) => void
): Promise<FuzzOutcome> {
  const doc = (await (await h.app.request('/openapi.json')).json()) as Record<string, any>
  const ops: Operation[] = [...operations(doc), ...PAGES]
  const arbitraries = new Map<string, fc.Arbitrary<FuzzRequest>>()
  const arbitraryOf = (op: Operation, mode: Mode) => {
    const key = `${op.method} ${op.path} ${mode}`
    let a = arbitraries.get(key)
    if (!a) arbitraries.set(key, (a = requestFor(doc, op, ctx, mode)))
    return a
  }
  const outcome: FuzzOutcome = { requests: 0, byStatus: {}, failures: [], byRoute: {}, seconds: 0 }
  const started = performance.now()
  const batch = 250
  for (let done = 0; done < count; done += batch) {
    const n = Math.min(batch, count - done)
    const picks = fc.sample(
      fc
        .tuple(fc.constantFrom(...ops), fc.constantFrom(...MODES))
        .chain(([op, mode]) => arbitraryOf(op, mode).map((r) => ({ op, r }))),
      { seed: seed + done, numRuns: n }
    )
    for (const { op, r } of picks) {
      let status: number
      let text = ''
      try {
        const res = await h.app.request(r.path, {
          method: r.method,
          headers: r.headers,
          body: r.body as string | undefined,
        })
        status = res.status
        text = await res.text()
      } catch (err) {
        status = 599
        text = err instanceof Error ? `${err.name}: ${err.message}` : String(err)
      }
      outcome.requests++
      outcome.byStatus[status] = (outcome.byStatus[status] ?? 0) + 1
      const route = `${op.method} ${op.path}`
      const perRoute = (outcome.byRoute[route] ??= {})
      perRoute[status] = (perRoute[status] ?? 0) + 1
      if (status >= 500 && !(status === 503 && r.path.startsWith('/readyz')))
        outcome.failures.push({
          request: {
            ...r,
            body:
              typeof r.body === 'string'
                ? r.body.slice(0, 500)
                : r.body
                  ? `bytes ${Buffer.from(r.body).toString('hex').slice(0, 200)}`
                  : undefined,
          },
          status,
          response: text.slice(0, 500),
        })
    }
    onProgress?.(Math.min(done + batch, count), outcome)
  }
  outcome.seconds = Math.round((performance.now() - started) / 100) / 10
  return outcome
}
