import { createRoute, z } from '@hono/zod-openapi'
import { consortSvg } from '../../trials/report'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, jsonBody, problemResponses } from '../openapi'
import { ProblemError } from '../problem'
import { loadConsortFlow } from '../services/report-flow'
import {
  adherenceList,
  householdAdherence,
  parseEntries,
  recordAdherence,
  recordScreening,
  screeningLog,
  screeningRecordHistory,
} from '../services/report-records'
import type { AdherenceEntryInput, ScreeningEntryInput } from '../../trials/report'
import {
  adherenceEntryInputSchema,
  screeningEntryInputSchema,
} from '../../trials/report/record-inputs'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const reasonSchema = z.string().trim().min(3).max(1000)
const flag = z.enum(['true', 'false']).optional()
const recorders = [authenticate, allow('officer', 'evaluator')]
const authed = [authenticate]

const batchBody = (entry: z.ZodType, name: string) =>
  z
    .strictObject({
      entries: z
        .array(z.unknown().openapi({ description: 'An entry; see the entry schema' }))
        .min(1)
        .max(10_000)
        .describe('Entries, all recorded or none'),
      corrections: z
        .boolean()
        .optional()
        .describe('true: entries for records already held replace them (reason required)'),
      reason: reasonSchema.optional().describe('Why held records are corrected'),
      dry_run: z.boolean().optional().describe('true: validate only; nothing is written'),
    })
    .openapi(name, {
      description: `Entries of the form ${entry.description ?? ''}`,
    })

const screeningBody = batchBody(screeningEntryInputSchema, 'ScreeningInput').openapi({
  example: {
    entries: [
      { week: '2026-W05', reason: 'not_eligible', count: 4 },
      { household_ref: 'HOC-20931', assessed_on: '2026-02-03', reason: 'declined' },
      { week: '2026-W05', reason: 'other', count: 1, detail: 'moved out of area before referral' },
    ],
  },
})
const adherenceBody = batchBody(adherenceEntryInputSchema, 'AdherenceInput').openapi({
  example: {
    entries: [
      { household_ref: 'HOC-1001', status: 'received_as_allocated', date: '2026-02-10' },
      {
        household_ref: 'HOC-1002',
        status: 'not_received',
        reason: 'declined the offer',
        date: '2026-02-11',
      },
    ],
  },
})

const recordResult = z
  .object({
    dry_run: z.boolean(),
    rows: z.int(),
    created: z.int(),
    corrected: z.int().describe('Records replaced; the previous version is kept in the history'),
    unchanged: z.int().describe('Entries equal to the record held, left alone'),
  })
  .openapi('RecordResult')

const importQuery = z
  .object({
    dry_run: flag.describe('true: validate only; nothing is written'),
    corrections: flag.describe(
      'true: rows for records already held replace them (reason required)'
    ),
    reason: reasonSchema.optional().describe('Why held records are corrected'),
  })
  .refine((q) => q.corrections !== 'true' || q.reason !== undefined, {
    path: ['reason'],
    message: 'corrections need a reason',
  })

const importBody = (columns: string) => ({
  required: true,
  content: {
    'text/csv': {
      schema: { type: 'string' as const, description: `CSV with a header row: ${columns}` },
    },
    'application/json': {
      schema: {
        type: 'object' as const,
        required: ['entries'],
        properties: { entries: { type: 'array' as const, items: { type: 'object' as const } } },
      },
    },
  },
})

const flowSchema = z
  .object({
    as_of: z.string(),
    assessed: z.int(),
    excluded: z.object({
      n: z.int(),
      reasons: z.array(z.object({ reason: z.string(), n: z.int() })),
      by_reason: z.array(
        z.object({
          reason: z.string(),
          label: z.string(),
          n: z.int(),
          details: z.array(z.object({ reason: z.string(), n: z.int() })),
        })
      ),
    }),
    randomised: z.int(),
    arms: z.array(z.record(z.string(), z.unknown())),
    notes: z.array(z.string()),
  })
  .openapi('ConsortFlow')

const routes = {
  screening: createRoute({
    method: 'post',
    path: '/trials/{id}/screening',
    tags: ['Reporting'],
    summary: 'Record households assessed for eligibility and not randomised (the screening log)',
    description:
      'Each entry is one household (`household_ref`, pseudonymised on arrival, or `household`, with `assessed_on`) or a count of households per reason in an ISO week (`week`, `count`). Reasons: not_eligible, declined, other (with `detail`, one line, no personal data). A household randomised in the trial, a date before recruitment started or after today, and a change to a held record without `corrections` are refused with the row and reason; nothing is written unless every entry is accepted.',
    security: bearerSecurity,
    middleware: recorders,
    request: { params: idParam, body: jsonBody(screeningBody) },
    responses: {
      201: { description: 'Recorded', content: { 'application/json': { schema: recordResult } } },
      200: { description: 'Dry run', content: { 'application/json': { schema: recordResult } } },
      ...problemResponses(401, 403, 404, 409, 415, 422),
    },
  }),
  screeningImport: createRoute({
    method: 'post',
    path: '/trials/{id}/screening/imports',
    tags: ['Reporting'],
    summary: 'Import the screening log from CSV: all rows or none',
    description:
      'Columns: `household_ref` or `household` with `assessed_on`, or `week` with `count`; then `reason` and optional `detail`.',
    security: bearerSecurity,
    middleware: recorders,
    request: {
      params: idParam,
      query: importQuery,
      body: importBody('household_ref|household,assessed_on|week,count,reason,detail'),
    },
    responses: {
      201: { description: 'Imported', content: { 'application/json': { schema: recordResult } } },
      200: { description: 'Dry run', content: { 'application/json': { schema: recordResult } } },
      ...problemResponses(401, 403, 404, 409, 413, 415, 422),
    },
  }),
  screeningList: createRoute({
    method: 'get',
    path: '/trials/{id}/screening',
    tags: ['Reporting'],
    summary: 'The screening log: records, totals by reason and by ISO week',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: {
        description: 'Screening log',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(401, 404),
    },
  }),
  screeningHistory: createRoute({
    method: 'get',
    path: '/trials/{id}/screening/{recordId}/history',
    tags: ['Reporting'],
    summary: 'A screening record and every correction of it',
    security: bearerSecurity,
    middleware: authed,
    request: {
      params: idParam.extend({
        recordId: z.uuid().openapi({ param: { name: 'recordId', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'History, newest first',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
  adherence: createRoute({
    method: 'post',
    path: '/trials/{id}/adherence',
    tags: ['Reporting'],
    summary: 'Record whether enrolled households received the intervention they were allocated',
    description:
      'Statuses: received_as_allocated; not_received and discontinued (intervention arms, reason required); received_though_control (control arm, a crossover, reason required). `delayed_offer_on` records the delayed offer to a control household of a waitlist trial, on or after the date it became eligible. A household not in the trial, a date before its randomisation or after today, and a change to a held record without `corrections` are refused with the row and reason.',
    security: bearerSecurity,
    middleware: recorders,
    request: { params: idParam, body: jsonBody(adherenceBody) },
    responses: {
      201: { description: 'Recorded', content: { 'application/json': { schema: recordResult } } },
      200: { description: 'Dry run', content: { 'application/json': { schema: recordResult } } },
      ...problemResponses(401, 403, 404, 409, 415, 422),
    },
  }),
  adherenceImport: createRoute({
    method: 'post',
    path: '/trials/{id}/adherence/imports',
    tags: ['Reporting'],
    summary: 'Import adherence from CSV: all rows or none',
    security: bearerSecurity,
    middleware: recorders,
    request: {
      params: idParam,
      query: importQuery,
      body: importBody('household_ref|household,status,reason,date,delayed_offer_on'),
    },
    responses: {
      201: { description: 'Imported', content: { 'application/json': { schema: recordResult } } },
      200: { description: 'Dry run', content: { 'application/json': { schema: recordResult } } },
      ...problemResponses(401, 403, 404, 409, 413, 415, 422),
    },
  }),
  adherenceList: createRoute({
    method: 'get',
    path: '/trials/{id}/adherence',
    tags: ['Reporting'],
    summary: 'Adherence records with counts by arm and status',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: {
        description: 'Adherence',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(401, 404),
    },
  }),
  householdAdherence: createRoute({
    method: 'get',
    path: '/trials/{id}/households/{household}/adherence',
    tags: ['Reporting'],
    summary: "One household's adherence record and every correction of it",
    security: bearerSecurity,
    middleware: authed,
    request: {
      params: idParam.extend({
        household: z.string().openapi({ param: { name: 'household', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'Current record and history, newest first',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(401, 404),
    },
  }),
  consort: createRoute({
    method: 'get',
    path: '/trials/{id}/consort',
    tags: ['Reporting'],
    summary: 'CONSORT 2025 participant flow, counted from the records at the moment of the request',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: { description: 'Flow', content: { 'application/json': { schema: flowSchema } } },
      ...problemResponses(401, 404),
    },
  }),
  consortSvg: createRoute({
    method: 'get',
    path: '/trials/{id}/consort.svg',
    tags: ['Reporting'],
    summary: 'CONSORT 2025 flow diagram (SVG), drawn from the records at the moment of the request',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } },
      ...problemResponses(401, 404),
    },
  }),
}

const actorOf = (c: { var: { principal: { userId: string }; requestId: string } }) => ({
  userId: c.var.principal.userId,
  requestId: c.var.requestId,
})

async function readImport(
  req: Request
): Promise<{ format: 'csv' | 'json'; body: string | readonly unknown[] }> {
  const type = (req.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  const text = await req.text()
  if (type === 'text/csv') return { format: 'csv', body: text }
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new ProblemError(400, 'malformed-request', 'the body is not valid JSON')
  }
  const entries = (parsed as { entries?: unknown })?.entries
  if (!Array.isArray(entries))
    throw new ProblemError(422, 'validation-failed', 'the body needs an entries list', {
      errors: [{ pointer: '/entries', detail: 'an array of entries' }],
    })
  return { format: 'json', body: entries }
}

export const reportRoutes = createRouter()
  .openapi(routes.screening, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const entries = parseEntries<ScreeningEntryInput>(body.entries, 'json', 'screening')
    const options = {
      dryRun: body.dry_run === true,
      corrections: body.corrections === true,
      source: 'api',
      ...(body.reason ? { reason: body.reason } : {}),
    }
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return recordScreening(
        tx,
        trial,
        actorOf(c),
        c.var.deps.clock(),
        c.var.deps.config.pseudonymKey,
        entries,
        options
      )
    })
    return c.json(result, options.dryRun ? 200 : 201)
  })
  .openapi(routes.screeningImport, async (c) => {
    const { id } = c.req.valid('param')
    const query = c.req.valid('query')
    await loadTrial(c.var.db, c.var.principal, id, 'record')
    const upload = await readImport(c.req.raw)
    const entries = parseEntries<ScreeningEntryInput>(upload.body, upload.format, 'screening')
    const options = {
      dryRun: query.dry_run === 'true',
      corrections: query.corrections === 'true',
      source: 'import:screening',
      ...(query.reason ? { reason: query.reason } : {}),
    }
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return recordScreening(
        tx,
        trial,
        actorOf(c),
        c.var.deps.clock(),
        c.var.deps.config.pseudonymKey,
        entries,
        options
      )
    })
    return c.json(result, options.dryRun ? 200 : 201)
  })
  .openapi(routes.screeningList, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    return c.json({ trial_id: trial.id, ...(await screeningLog(c.var.db, trial.id)) }, 200)
  })
  .openapi(routes.screeningHistory, async (c) => {
    const { id, recordId } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    return c.json(await screeningRecordHistory(c.var.db, trial.id, recordId), 200)
  })
  .openapi(routes.adherence, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const entries = parseEntries<AdherenceEntryInput>(body.entries, 'json', 'adherence')
    const options = {
      dryRun: body.dry_run === true,
      corrections: body.corrections === true,
      source: 'api',
      ...(body.reason ? { reason: body.reason } : {}),
    }
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return recordAdherence(
        tx,
        trial,
        actorOf(c),
        c.var.deps.clock(),
        c.var.deps.config.pseudonymKey,
        entries,
        options
      )
    })
    return c.json(result, options.dryRun ? 200 : 201)
  })
  .openapi(routes.adherenceImport, async (c) => {
    const { id } = c.req.valid('param')
    const query = c.req.valid('query')
    await loadTrial(c.var.db, c.var.principal, id, 'record')
    const upload = await readImport(c.req.raw)
    const entries = parseEntries<AdherenceEntryInput>(upload.body, upload.format, 'adherence')
    const options = {
      dryRun: query.dry_run === 'true',
      corrections: query.corrections === 'true',
      source: 'import:adherence',
      ...(query.reason ? { reason: query.reason } : {}),
    }
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return recordAdherence(
        tx,
        trial,
        actorOf(c),
        c.var.deps.clock(),
        c.var.deps.config.pseudonymKey,
        entries,
        options
      )
    })
    return c.json(result, options.dryRun ? 200 : 201)
  })
  .openapi(routes.adherenceList, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    return c.json({ trial_id: trial.id, ...(await adherenceList(c.var.db, trial.id)) }, 200)
  })
  .openapi(routes.householdAdherence, async (c) => {
    const { id, household } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    return c.json(await householdAdherence(c.var.db, trial.id, household), 200)
  })
  .openapi(routes.consort, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    return c.json(await loadConsortFlow(c.var.db, trial, c.var.deps.clock()), 200)
  })
  .openapi(routes.consortSvg, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    const flow = await loadConsortFlow(c.var.db, trial, c.var.deps.clock())
    return c.body(consortSvg(flow, `CONSORT 2025 flow diagram: ${trial.title}`), 200, {
      'content-type': 'image/svg+xml; charset=utf-8',
    }) as never
  })
