import { z } from '@hono/zod-openapi'
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

  it("gives examples that its route's own request schema accepts", async () => {
    const doc = (await h.json('GET', '/openapi.json')).body
    type Route = {
      method: string
      path: string
      request?: { body?: { content: Record<string, { schema?: { safeParse?: unknown } }> } }
    }
    const routes = (
      h.app.openAPIRegistry.definitions as Array<{ type: string; route?: Route }>
    ).flatMap((d) => (d.type === 'route' && d.route ? [d.route] : []))
    const exampleOf = (media: Media) => {
      if (media.example !== undefined) return media.example
      if (media.examples !== undefined)
        return (Object.values(media.examples as object)[0] as { value: unknown }).value
      const schema = media.schema?.$ref
        ? doc.components.schemas[media.schema.$ref.split('/').pop()!]
        : media.schema
      return schema?.example
    }
    const checked: string[] = []
    const refused: string[] = []
    for (const route of routes)
      for (const [type, { schema }] of Object.entries(route.request?.body?.content ?? {})) {
        // Imports read their own body (CSV or JSON rows) with the import validator.
        if (!(schema instanceof z.ZodType)) continue
        const media = doc.paths[route.path][route.method].requestBody.content[type] as Media
        const parsed = schema.safeParse(exampleOf(media))
        checked.push(`${route.method} ${route.path}`)
        if (!parsed.success)
          refused.push(`${route.method.toUpperCase()} ${route.path}: ${parsed.error.message}`)
      }
    expect(checked.length).toBeGreaterThan(20)
    expect(refused).toEqual([])
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

  it("documents the report documents' fields, not any object", async () => {
    const doc = (await h.json('GET', '/openapi.json')).body
    const fields = (path: string, method: string) => {
      let schema = doc.paths[path][method].responses['200'].content['application/json'].schema
      if (schema.$ref) schema = doc.components.schemas[schema.$ref.split('/').pop()]
      return Object.keys(schema.properties ?? {})
    }
    expect(fields('/trials/{id}/report', 'get')).toEqual(
      expect.arrayContaining(['trial', 'flow', 'baseline', 'results', 'checklist', 'publication'])
    )
    expect(fields('/trials/{id}/checklist', 'get')).toEqual([
      'trial_id',
      'guideline',
      'items',
      'missing',
    ])
    expect(fields('/trials/{id}/summary', 'get')).toEqual(
      expect.arrayContaining(['trial_id', 'headline', 'effect', 'number_needed_to_treat', 'cost'])
    )
    expect(fields('/trials/{id}/report/details', 'put')).toEqual(['trial_id', 'details'])
    expect(fields('/trials/{id}/report/publish', 'post')).toEqual(
      expect.arrayContaining(['run_id', 'missing_items', 'public_url'])
    )
    expect(fields('/trials/{id}/registry-export/who-trds', 'get')).toEqual(
      expect.arrayContaining(['format', 'items', 'missing'])
    )
    expect(fields('/trials/{id}/progress/waitlist', 'get')).toEqual(['trial_id', 'waitlist'])
  })
})
