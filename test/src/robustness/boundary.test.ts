import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { useHarness } from '../../support/harness'
import { createRecruitingTrial, interventionBody } from '../../support/fixtures'

/**
 * Text the database cannot store, and JSON shaped to exhaust the server, are refused at the
 * boundary with a problem naming the field, before any handler runs.
 */
const h = useHarness({ bodyLimitBytes: 1_048_576 })
let trialId: string
beforeAll(async () => {
  trialId = (await createRecruitingTrial(h)).trialId
})

const officer = () => h.cast.officerA.token

describe('text that cannot be stored', () => {
  it.each([
    ['NUL', 'a\u0000b', 'U+0000'],
    ['a lone high surrogate', '\ud800', 'U+D800'],
    ['a lone low surrogate inside text', 'x\udfffy', 'U+DFFF'],
    ['a control character', 'bell\u0007', 'U+0007'],
    ['a C1 control character', 'x\u0085', 'U+0085'],
    ['a noncharacter', 'x\uffff', 'U+FFFF'],
  ])('refuses %s in a JSON body with 422 naming the field', async (_, text, codePoint) => {
    const res = await h.json('POST', '/interventions', {
      token: officer(),
      body: { ...interventionBody(), description: text },
    })
    expect(res.status).toBe(422)
    expect(res.body.type).toBe('/problems/unstorable-text')
    expect(res.body.errors).toEqual([
      expect.objectContaining({ pointer: '/description', code: 'unstorable-text' }),
    ])
    expect(res.body.detail).toContain(codePoint)
  })

  it('names nested fields by JSON pointer and checks object keys too', async () => {
    const body = {
      ...interventionBody(),
      name: 'ok',
      nested: { list: ['fine', 'also fine', 'bad\u0000'] },
    }
    const res = await h.json('POST', '/interventions', { token: officer(), body })
    expect(res.status).toBe(422)
    expect(res.body.errors[0].pointer).toBe('/nested/list/2')
    const key = await h.json('POST', '/interventions', {
      token: officer(),
      raw: '{"na\\u0000me": "x"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(key.status).toBe(422)
    expect(key.body.errors[0]).toMatchObject({ pointer: '', code: 'unstorable-text' })
  })

  it('accepts ordinary text: accents, emoji (surrogate pairs), tabs and line breaks', async () => {
    const res = await h.json('POST', '/interventions', {
      token: officer(),
      body: { ...interventionBody(), description: 'Médiation familiale 👪\tline\r\nnext' },
    })
    expect(res.status).toBe(201)
  })

  it('refuses it in query strings, paths and headers', async () => {
    const q = await h.json('GET', `/trials/${trialId}/enrolments?limit=1%00`, { token: officer() })
    expect(q.status).toBe(422)
    expect(q.body.errors[0].pointer).toBe('/query/limit')
    const p = await h.json('DELETE', '/admin/tokens/abc%00defghijk', { token: h.cast.admin.token })
    expect(p.status).toBe(422)
    expect(p.body.errors[0].pointer).toBe('/path')
    const hd = await h.json('POST', `/trials/${trialId}/imports?kind=outcome`, {
      token: officer(),
      raw: 'household_ref,homeless_6m\nHOC-1,1\n',
      headers: { 'content-type': 'text/csv', 'idempotency-key': 'key\u0001one' },
    })
    expect(hd.status).toBe(422)
    expect(hd.body.errors[0].pointer).toBe('/headers/idempotency-key')
  })

  it('refuses it in a CSV cell, naming the row and column', async () => {
    const res = await h.json('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
      token: officer(),
      raw: 'household_ref,homeless_6m\nHOC-\u00011,1\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors).toContainEqual(
      expect.objectContaining({ row: 2, column: 'household_ref', code: 'unstorable-text' })
    )
    // A lone surrogate cannot be written in UTF-8 at all: its bytes (or the replacement the
    // client's encoder made) are not valid text, refused in the cell too.
    const surrogate = await h.json('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
      token: officer(),
      raw: 'household_ref,homeless_6m\nHOC-\ud8001,1\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(surrogate.status).toBe(422)
    expect(surrogate.body.errors).toContainEqual(
      expect.objectContaining({ row: 2, column: 'household_ref', code: 'invalid-encoding' })
    )
    // A NUL byte is what UTF-16 and binary files are made of: the whole file is refused, with
    // the byte where it was found.
    const nul = await h.json('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
      token: officer(),
      raw: 'household_ref,homeless_6m\nHOC-\u00001,1\n',
      headers: { 'content-type': 'text/csv' },
    })
    expect(nul.status).toBe(422)
    expect(nul.body.errors[0]).toMatchObject({ code: 'binary' })
  })

  it('no row was written by any refused request', async () => {
    const r = (await h.open.db.execute(
      sql`select count(*)::int as n from interventions`
    )) as unknown
    const rows = Array.isArray(r) ? r : (r as { rows: Array<{ n: number }> }).rows
    // The fixture's intervention and the one ordinary-text request above: nothing else.
    expect(rows[0]).toEqual({ n: 2 })
  })
})

describe('JSON shape limits', () => {
  it('refuses nesting deeper than 32 with 422 before the handler', async () => {
    const deep = '['.repeat(5000) + ']'.repeat(5000)
    const res = await h.json('POST', `/trials/${trialId}/imports?kind=outcome`, {
      token: officer(),
      raw: `{"rows": ${deep}}`,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(422)
    expect(res.body.type).toBe('/problems/too-deeply-nested')
  })

  it('refuses a 200,000-element array with 413 naming the array, on regular and bulk routes', async () => {
    const big = JSON.stringify(Array.from({ length: 200_000 }, () => 0))
    const res = await h.json('POST', `/trials/${trialId}/enrolments`, {
      token: officer(),
      raw: big,
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(413)
    expect(res.body).toMatchObject({ type: '/problems/array-too-long' })
    expect(res.body.errors[0].pointer).toBe('')
    const nested = await h.json('PUT', `/trials/${trialId}/protocol`, {
      token: officer(),
      raw: JSON.stringify({ arms: Array.from({ length: 20_000 }, () => 1) }),
      headers: { 'content-type': 'application/json' },
    })
    expect(nested.status).toBe(413)
    expect(nested.body.errors[0].pointer).toBe('/arms')
  })

  it('refuses duplicate keys, which parsers resolve differently', async () => {
    const res = await h.json('POST', '/interventions', {
      token: officer(),
      raw: '{"name": "a", "name": "b"}',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(422)
    expect(res.body.errors[0]).toMatchObject({ pointer: '/name', code: 'duplicate-key' })
  })

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await h.json('POST', '/interventions', {
      token: officer(),
      raw: '{"name": ',
      headers: { 'content-type': 'application/json' },
    })
    expect(res.status).toBe(400)
  })
})

describe('admin routes under contention and bad ids', () => {
  it('ten concurrent councils with one slug: one 201, nine 409 naming the slug', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        h.json('POST', '/admin/councils', {
          token: h.cast.admin.token,
          body: { slug: 'same-slug', code: `E0700${String(1000 + i)}`, name: `Council ${i}` },
        })
      )
    )
    const statuses = results.map((r) => r.status).sort()
    expect(statuses).toEqual([201, ...Array(9).fill(409)])
    for (const r of results.filter((x) => x.status === 409))
      expect(r.body.errors.map((e: { pointer: string }) => e.pointer)).toContain('/slug')
  })

  it('a malformed token id is 422, an unknown one 404', async () => {
    const bad = await h.json('DELETE', '/admin/tokens/not-a-token-id-at-all', {
      token: h.cast.admin.token,
    })
    expect(bad.status).toBe(422)
    const unknown = await h.json('DELETE', '/admin/tokens/AAAAAAAAAAAA', {
      token: h.cast.admin.token,
    })
    expect(unknown.status).toBe(404)
  })
})
