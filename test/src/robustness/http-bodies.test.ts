import { serve, type ServerType } from '@hono/node-server'
import { request as httpRequest } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../../trials/protocol/examples/family-mediation'
import { createApp } from '../../../src/app'
import { silentLogger } from '../../../src/env'
import { createHarness, testConfig, type Harness } from '../../support/harness'
import { createRecruitingTrial } from '../../support/fixtures'

/**
 * Over a real socket, as a client meets the Node server: a body too large, too long or too deep
 * always gets its problem document, never a dropped connection, whether the client announced its
 * length or streamed it in chunks. (In-process requests cannot show a dropped connection.)
 */
let h: Harness
let server: ServerType
let port: number
let trialId: string
let interventionId: string

beforeAll(async () => {
  h = await createHarness()
  ;({ trialId, interventionId } = await createRecruitingTrial(h))
  // The server's own default limit for ordinary bodies (1 MiB).
  const app = createApp({
    database: { acquire: () => ({ db: h.open.db }) },
    clock: () => new Date(h.now.value),
    config: { ...testConfig, bodyLimitBytes: 1_048_576 },
    logger: silentLogger,
  })
  await new Promise<void>((ready) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      port = info.port
      ready()
    })
  })
}, 60_000)
afterAll(async () => {
  await new Promise((r) => server?.close(r))
  await h?.close()
})

/** Sends `body` in 64 KiB writes; resolves with the status and problem type, rejects on a reset. */
function send(method: string, path: string, body: string, chunked: boolean) {
  return new Promise<{ status: number; type: string }>((resolve, reject) => {
    const bytes = Buffer.from(body)
    const headers: Record<string, string> = {
      authorization: `Bearer ${h.cast.officerA.token}`,
      'content-type': 'application/json',
    }
    if (!chunked) headers['content-length'] = String(bytes.length)
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d) => (text += d))
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: (JSON.parse(text) as { type: string }).type })
      )
      res.on('error', reject)
    })
    // A server that answers early may stop reading; the answer still counts, so write errors
    // after a response are ignored, and a reset before one is the failure this test looks for.
    req.on('error', reject)
    let offset = 0
    const writeMore = () => {
      while (offset < bytes.length) {
        const chunk = bytes.subarray(offset, offset + 65_536)
        offset += chunk.length
        if (!req.write(chunk)) return void req.once('drain', writeMore)
      }
      req.end()
    }
    writeMore()
  })
}

const households = (n: number) =>
  JSON.stringify(
    Array.from({ length: n }, (_, i) => ({ household_ref: `HOC-${i}`, baseline: { in_work: 1 } }))
  )

describe('oversized and overshaped bodies over HTTP', () => {
  it.each([false, true])(
    'a 200,000-element array gets 413 on PUT /interventions/{id} and POST enrolments (chunked: %s)',
    async (chunked) => {
      const zeros = JSON.stringify(Array.from({ length: 200_000 }, () => 0))
      const big = households(200_000)
      for (const path of [`/interventions/${interventionId}`, `/trials/${trialId}/enrolments`]) {
        const method = path.startsWith('/interventions') ? 'PUT' : 'POST'
        // Under the byte limit: refused by its shape, naming the array.
        expect(await send(method, path, zeros, chunked)).toEqual({
          status: 413,
          type: '/problems/array-too-long',
        })
        // Over the byte limit (about 9 MB): refused by its size.
        expect(await send(method, path, big, chunked)).toEqual({
          status: 413,
          type: '/problems/body-too-large',
        })
      }
    },
    60_000
  )

  it('a body nested 100,000 deep gets 422', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000)
    expect(await send('PUT', `/interventions/${interventionId}`, deep, false)).toEqual({
      status: 422,
      type: '/problems/too-deeply-nested',
    })
  })

  it.each([false, true])(
    'reads an enrolment as sent, and refuses a duplicate key or malformed JSON (chunked: %s)',
    async (chunked) => {
      const path = `/trials/${trialId}/enrolments`
      const body = (ref: string) =>
        `{"household_ref": "${ref}", "baseline": {"council_area": "${exampleCouncilAreas[0]}", "household_type": "${exampleHouseholdTypes[0]}", "age_head": 30, "prior_presentations": 0, "in_work": 1}}`
      const enrolled = await send('POST', path, body(`HTTP-${chunked}`), chunked)
      expect(enrolled.status).toBe(201)
      expect(
        await send('POST', path, '{"household_ref": "A", "household_ref": "B"}', chunked)
      ).toEqual({
        status: 422,
        type: '/problems/duplicate-key',
      })
      expect((await send('POST', path, '{"household_ref": ', chunked)).status).toBe(400)
    }
  )

  it('the server still answers afterwards', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`)
    expect(res.status).toBe(200)
  })
})
