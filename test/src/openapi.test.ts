import { describe, expect, it } from 'vitest'
import { familyMediationProtocol } from '../../trials/protocol/examples/family-mediation'
import { useHarness } from '../support/harness'
import { interventionBody, protocolForCouncilA } from '../support/fixtures'

const h = useHarness()

type Media = {
  example?: unknown
  examples?: unknown
  schema?: { $ref?: string; example?: unknown }
}

describe('/openapi.json', () => {
  it('gives every request body a worked example, for every media type', async () => {
    const doc = (await h.json('GET', '/openapi.json')).body
    const schemaOf = (s: Media['schema']) =>
      s?.$ref ? doc.components.schemas[s.$ref.split('/').pop()!] : s
    const bodies: string[] = []
    const missing: string[] = []
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, any>>))
      for (const [method, op] of Object.entries(item)) {
        const content = op?.requestBody?.content as Record<string, Media> | undefined
        for (const [type, media] of Object.entries(content ?? {})) {
          bodies.push(`${method} ${path} ${type}`)
          if (
            media.example === undefined &&
            media.examples === undefined &&
            schemaOf(media.schema)?.example === undefined
          )
            missing.push(`${method.toUpperCase()} ${path} (${type})`)
        }
      }
    expect(bodies.length).toBeGreaterThan(20)
    expect(missing).toEqual([])
  })

  it('gives a complete family-mediation protocol that registers as it stands', async () => {
    const doc = (await h.json('GET', '/openapi.json')).body
    const example = doc.paths['/trials'].post.requestBody.content['application/json'].example
    expect(example.protocol).toEqual(familyMediationProtocol)
    const intervention = await h.json('POST', '/interventions', {
      token: h.cast.officerA.token,
      body: interventionBody(),
    })
    const protocol = { ...example.protocol, councils: protocolForCouncilA().councils }
    const trial = await h.json('POST', '/trials', {
      token: h.cast.officerA.token,
      body: { intervention_id: intervention.body.id, protocol },
    })
    expect(trial.status, JSON.stringify(trial.body)).toBe(201)
    const registered = await h.json('POST', `/trials/${trial.body.id}/register`, {
      token: h.cast.officerA.token,
      body: doc.paths['/trials/{id}/register'].post.requestBody.content['application/json'].example,
    })
    expect(registered.status, JSON.stringify(registered.body)).toBe(200)
  })
})
