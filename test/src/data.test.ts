import {
  exampleCouncilAreas,
  exampleHouseholdTypes,
} from '../../trials/protocol/examples/family-mediation'
import { createHash } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { beforeAll, describe, expect, it } from 'vitest'
import { parseCsv } from '../../analysis/data'
import { runAnalysis } from '../../analysis/run-analysis'
import { analysisSpecSchema } from '../../analysis/spec'
import { useHarness } from '../support/harness'
import { createDraftTrial, createRecruitingTrial, protocolForCouncilA } from '../support/fixtures'

const h = useHarness()

const areas = exampleCouncilAreas
const types = exampleHouseholdTypes
const ref = (i: number) => `HOC-${String(i).padStart(5, '0')}`
const household = (i: number) => ({
  household_ref: ref(i),
  baseline: {
    council_area: areas[i % 5]!,
    household_type: types[(i * 7) % 3]!,
    age_head: 18 + (i % 40),
    prior_presentations: i % 3,
    in_work: i % 2,
  },
})
const rows = async (query: ReturnType<typeof sql>) => {
  const result = (await h.open.db.execute(query)) as unknown
  return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<
    string,
    unknown
  >[]
}
const written = async (trialId: string) => ({
  observations: (
    await rows(
      sql`select count(*)::int as n from observations where trial_id = ${trialId} and source <> 'enrolment'`
    )
  )[0]!.n,
  history: (
    await rows(
      sql`select count(*)::int as n from observation_history h join observations o on o.id = h.observation_id where o.trial_id = ${trialId}`
    )
  )[0]!.n,
  imports: (
    await rows(sql`select count(*)::int as n from data_imports where trial_id = ${trialId}`)
  )[0]!.n,
})
const NOTHING = { observations: 0, history: 0, imports: 0 }

/** A recruiting trial with `n` households enrolled; returns pseudonyms and arms by index. */
async function enrolledTrial(n: number) {
  const { trialId } = await createRecruitingTrial(h)
  const res = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
    token: h.cast.officerA.token,
    body: { households: Array.from({ length: n }, (_, i) => household(i)) },
  })
  expect(res.status).toBe(201)
  const enrolled = res.body.enrolments as Array<{ household: string; arm: string; block: number }>
  return { trialId, enrolled }
}

const upload = (
  trialId: string,
  body: string | Uint8Array,
  options: { query?: string; token?: string; type?: string; key?: string } = {}
) =>
  h.app.request(`/trials/${trialId}/imports?${options.query ?? 'kind=outcome'}`, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${options.token ?? h.cast.officerA.token}`,
      'content-type': options.type ?? 'text/csv',
      ...(options.key ? { 'idempotency-key': options.key } : {}),
    },
    body,
  })
const uploadJson = async (...args: Parameters<typeof upload>) => {
  const res = await upload(...args)
  return { status: res.status, body: (await res.json()) as any }
}

describe('CSV import of outcomes', () => {
  it('writes every row, and the exported dataset carries the values and runs through the analysis engine', async () => {
    const { trialId, enrolled } = await enrolledTrial(24)
    // Outcome values chosen per household; the expected effect is computed from them directly.
    const y = (i: number) => (i % 3 === 0 ? 1 : 0)
    const lines = ['household_ref,homeless_6m,settled_6m,settled_6m.missing']
    for (let i = 0; i < 24; i++)
      lines.push(
        i === 5 ? `${ref(i).toLowerCase()} ,1,,moved_away` : `${ref(i)},${y(i)},${1 - y(i)},`
      )
    const res = await uploadJson(trialId, lines.join('\r\n') + '\r\n')
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({
      kind: 'outcome',
      dry_run: false,
      rows: 24,
      created: 48,
      corrected: 0,
      replayed: false,
    })

    const exported = await h.request('GET', `/trials/${trialId}/dataset.csv`, {
      token: h.cast.evaluatorA.token,
    })
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toContain('text/csv')
    const csv = await exported.text()
    expect(exported.headers.get('x-dataset-sha256')).toBe(
      createHash('sha256').update(csv).digest('hex')
    )
    const [header, ...body] = csv.trimEnd().split('\n')
    expect(header).toBe(
      'id,arm,stratum,block,council_area,household_type,age_head,prior_presentations,in_work,homeless_6m,days_in_temp_accommodation,settled_6m,attended_mediation,' +
        'council_area.missing,household_type.missing,age_head.missing,prior_presentations.missing,in_work.missing,' +
        'homeless_6m.missing,days_in_temp_accommodation.missing,settled_6m.missing,attended_mediation.missing'
    )
    expect(body).toHaveLength(24)
    const e5 = enrolled[5]!
    // The block column stays empty while the trial recruits: block numbers are revealed with the seed.
    expect(body[5]).toBe(
      `${e5.household},${e5.arm},${areas[0]}|${types[35 % 3]},,${areas[0]},${types[35 % 3]},23,2,1,1,,,,,,,,,,,moved_away,`
    )

    const spec = analysisSpecSchema.parse({
      estimator: 'difference_in_means',
      outcome: 'homeless_6m',
      treatment: 'arm',
      treatment_arm: 'family_mediation',
      control_arm: 'usual_care',
    })
    const result = runAnalysis(spec, parseCsv(csv)) as { estimate: number; n?: number }
    const outcome = (i: number) => (i === 5 ? 1 : y(i))
    const mean = (arm: string) => {
      const ys = enrolled
        .map((e, i) => [e.arm, outcome(i)] as const)
        .filter(([a]) => a === arm)
        .map(([, v]) => v)
      return ys.reduce((s: number, v) => s + v, 0) / ys.length
    }
    expect(result.estimate).toBeCloseTo(mean('family_mediation') - mean('usual_care'), 12)
  })

  it('accepts JSON rows and baseline and take-up kinds', async () => {
    const { trialId } = await enrolledTrial(4)
    const json = JSON.stringify({
      rows: [
        { household_ref: ref(0), attended_mediation: 1 },
        { household_ref: ref(1), attended_mediation: { missing: 'withdrew_consent' } },
      ],
    })
    const res = await uploadJson(trialId, json, { query: 'kind=process', type: 'application/json' })
    expect(res.status).toBe(201)
    expect(res.body.created).toBe(2)
    const baseline = await uploadJson(trialId, 'household_ref,age_head\nHOC-00002,41\n', {
      query: 'kind=baseline',
    })
    expect(baseline.status).toBe(422)
    expect(baseline.body.errors[0]).toMatchObject({
      row: 2,
      column: 'age_head',
      code: 'already-recorded',
    })
  })

  it('validates only on a dry run', async () => {
    const { trialId } = await enrolledTrial(3)
    const res = await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,1\nHOC-00001,0\n', {
      query: 'kind=outcome&dry_run=true',
    })
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ import_id: null, dry_run: true, rows: 2, created: 2 })
    expect(await written(trialId)).toEqual(NOTHING)
  })

  it('makes a retried upload with the same Idempotency-Key harmless, and refuses the key for another file', async () => {
    const { trialId } = await enrolledTrial(3)
    const file = 'household_ref,homeless_6m\nHOC-00000,1\nHOC-00001,0\n'
    const first = await uploadJson(trialId, file, { key: 'upload-7' })
    const again = await uploadJson(trialId, file, { key: 'upload-7' })
    expect(first.status).toBe(201)
    expect(again.status).toBe(200)
    expect(again.body).toEqual({ ...first.body, replayed: true })
    expect(await written(trialId)).toEqual({ observations: 2, history: 0, imports: 1 })
    const other = await uploadJson(trialId, file.replace('HOC-00001,0', 'HOC-00002,0'), {
      key: 'upload-7',
    })
    expect(other.status).toBe(409)
    expect(other.body.type).toBe('/problems/idempotency-key-reused')
  })

  it('accepts a file uploaded again with the values already recorded as unchanged', async () => {
    const { trialId } = await enrolledTrial(3)
    const file =
      'household_ref,homeless_6m,homeless_6m.missing\nHOC-00000,1,\nHOC-00001,,moved_away\n'
    expect((await uploadJson(trialId, file)).status).toBe(201)
    const before = await written(trialId)
    const again = await uploadJson(trialId, file)
    expect(again.status).toBe(201)
    expect(again.body).toMatchObject({ rows: 2, created: 0, corrected: 0, unchanged: 2 })
    // An added household alongside the same values is created; nothing is corrected or versioned.
    const more = await uploadJson(trialId, file + 'HOC-00002,0,\n')
    expect(more.body).toMatchObject({ created: 1, corrected: 0, unchanged: 2 })
    expect((await written(trialId)).history).toBe(before.history)
    // A baseline file with the covariates recorded at enrolment is unchanged too (strata are part
    // of the allocation and never imported); only a value that differs needs corrections=true.
    const baseline = (age: number) =>
      'household_ref,age_head,prior_presentations,in_work\n' +
      [0, 1]
        .map((i) => {
          const b = household(i).baseline
          return [ref(i), i ? age : b.age_head, b.prior_presentations, b.in_work].join(',')
        })
        .join('\n')
    const same = await uploadJson(trialId, baseline(household(1).baseline.age_head), {
      query: 'kind=baseline',
    })
    expect(same.status, JSON.stringify(same.body)).toBe(201)
    expect(same.body).toMatchObject({ rows: 2, created: 0, corrected: 0, unchanged: 6 })
    const differs = await uploadJson(trialId, baseline(77), { query: 'kind=baseline' })
    expect(differs.status).toBe(422)
    expect(differs.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'already-recorded'],
    ])
    expect((await written(trialId)).history).toBe(before.history)
  })

  it('corrects recorded values only when asked, with a reason, keeping the previous values', async () => {
    const { trialId, enrolled } = await enrolledTrial(3)
    await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,1\nHOC-00001,0\n')
    const refused = await uploadJson(
      trialId,
      'household_ref,homeless_6m\nHOC-00000,0\nHOC-00001,0\n'
    )
    expect(refused.status).toBe(422)
    // Only the value that differs needs corrections=true; the equal one is not a problem.
    expect(refused.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [2, 'already-recorded'],
    ])
    expect(
      (
        await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,0\n', {
          query: 'kind=outcome&corrections=true',
        })
      ).status
    ).toBe(422)
    const corrected = await uploadJson(
      trialId,
      'household_ref,homeless_6m\nHOC-00000,0\nHOC-00001,0\n',
      {
        query: 'kind=outcome&corrections=true&reason=' + encodeURIComponent('H-CLIC return re-run'),
      }
    )
    expect(corrected.status).toBe(201)
    expect(corrected.body).toMatchObject({ created: 0, corrected: 1, unchanged: 1 })
    const history = await h.json(
      'GET',
      `/trials/${trialId}/households/${enrolled[0]!.household}/observations/homeless_6m/history`,
      { token: h.cast.officerA.token }
    )
    expect(history.body.current).toMatchObject({ value: 0, version: 2, source: 'import:outcome' })
    expect(history.body.history).toEqual([
      expect.objectContaining({
        version: 1,
        value: 1,
        reason: 'H-CLIC return re-run',
        replaced_by: h.cast.officerA.userId,
      }),
    ])
  })
})

describe('bad input: clear problems with the row-level list, and nothing written', () => {
  let trialId: string
  let enrolled: Array<{ household: string }>
  beforeAll(async () => {
    ;({ trialId, enrolled } = await enrolledTrial(6))
  })
  const refused = async (body: string | Uint8Array, query?: string) => {
    const res = await uploadJson(trialId, body, { ...(query ? { query } : {}) })
    expect(res.status).toBe(422)
    expect(res.body.type).toBe('/problems/import-invalid')
    expect(res.body.error_count).toBeGreaterThan(0)
    expect(await written(trialId)).toEqual(NOTHING)
    return res.body as {
      errors: Array<{
        row: number | null
        column: string | null
        value?: string
        code: string
        detail: string
      }>
      error_count: number
    }
  }

  it('wrong headers: personal data, unknown and other-kind columns, no household column', async () => {
    const body = await refused(
      'name,Date of Birth,homeless_6m,age_head,shoe_size\nA,1990-01-01,1,30,9\n'
    )
    expect(body.errors.map((e) => [e.column, e.code])).toEqual([
      ['name', 'personal-data'],
      ['Date of Birth', 'personal-data'],
      ['age_head', 'wrong-kind'],
      ['shoe_size', 'unknown-column'],
      ['household_ref', 'household-column'],
    ])
  })

  it('wrong types, bad missing reasons and silent blanks, each with row, column and value', async () => {
    const body = await refused(
      'household_ref,homeless_6m,days_in_temp_accommodation,days_in_temp_accommodation.missing\nHOC-00000,yes,3,\nHOC-00001,1,-,\nHOC-00002,1,,away\nHOC-00003,,4,\nHOC-00004,1,5,died\n'
    )
    expect(body.errors.map((e) => [e.row, e.column, e.value, e.code])).toEqual([
      [2, 'homeless_6m', 'yes', 'wrong-type'],
      [3, 'days_in_temp_accommodation', '-', 'wrong-type'],
      [4, 'days_in_temp_accommodation.missing', 'away', 'unknown-missing-reason'],
      [5, 'homeless_6m', undefined, 'value-or-reason-required'],
      [6, 'days_in_temp_accommodation', '5', 'value-and-reason'],
    ])
  })

  it('unknown households (pseudonyms) and households not enrolled (references)', async () => {
    const unknown = 'hh_' + 'f'.repeat(32)
    const byId = await refused(
      `household,homeless_6m\n${enrolled[0]!.household},1\n${unknown},0\nHOC-00001,1\n`
    )
    expect(byId.errors.map((e) => [e.row, e.code, e.value])).toEqual([
      [3, 'unknown-household', unknown],
      [4, 'unknown-household', 'HOC-00001'],
    ])
    const byRef = await refused('household_ref,homeless_6m\nHOC-00000,1\nHOC-99999,0\n')
    expect(byRef.errors).toEqual([
      expect.objectContaining({ row: 3, column: 'household_ref', code: 'not-enrolled' }),
    ])
    expect(JSON.stringify(byRef)).not.toContain('HOC-99999')
  })

  it('duplicate rows for one household, however the reference is written', async () => {
    const body = await refused(
      'household_ref,homeless_6m\nHOC-00000,1\nHOC-00001,0\n hoc-00000,1\n'
    )
    expect(body.errors).toEqual([
      expect.objectContaining({
        row: 4,
        code: 'duplicate-household',
        detail: expect.stringContaining('row 2'),
      }),
    ])
  })

  it('a semicolon or tab delimiter', async () => {
    expect((await refused('household_ref;homeless_6m\nHOC-00000;1\n')).errors[0]).toMatchObject({
      row: 1,
      code: 'wrong-delimiter',
      detail: expect.stringContaining('semicolons'),
    })
    expect((await refused('household_ref\thomeless_6m\nHOC-00000\t1\n')).errors[0]).toMatchObject({
      code: 'wrong-delimiter',
    })
  })

  it('UTF-16 and Windows-1252 encodings', async () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from('household_ref,homeless_6m\nHOC-00000,1\n', 'utf16le'),
    ])
    expect((await refused(new Uint8Array(utf16))).errors[0]).toMatchObject({
      code: 'utf-16',
      detail: expect.stringContaining('CSV UTF-8'),
    })
    const latin1 = Buffer.from(
      'household_ref,days_in_temp_accommodation\nHOC-00000,3\nHOC-00001,\u00a312\n',
      'latin1'
    )
    expect((await refused(new Uint8Array(latin1))).errors).toEqual([
      expect.objectContaining({
        row: 3,
        column: 'days_in_temp_accommodation',
        code: 'invalid-encoding',
      }),
    ])
  })

  it('junk: binary bytes, text without structure, and more than the body limit', async () => {
    let state = 12345
    const junk = new Uint8Array(2_000_000).map(
      () => ((state = (state * 1103515245 + 12345) % 2 ** 31), state >>> 23)
    )
    expect((await refused(junk)).errors[0]!.code).toMatch(
      /binary|unknown-column|personal-data|empty-column-name|record-too-long/
    )
    const words = Array.from({ length: 200_000 }, (_, i) => `lorem${i % 97} ipsum`).join(' ')
    expect((await refused(words)).errors[0]).toMatchObject({ row: 1 })
    const big = await upload(trialId, 'x'.repeat(9 * 1024 * 1024))
    expect(big.status).toBe(413)
    expect(await written(trialId)).toEqual(NOTHING)
  })

  it('lists the first 1,000 problems and counts them all', async () => {
    const lines = [
      'household_ref,homeless_6m',
      ...Array.from({ length: 1500 }, (_, i) => `HOC-${i},maybe`),
    ]
    const body = await refused(lines.join('\n'))
    expect(body.errors).toHaveLength(1000)
    expect(body.error_count).toBe(1500)
    expect(body.errors[999]).toMatchObject({ row: 1001 })
  })

  it('refuses other media types and imports for draft trials', async () => {
    expect((await upload(trialId, 'a', { type: 'text/plain' })).status).toBe(415)
    const draft = await createDraftTrial(h)
    const res = await uploadJson(draft.trialId, 'household_ref,homeless_6m\nHOC-00000,1\n')
    expect(res.status).toBe(409)
    expect(res.body.type).toBe('/problems/not-recording')
    expect(res.body.detail).toContain('; it is "Draft"')
    expect(res.body.detail).not.toMatch(/data_complete/)
  })
})

describe('recording one household', () => {
  it('creates, leaves equal values alone, and needs a reason to correct', async () => {
    const { trialId, enrolled } = await enrolledTrial(2)
    const path = `/trials/${trialId}/households/${enrolled[1]!.household}/observations`
    const first = await h.json('PUT', path, {
      token: h.cast.evaluatorA.token,
      body: {
        values: {
          homeless_6m: 0,
          attended_mediation: { missing: 'withdrew_consent' },
          days_in_temp_accommodation: 12.5,
        },
      },
    })
    expect(first.status).toBe(200)
    expect(first.body.changes).toEqual({
      homeless_6m: 'created',
      attended_mediation: 'created',
      days_in_temp_accommodation: 'created',
    })
    expect(
      first.body.observations.find((o: { variable: string }) => o.variable === 'attended_mediation')
    ).toMatchObject({
      kind: 'process',
      value: null,
      missing_reason: 'withdrew_consent',
      version: 1,
    })
    const same = await h.json('PUT', path, {
      token: h.cast.officerA.token,
      body: { values: { homeless_6m: 0 } },
    })
    expect(same.body.changes).toEqual({ homeless_6m: 'unchanged' })
    const noReason = await h.json('PUT', path, {
      token: h.cast.officerA.token,
      body: { values: { homeless_6m: 1, days_in_temp_accommodation: 14 } },
    })
    expect(noReason.status).toBe(422)
    expect(noReason.body.type).toBe('/problems/reason-required')
    h.now.value = new Date('2026-03-03T10:00:00.000Z')
    const fixed = await h.json('PUT', path, {
      token: h.cast.officerA.token,
      body: { values: { homeless_6m: 1 }, reason: 'relief duty owed; caseworker entry was late' },
    })
    expect(fixed.body.observations).toEqual([
      expect.objectContaining({
        variable: 'homeless_6m',
        value: 1,
        version: 2,
        recorded_by: h.cast.officerA.userId,
      }),
    ])
    const history = await h.json('GET', `${path}/homeless_6m/history`, {
      token: h.cast.centre.token,
    })
    expect(history.body.history).toEqual([
      expect.objectContaining({
        version: 1,
        value: 0,
        recorded_by: h.cast.evaluatorA.userId,
        reason: 'relief duty owed; caseworker entry was late',
        replaced_by: h.cast.officerA.userId,
        replaced_at: '2026-03-03T10:00:00.000Z',
      }),
    ])
    const audit = await rows(
      sql`select action, detail from audit_events where entity_id = ${trialId} and action like 'trial.observations%' order by id`
    )
    expect(audit.map((a) => a.action)).toEqual([
      'trial.observations-record',
      'trial.observations-correct',
    ])
  })

  it('refuses personal data, randomisation fields, wrong types and unenrolled households', async () => {
    const { trialId, enrolled } = await enrolledTrial(1)
    const res = await h.json(
      'PUT',
      `/trials/${trialId}/households/${enrolled[0]!.household}/observations`,
      {
        token: h.cast.officerA.token,
        body: {
          values: {
            surname: 'Smith',
            council_area: 'york',
            in_work: 2,
            settled_6m: { missing: 'unknown' },
          },
        },
      }
    )
    expect(res.status).toBe(422)
    expect(
      res.body.errors.map((e: { pointer: string; code: string }) => [e.pointer, e.code])
    ).toEqual([
      ['/values/surname', 'personal-data'],
      ['/values/council_area', 'fixed-at-enrolment'],
      ['/values/in_work', 'wrong-type'],
      ['/values/settled_6m', 'unknown-missing-reason'],
    ])
    const other = await h.json(
      'PUT',
      `/trials/${trialId}/households/hh_${'a'.repeat(32)}/observations`,
      {
        token: h.cast.officerA.token,
        body: { values: { homeless_6m: 1 } },
      }
    )
    expect(other.status).toBe(404)
    expect(await written(trialId)).toEqual(NOTHING)
  })
})

describe('tenancy and privacy', () => {
  it("hides other councils' trials and keeps writes to officers and granted evaluators", async () => {
    const { trialId, enrolled } = await enrolledTrial(2)
    const file = 'household_ref,homeless_6m\nHOC-00000,1\n'
    const put = (token: string) =>
      h.json('PUT', `/trials/${trialId}/households/${enrolled[0]!.household}/observations`, {
        token,
        body: { values: { homeless_6m: 1 } },
      })
    expect((await upload(trialId, file, { token: h.cast.officerB.token })).status).toBe(404)
    expect((await upload(trialId, file, { token: h.cast.evaluatorNone.token })).status).toBe(404)
    expect((await upload(trialId, file, { token: h.cast.centre.token })).status).toBe(403)
    expect((await put(h.cast.officerB.token)).status).toBe(404)
    expect((await put(h.cast.centre.token)).status).toBe(403)
    expect(
      (await h.request('GET', `/trials/${trialId}/dataset.csv`, { token: h.cast.officerB.token }))
        .status
    ).toBe(404)
    expect(
      (await h.request('GET', `/trials/${trialId}/progress`, { token: h.cast.officerB.token }))
        .status
    ).toBe(404)
    expect(await written(trialId)).toEqual(NOTHING)
    expect((await upload(trialId, file, { token: h.cast.evaluatorA.token })).status).toBe(201)
  })

  it('never stores raw household references', async () => {
    const { trialId } = await enrolledTrial(3)
    await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,1\n')
    await uploadJson(trialId, 'household_ref,homeless_6m\nhoc-00001,0\n', { key: 'k1' })
    await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,0\n', {
      query: 'kind=outcome&corrections=true&reason=typo',
    })
    const tables = [
      'enrolments',
      'observations',
      'observation_history',
      'data_imports',
      'audit_events',
    ]
    const dump = (await Promise.all(tables.map((t) => rows(sql.raw(`select * from ${t}`)))))
      .map((r) => JSON.stringify(r))
      .join('\n')
      .toUpperCase()
    for (let i = 0; i < 3; i++) expect(dump).not.toContain(ref(i))
  })
})

describe('progress', () => {
  it('counts enrolment against target and outcomes due, received, missing and outstanding', async () => {
    h.now.value = new Date('2026-03-02T09:00:00.000Z')
    const { trialId, enrolled } = await enrolledTrial(10)
    const arms = new Map<string, number>()
    for (const e of enrolled) arms.set(e.arm, (arms.get(e.arm) ?? 0) + 1)
    await uploadJson(
      trialId,
      'household_ref,homeless_6m,homeless_6m.missing\nHOC-00000,1,\nHOC-00001,,moved_away\nHOC-00002,,not_yet_due\n'
    )
    const before = await h.json('GET', `/trials/${trialId}/progress`, {
      token: h.cast.centre.token,
    })
    expect(before.status).toBe(200)
    expect(before.body.enrolment).toMatchObject({ enrolled: 10, target: 1100 })
    expect(
      Object.fromEntries(
        before.body.enrolment.by_arm.map((a: { arm: string; enrolled: number }) => [
          a.arm,
          a.enrolled,
        ])
      )
    ).toEqual(Object.fromEntries(arms))
    expect(
      before.body.enrolment.by_stratum.reduce(
        (s: number, x: { enrolled: number }) => s + x.enrolled,
        0
      )
    ).toBe(10)
    const primary = (p: typeof before) =>
      p.body.measures.find((m: { name: string }) => m.name === 'homeless_6m')
    expect(primary(before)).toMatchObject({
      anchor: 'randomisation',
      offset: 'P6M',
      due: 0,
      not_yet_due: 8,
      received: 1,
      missing_total: 1,
      outstanding: 0,
      missing: expect.objectContaining({ moved_away: 1 }),
    })
    expect(primary(before).missing).not.toHaveProperty('not_yet_due')
    // Enrolled 2 March 2026: the 6-month outcome falls due on 2 September 2026, not a day earlier.
    h.now.value = new Date('2026-09-02T08:59:59.000Z')
    expect(
      primary(await h.json('GET', `/trials/${trialId}/progress`, { token: h.cast.officerA.token }))
        .due
    ).toBe(0)
    h.now.value = new Date('2026-09-02T09:00:00.000Z')
    expect(
      primary(await h.json('GET', `/trials/${trialId}/progress`, { token: h.cast.officerA.token }))
    ).toMatchObject({ due: 10, not_yet_due: 0, received: 1, missing_total: 1, outstanding: 8 })
    h.now.value = new Date('2026-03-02T09:00:00.000Z')
  })

  it('counts the outcome values falling due in the calendar month of as_of, received or not', async () => {
    h.now.value = new Date('2026-03-02T09:00:00.000Z')
    const { trialId } = await enrolledTrial(4)
    await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00000,1\n')
    const dueThisMonth = async (asOf?: string) => {
      const q = asOf ? `?as_of=${encodeURIComponent(asOf)}` : ''
      const p = await h.json('GET', `/trials/${trialId}/progress${q}`, {
        token: h.cast.officerA.token,
      })
      expect(p.status).toBe(200)
      return p.body.due_this_month
    }
    const outcomes = ['homeless_6m', 'days_in_temp_accommodation', 'settled_6m']
    const each = (n: number) => outcomes.map((name) => ({ name, due: n }))
    // Enrolled 2 March 2026 at 09:00: the three outcomes (P6M) of the four households fall due on
    // 2 September at 09:00, so September counts 4 per outcome, 12 in all, on every day of it, and
    // the attended_mediation process measure is not listed.
    expect(await dueThisMonth()).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-04-01T00:00:00.000Z',
      total: 0,
      by_measure: each(0),
    })
    expect(await dueThisMonth('2026-08-31T23:59:59.999Z')).toMatchObject({ total: 0 })
    for (const asOf of ['2026-09-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z'])
      expect(await dueThisMonth(asOf)).toEqual({
        from: '2026-09-01T00:00:00.000Z',
        to: '2026-10-01T00:00:00.000Z',
        total: 12,
        by_measure: each(4),
      })
    expect(await dueThisMonth('2026-10-01T00:00:00.000Z')).toMatchObject({
      from: '2026-10-01T00:00:00.000Z',
      total: 0,
    })
  })

  it("counts due dates from each household's recorded anchor date, imported or put, and adds up", async () => {
    h.now.value = new Date('2026-03-02T09:00:00.000Z')
    const protocol = protocolForCouncilA()
    ;(protocol.primary_outcome as { time_point: object }).time_point = {
      anchor: 'release_from_prison',
      offset: 'P3M',
      label: '3 months after release from prison',
    }
    const { trialId } = await createRecruitingTrial(h, protocol)
    const batch = await h.json('POST', `/trials/${trialId}/enrolments/batch`, {
      token: h.cast.officerA.token,
      body: { households: Array.from({ length: 6 }, (_, i) => household(i)) },
    })
    expect(batch.status).toBe(201)
    // The anchor dates arrive as their own kind, one column named after the event.
    const dates = await uploadJson(
      trialId,
      'household_ref,release_from_prison,release_from_prison.missing\nHOC-00000,2026-03-10,\nHOC-00001,2026-04-20,\nHOC-00002,,not_yet_due\n',
      { query: 'kind=anchor' }
    )
    expect(dates.status, JSON.stringify(dates.body)).toBe(201)
    expect(dates.body).toMatchObject({ kind: 'anchor', created: 3 })
    const bad = await uploadJson(
      trialId,
      'household_ref,release_from_prison\nHOC-00003,10/03/2026\n',
      {
        query: 'kind=anchor',
      }
    )
    expect(bad.status).toBe(422)
    expect(bad.body.errors[0]).toMatchObject({ column: 'release_from_prison', code: 'wrong-type' })
    const put = await h.json(
      'PUT',
      `/trials/${trialId}/households/${batch.body.enrolments[3].household}/observations`,
      { token: h.cast.evaluatorA.token, body: { values: { release_from_prison: '2026-03-02' } } }
    )
    expect(put.status, JSON.stringify(put.body)).toBe(200)
    await uploadJson(trialId, 'household_ref,homeless_6m\nHOC-00004,0\n')
    const primary = async (iso: string) => {
      h.now.value = new Date(iso)
      const p = await h.json('GET', `/trials/${trialId}/progress`, { token: h.cast.officerA.token })
      const m = p.body.measures.find((x: { name: string }) => x.name === 'homeless_6m')
      expect(m.received + m.missing_total + m.outstanding + m.not_yet_due).toBe(6)
      return m
    }
    // Three months after enrolment nothing is due: the releases were on 2 and 10 March and 20 April.
    expect(await primary('2026-06-01T00:00:00Z')).toMatchObject({
      anchor: 'release_from_prison',
      offset: 'P3M',
      due: 0,
      received: 1,
      not_yet_due: 5,
      awaiting_anchor_date: 2,
    })
    expect(await primary('2026-06-10T00:00:00Z')).toMatchObject({ due: 2, outstanding: 2 })
    expect(await primary('2026-07-20T00:00:00Z')).toMatchObject({
      due: 3,
      outstanding: 3,
      not_yet_due: 2,
      awaiting_anchor_date: 2,
    })
    // In June the releases of 2 and 10 March fall due (P3M); in July that of 20 April; in September
    // every household's secondary outcomes, six months after randomisation; the two households
    // without a release date have no due date for the primary outcome.
    const month = async (iso: string) => {
      h.now.value = new Date(iso)
      const p = await h.json('GET', `/trials/${trialId}/progress`, { token: h.cast.officerA.token })
      return Object.fromEntries(
        p.body.due_this_month.by_measure.map((m: { name: string; due: number }) => [m.name, m.due])
      )
    }
    expect(await month('2026-06-30T12:00:00Z')).toEqual({
      homeless_6m: 2,
      days_in_temp_accommodation: 0,
      settled_6m: 0,
    })
    expect(await month('2026-07-01T00:00:00Z')).toMatchObject({ homeless_6m: 1 })
    expect(await month('2026-09-15T00:00:00Z')).toEqual({
      homeless_6m: 0,
      days_in_temp_accommodation: 6,
      settled_6m: 6,
    })
    h.now.value = new Date('2026-03-02T09:00:00.000Z')
  })
})

describe('scale', () => {
  it('imports 5,000 rows in one transaction', async () => {
    const { trialId } = await createRecruitingTrial(h)
    const [trial] = await rows(sql`select council_id from trials where id = ${trialId}`)
    const { pseudonymise } = await import('../../src/services/pseudonym')
    const n = 5000
    const units = Array.from({ length: n }, (_, i) => ({
      h: pseudonymise(
        'test-pseudonym-key-0123456789abcdef0123456789abcdef',
        String(trial!.council_id),
        `BULK-${i}`
      ),
      a: i % 2 ? 'family_mediation' : 'usual_care',
      s: i + 1,
    }))
    // Enrolments are inserted directly: this test is about the import, not the allocator.
    await h.open.db.execute(sql`
      insert into enrolments (trial_id, sequence, household, unit, arm, algorithm, protocol_version, enrolled_by, enrolled_at)
      select ${trialId}::uuid, r.s, r.h, '{}'::jsonb, r.a, 'test', 1, ${h.cast.officerA.userId}::uuid, now()
      from json_to_recordset(${JSON.stringify(units)}::json) as r(h text, a text, s int)`)
    const file = [
      'household_ref,homeless_6m,days_in_temp_accommodation',
      ...units.map((_, i) => `BULK-${i},${i % 2},${i % 17}`),
    ].join('\n')
    const started = performance.now()
    const res = await uploadJson(trialId, file)
    const ms = performance.now() - started
    expect(res.status).toBe(201)
    expect(res.body).toMatchObject({ rows: n, created: 2 * n })
    expect((await written(trialId)).observations).toBe(2 * n)
    expect(ms).toBeLessThan(20_000)
  })
})
