import fc from 'fast-check'
import { familyMediationProtocol } from '../../trials/protocol/examples/family-mediation'
import { interventionBody, protocolForCouncilA } from './fixtures'

/**
 * Requests generated from the OpenAPI document: for every operation, path and query parameters
 * and bodies drawn from its schemas in three modes. `valid` follows the schema (and, where a
 * schema alone cannot make a meaningful body, starts from the worked example); `near` breaks one
 * thing (a missing or extra field, a wrong type, a bound off by one); `hostile` sends what an
 * attacker would (NUL and lone surrogates, formula cells, huge and negative-zero numbers, deep
 * nesting, long arrays, duplicate keys, other content types and encodings, broken UTF-8).
 */

type Schema = Record<string, any>

export interface Operation {
  method: string
  path: string
  parameters: Array<{
    name: string
    in: 'path' | 'query' | 'header'
    required: boolean
    schema: Schema
  }>
  body: { types: string[]; schema: Schema | null } | null
}

export interface FuzzRequest {
  method: string
  path: string
  headers: Record<string, string>
  body?: string | Uint8Array
  /** Which mode and role made it: printed with any failure. */
  label: string
}

/** Ids the server knows, so generated paths reach handlers rather than stopping at 404. */
export interface FuzzContext {
  tokens: Record<string, string | undefined>
  ids: {
    trials: string[]
    interventions: string[]
    users: string[]
    councils: string[]
    tokens: string[]
    runs: string[]
    ratings: string[]
    households: string[]
    variables: string[]
    problems: string[]
  }
}

export function operations(doc: Schema): Operation[] {
  const out: Operation[] = []
  for (const [path, item] of Object.entries<Schema>(doc.paths ?? {}))
    for (const [method, op] of Object.entries<Schema>(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue
      const content = op.requestBody?.content as Record<string, { schema?: Schema }> | undefined
      out.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map((p: Schema) => ({
          name: p.name,
          in: p.in,
          required: !!p.required,
          schema: p.schema ?? {},
        })),
        body: content
          ? {
              types: Object.keys(content),
              schema: content['application/json']?.schema ?? null,
            }
          : null,
      })
    }
  return out
}

const HOSTILE_STRINGS = [
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u0007bell',
  '\u0085',
  '\uffff',
  "=cmd|' /C calc'!A0",
  '+1+1',
  '-2-2',
  '@SUM(A1)',
  '\tx',
  '\rx',
  '',
  ' ',
  '0x1f',
  'Infinity',
  'NaN',
  '-0',
  '1e400',
  '9'.repeat(400) + 'x',
  '../../etc/passwd',
  "'; drop table trials; --",
  '<script>alert(1)</script>',
  '%00',
  '\u202eevil',
  '👪'.repeat(50),
  'x'.repeat(5000),
  '00000000-0000-0000-0000-000000000000',
  'tw_AAAAAAAAAAAA_' + 'A'.repeat(43),
]
const HOSTILE_NUMBERS = [
  -0,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  -1,
  0,
  0.5,
  2 ** 31,
  -(2 ** 63),
  5e-324,
]

const hostileString = fc.constantFrom(...HOSTILE_STRINGS)
const hostileScalar = fc.oneof(
  hostileString,
  fc.constantFrom<unknown>(...HOSTILE_NUMBERS, true, null, [], {}, [[[]]])
)

function resolve(doc: Schema, schema: Schema): Schema {
  let s = schema
  for (let i = 0; i < 10 && s && typeof s.$ref === 'string'; i++) {
    const name = s.$ref.split('/').pop()!
    s = doc.components?.schemas?.[name] ?? {}
  }
  return s ?? {}
}

/** A schema-following value; `depth` bounds recursion of self-referring schemas. */
export function valueFor(
  doc: Schema,
  raw: Schema,
  ctx: FuzzContext,
  depth = 0
): fc.Arbitrary<unknown> {
  const s = resolve(doc, raw)
  if (depth > 8) return fc.constant(null)
  if ('const' in s) return fc.constant(s.const)
  if (Array.isArray(s.enum) && s.enum.length) return fc.constantFrom(...s.enum)
  const alternatives = s.anyOf ?? s.oneOf
  if (Array.isArray(alternatives) && alternatives.length)
    return fc.oneof(...alternatives.map((a: Schema) => valueFor(doc, a, ctx, depth + 1)))
  if (Array.isArray(s.allOf) && s.allOf.length) return valueFor(doc, s.allOf[0], ctx, depth + 1)
  const type = Array.isArray(s.type) ? s.type : s.type ? [s.type] : []
  if (type.length > 1)
    return fc.oneof(...type.map((t: string) => valueFor(doc, { ...s, type: t }, ctx, depth + 1)))
  switch (type[0]) {
    case 'string':
      return stringFor(s, ctx)
    case 'integer': {
      const min = s.minimum ?? (s.exclusiveMinimum !== undefined ? s.exclusiveMinimum + 1 : -1000)
      const max = s.maximum ?? (s.exclusiveMaximum !== undefined ? s.exclusiveMaximum - 1 : 1000)
      // Keep the sizes of simulated work small: the fuzz is about input handling.
      return fc.integer({ min: Math.max(min, -1e6), max: Math.max(Math.min(max, min + 200), min) })
    }
    case 'number': {
      const min = s.minimum ?? s.exclusiveMinimum ?? -1000
      const max = s.maximum ?? s.exclusiveMaximum ?? 1000
      return fc
        .double({ min, max, noNaN: true, noDefaultInfinity: true })
        .filter((x) => x !== s.exclusiveMinimum && x !== s.exclusiveMaximum)
    }
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    case 'array':
      return fc.array(valueFor(doc, s.items ?? {}, ctx, depth + 1), {
        minLength: s.minItems ?? 0,
        maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? 3, 3)),
      })
    case 'object':
    default: {
      const props = (s.properties ?? {}) as Record<string, Schema>
      const required = new Set<string>(s.required ?? [])
      const entries = Object.entries(props)
      if (!entries.length) {
        if (s.additionalProperties && typeof s.additionalProperties === 'object')
          return fc.dictionary(
            fc.constantFrom(...ctx.ids.variables, 'x'),
            valueFor(doc, s.additionalProperties, ctx, depth + 1),
            { maxKeys: 3 }
          )
        return type[0] === 'object' ? fc.constant({}) : fc.jsonValue({ maxDepth: 2 })
      }
      return fc.record(
        Object.fromEntries(entries.map(([k, v]) => [k, valueFor(doc, v, ctx, depth + 1)])),
        { requiredKeys: entries.map(([k]) => k).filter((k) => required.has(k)) }
      )
    }
  }
}

function stringFor(s: Schema, ctx: FuzzContext): fc.Arbitrary<string> {
  if (s.format === 'uuid')
    return fc.oneof(
      fc.constantFrom(
        ...ctx.ids.trials,
        ...ctx.ids.interventions,
        ...ctx.ids.users,
        ...ctx.ids.councils
      ),
      fc.uuid()
    )
  if (s.format === 'date')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10))
  if (s.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString())
  if (typeof s.pattern === 'string') {
    try {
      return fc
        .stringMatching(new RegExp(s.pattern))
        .filter((x) => x.length <= (s.maxLength ?? 200) && x.length >= (s.minLength ?? 0))
    } catch {
      // fall through to a plain string
    }
  }
  const min = s.minLength ?? 0
  return fc.oneof(
    fc.string({ minLength: min, maxLength: Math.max(min, Math.min(s.maxLength ?? 24, 24)) }),
    fc.constantFrom(...ctx.ids.variables).filter((v) => v.length >= min)
  )
}

/** Replaces one node of a JSON value (chosen by `pick`) with `replacement(old)`. */
function replaceAt(value: unknown, pick: number, replacement: (old: unknown) => unknown): unknown {
  const nodes: Array<{ parent: any; key: string | number }> = []
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || v === null || typeof v !== 'object') return
    for (const [k, child] of Object.entries(v as object)) {
      nodes.push({ parent: v, key: Array.isArray(v) ? Number(k) : k })
      walk(child, depth + 1)
    }
  }
  const copy = structuredClone(value)
  walk(copy, 0)
  if (!nodes.length) return replacement(copy)
  const { parent, key } = nodes[pick % nodes.length]!
  parent[key] = replacement(parent[key])
  return copy
}

function deleteAt(value: unknown, pick: number): unknown {
  const copy = structuredClone(value)
  const objects: Array<Record<string, unknown>> = []
  const walk = (v: unknown, depth: number) => {
    if (depth > 12 || v === null || typeof v !== 'object') return
    if (!Array.isArray(v)) objects.push(v as Record<string, unknown>)
    for (const child of Object.values(v as object)) walk(child, depth + 1)
  }
  walk(copy, 0)
  const withKeys = objects.filter((o) => Object.keys(o).length)
  if (!withKeys.length) return copy
  const o = withKeys[pick % withKeys.length]!
  const keys = Object.keys(o)
  delete o[keys[pick % keys.length]!]
  return copy
}

const NEAR_REPLACEMENTS: Array<(old: unknown) => unknown> = [
  () => null,
  () => '',
  (old) => (typeof old === 'number' ? old + 1 : 1),
  (old) => (typeof old === 'number' ? -old : -1),
  () => -0,
  (old) => (typeof old === 'string' ? old + 'x' : 'x'),
  (old) => (typeof old === 'string' ? old.toUpperCase() : String(old)),
  (old) => [old],
  (old) => ({ value: old }),
  () => 1.5,
  () => true,
  () => [],
  (old) => (Array.isArray(old) ? [...old, ...old] : old),
]

/** Examples that pass the schema and the domain's checks, for routes whose schemas are too rich for random values. */
function examples(op: Operation): unknown[] {
  const key = `${op.method} ${op.path}`
  const protocol = protocolForCouncilA(familyMediationProtocol)
  switch (key) {
    case 'POST /interventions':
    case 'PUT /interventions/{id}':
      return [interventionBody()]
    case 'POST /trials':
      return [{ intervention_id: '{intervention}', protocol }]
    case 'PUT /trials/{id}/protocol':
      return [protocol, { protocol }]
    case 'POST /trials/{id}/amendments':
      return [{ protocol, reason: 'Correct the definition after recruitment started' }]
    default:
      return []
  }
}

function bodyValue(doc: Schema, op: Operation, ctx: FuzzContext): fc.Arbitrary<unknown> {
  const fromSchema = op.body?.schema ? valueFor(doc, op.body.schema, ctx) : fc.constant({})
  const ex = examples(op).map((e) =>
    JSON.parse(
      JSON.stringify(e).replace('"{intervention}"', JSON.stringify(ctx.ids.interventions[0] ?? ''))
    )
  )
  return ex.length ? fc.oneof(fromSchema, fc.constantFrom(...ex)) : fromSchema
}

export type Mode = 'valid' | 'near' | 'hostile'

const ODD_TYPES = [
  'text/plain',
  'application/json; charset=utf-16',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'text/csv',
  'application/json;;;',
  'APPLICATION/JSON',
  '',
]

/** Raw bodies no serialiser would produce. */
function hostileRawBodies(valid: string): fc.Arbitrary<string | Uint8Array> {
  return fc.oneof(
    fc.constantFrom<string | Uint8Array>(
      '',
      'null',
      '[]',
      '"text"',
      '-0',
      '1e999999',
      '9'.repeat(10_000),
      '{"a":1,"a":2}',
      '{"__proto__": {"admin": true}}',
      '{"constructor": {"prototype": {"x": 1}}}',
      '['.repeat(10_000) + ']'.repeat(10_000),
      '{"a":'.repeat(3_000) + '1' + '}'.repeat(3_000),
      '[' + '0,'.repeat(50_000) + '0]',
      '{"x": "\\u0000"}',
      '{"x": "\\ud800"}',
      '{"x\\u0000": 1}',
      '{',
      '\uFEFF{}',
      new Uint8Array([0xff, 0xfe, 0x7b, 0x00, 0x7d, 0x00]),
      new Uint8Array([0x7b, 0x22, 0x78, 0x22, 0x3a, 0x22, 0xc3, 0x28, 0x22, 0x7d]),
      new Uint8Array([0x00, 0x00, 0x00])
    ),
    fc.nat({ max: Math.max(1, valid.length) }).map((n) => valid.slice(0, n)),
    fc
      .nat({ max: Math.max(1, valid.length) })
      .map((n) => valid.slice(0, n) + '\u0000' + valid.slice(n))
  )
}

function pathFor(
  op: Operation,
  ctx: FuzzContext,
  mode: Mode,
  doc: Schema
): fc.Arbitrary<{ path: string; query: string }> {
  const pathParams = op.parameters.filter((p) => p.in === 'path')
  const queryParams = op.parameters.filter((p) => p.in === 'query')
  const known: Record<string, string[]> = {
    id: op.path.startsWith('/interventions')
      ? ctx.ids.interventions
      : op.path.startsWith('/admin/users')
        ? ctx.ids.users
        : op.path.startsWith('/admin/tokens')
          ? ctx.ids.tokens
          : op.path.startsWith('/evidence') || op.path.startsWith('/registry')
            ? [...ctx.ids.interventions, ...ctx.ids.trials]
            : ctx.ids.trials,
    runId: ctx.ids.runs,
    ratingId: ctx.ids.ratings,
    household: ctx.ids.households,
    variable: ctx.ids.variables,
    slug: ctx.ids.problems,
  }
  const param = (name: string, schema: Schema): fc.Arbitrary<string> => {
    const ids = known[name] ?? []
    const good = ids.length ? fc.constantFrom(...ids) : valueFor(doc, schema, ctx).map(String)
    if (mode === 'valid') return good
    return fc.oneof(
      { weight: 2, arbitrary: good },
      { weight: 1, arbitrary: valueFor(doc, schema, ctx).map(String) },
      { weight: 1, arbitrary: hostileString }
    )
  }
  const segments = pathParams.map((p) => param(p.name, p.schema).map((v) => [p.name, v] as const))
  const queries = queryParams.map((p) =>
    fc
      .option(
        mode === 'hostile'
          ? fc.oneof(valueFor(doc, p.schema, ctx).map(String), hostileString)
          : valueFor(doc, p.schema, ctx).map(String),
        { nil: undefined, freq: p.required ? 100 : 2 }
      )
      .map((v) => [p.name, v] as const)
  )
  return fc.tuple(fc.tuple(...segments), fc.tuple(...queries)).map(([segs, qs]) => {
    let path = op.path
    for (const [name, v] of segs) path = path.replace(`{${name}}`, encodeAny(v))
    const query = qs
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeAny(k)}=${encodeAny(v!)}`)
      .join('&')
    return { path, query }
  })
}

/**
 * Percent-encodes any string, lone surrogates included (as their WTF-8 bytes, which no UTF-8
 * decoder accepts: what a hostile client can put in a URL).
 */
export function encodeAny(text: string): string {
  let out = ''
  for (const ch of text) {
    const c = ch.codePointAt(0)!
    if (c >= 0xd800 && c <= 0xdfff)
      out += `%ED%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`
    else out += encodeURIComponent(ch)
  }
  return out
}

/** One request to `op` in `mode`, as `role` (or with no, or a broken, token). */
export function requestFor(
  doc: Schema,
  op: Operation,
  ctx: FuzzContext,
  mode: Mode
): fc.Arbitrary<FuzzRequest> {
  const roles = Object.keys(ctx.tokens)
  const role = fc.constantFrom(...roles)
  const body = op.body ? bodyValue(doc, op, ctx) : fc.constant(undefined)
  const mutation = fc.tuple(fc.nat(), fc.nat({ max: NEAR_REPLACEMENTS.length }), hostileScalar)
  const odd = fc.constantFrom(...ODD_TYPES)
  return fc
    .tuple(pathFor(op, ctx, mode, doc), role, body, mutation, fc.nat({ max: 9 }), odd)
    .chain(([{ path, query }, who, value, [pick, kind, hostile], dice, oddType]) => {
      const headers: Record<string, string> = {}
      const token = ctx.tokens[who]
      if (token) headers.authorization = `Bearer ${token}`
      const url = query ? `${path}?${query}` : path
      const label = `${mode} as ${who}`
      if (!op.body)
        return fc.constant<FuzzRequest>({ method: op.method, path: url, headers, label })
      let v = value
      if (mode === 'near')
        v =
          kind === NEAR_REPLACEMENTS.length
            ? deleteAt(v, pick)
            : replaceAt(v, pick, NEAR_REPLACEMENTS[kind]!)
      if (mode === 'hostile') v = replaceAt(v, pick, () => hostile)
      const text = JSON.stringify(v) ?? 'null'
      const csv = op.body.types.includes('text/csv')
      if (mode === 'hostile' && dice < 4)
        return hostileRawBodies(text).map<FuzzRequest>((raw) => ({
          method: op.method,
          path: url,
          headers: { ...headers, 'content-type': dice === 0 ? oddType : 'application/json' },
          body: raw,
          label: `${label} raw`,
        }))
      if (csv && dice >= 7)
        return csvBody(ctx, mode).map<FuzzRequest>((raw) => ({
          method: op.method,
          path: url,
          headers: { ...headers, 'content-type': 'text/csv' },
          body: raw,
          label: `${label} csv`,
        }))
      return fc.constant<FuzzRequest>({
        method: op.method,
        path: url,
        headers: {
          ...headers,
          'content-type': mode === 'hostile' && dice === 4 ? oddType : 'application/json',
        },
        body: text,
        label,
      })
    })
}

/** CSV uploads: header and rows from known names, cells valid, near-valid or hostile. */
function csvBody(ctx: FuzzContext, mode: Mode): fc.Arbitrary<string> {
  const columns = fc.subarray(['household_ref', 'household', ...ctx.ids.variables], {
    minLength: 1,
    maxLength: 5,
  })
  const cell =
    mode === 'valid'
      ? fc.oneof(
          fc.constantFrom('0', '1', '12.5', 'NA', '', 'moved_away'),
          fc.integer().map(String)
        )
      : fc.oneof(
          fc.constantFrom('0', '1', '"quoted, cell"', '"unterminated', 'a"b', '1e5', '-0'),
          hostileString.map((s) => s.replace(/\u0000/g, '\u0001'))
        )
  return fc
    .tuple(columns, fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 5 }))
    .map(([cols, rows]) =>
      [cols.join(','), ...rows.map((r, i) => [`HOC-${i}`, ...r].join(','))].join(
        mode === 'hostile' ? '\r' : '\n'
      )
    )
}
