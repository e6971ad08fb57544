import { createRoute, z } from '@hono/zod-openapi'
import { missingReasons, observationKinds } from '../../trials/data'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { requestContext } from '../services/context'
import { importData } from '../services/data-import'
import { progressOf } from '../services/progress'
import { rateLimit } from '../middleware/rate-limit'
import { downloadDataset } from '../services/dataset'
import {
  householdValueHistory,
  householdValues,
  recordHouseholdValues,
} from '../services/household-record'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const householdParams = idParam.extend({
  household: z.string().openapi({
    param: { name: 'household', in: 'path' },
    description:
      "The pseudonymous household id (hh_...), as enrolment and the dataset export return it, or the council's own case reference, pseudonymised on arrival (never stored or echoed)",
    example: 'HOC-00017',
  }),
})
const reasonSchema = z.string().trim().min(3).max(1000)
const flag = z.enum(['true', 'false']).optional()

const recordBody = z
  .strictObject({
    values: z
      .record(z.string(), z.unknown())
      .describe(
        'Values by variable name (baseline covariates, outcomes, process measures); each a number, a label or { "missing": reason }. Checked against the protocol'
      ),
    reason: reasonSchema
      .optional()
      .describe('Why recorded values are being changed; required for any correction'),
  })
  .openapi('HouseholdObservationsInput')

const observationSchema = z
  .object({
    variable: z.string(),
    kind: z.enum(observationKinds),
    value: z.union([z.number(), z.string()]).nullable(),
    missing_reason: z.enum(missingReasons).nullable(),
    version: z.int().describe('1 when first recorded; +1 per correction'),
    source: z.string().describe('enrolment, api, or import:<kind>'),
    recorded_by: z.uuid(),
    recorded_at: z.string(),
  })
  .openapi('Observation')

const importResultSchema = z
  .object({
    import_id: z.uuid().nullable().describe('null for a dry run'),
    kind: z.enum(observationKinds),
    dry_run: z.boolean(),
    rows: z.int(),
    created: z.int().describe('Observations recorded for the first time'),
    corrected: z
      .int()
      .describe(
        'Observations changed (corrections=true), each with its previous value kept in the history'
      ),
    unchanged: z
      .int()
      .describe('Values equal to the recorded ones, left alone (no corrections flag needed)'),
    replayed: z
      .boolean()
      .describe('True when an earlier upload with the same Idempotency-Key and body is returned'),
  })
  .openapi('DataImport')
/** POST /trials/{id}/imports: an imported (or dry-run) file of observations. */
export type DataImport = z.infer<typeof importResultSchema>

const importQuery = z
  .object({
    kind: z
      .enum(observationKinds)
      .describe(
        'baseline covariates, outcomes, process (take-up) measures, or anchor: the date of each event an outcome time point counts from other than randomisation (e.g. a release_from_prison column, YYYY-MM-DD)'
      ),
    dry_run: flag.describe('true: validate only; nothing is written'),
    corrections: flag.describe(
      'true: values that differ from those already recorded replace them (reason required); otherwise they are refused. Values equal to the recorded ones are always accepted as unchanged'
    ),
    reason: reasonSchema
      .optional()
      .describe('Why the values are corrected (with corrections=true)'),
  })
  .refine((q) => q.corrections !== 'true' || q.reason !== undefined, {
    path: ['reason'],
    message: 'corrections need a reason',
  })

const measureSchema = z
  .object({
    name: z.string(),
    kind: z.enum(['outcome', 'process']),
    anchor: z
      .string()
      .nullable()
      .describe(
        "The event the time point counts from: randomisation, or an event whose date is recorded per household (PUT the household's observations or import with kind=anchor, a column named after the event)"
      ),
    offset: z
      .string()
      .nullable()
      .describe('ISO 8601 duration after the anchor at which the value falls due'),
    received: z.int().describe('Households with a value (received at any time)'),
    missing: z
      .record(z.string(), z.int())
      .describe('Households recorded as lost, by reason (not_yet_due is pending, not lost)'),
    missing_total: z.int(),
    outstanding: z
      .int()
      .describe('Due, with neither a value nor a missing reason (or still marked not_yet_due)'),
    not_yet_due: z.int().describe('Nothing recorded yet, and the due date has not passed'),
    awaiting_anchor_date: z
      .int()
      .describe('Of not_yet_due: households with no recorded anchor date, so no due date yet'),
    due: z.int().describe('Households whose due date has passed, whatever is recorded for them'),
  })
  .describe(
    'received + missing_total + outstanding + not_yet_due = enrolled: each household is counted once'
  )
const progressSchema = z
  .object({
    trial_id: z.uuid(),
    status: z.string(),
    as_of: z.string(),
    enrolment: z.object({
      enrolled: z.int(),
      target: z.int(),
      by_arm: z.array(z.object({ arm: z.string(), enrolled: z.int() })),
      by_stratum: z.array(
        z.object({ stratum: z.string(), enrolled: z.int(), by_arm: z.record(z.string(), z.int()) })
      ),
    }),
    measures: z.array(measureSchema),
    due_this_month: z
      .object({
        from: z.iso
          .datetime()
          .describe(
            "The first instant of as_of's UTC calendar month (included), e.g. 2026-09-01T00:00:00.000Z"
          ),
        to: z.iso
          .datetime()
          .describe(
            'The first instant of the next month (excluded), e.g. 2026-10-01T00:00:00.000Z'
          ),
        total: z.int().describe('The sum of by_measure'),
        by_measure: z
          .array(
            z.object({
              name: z.string(),
              due: z.int().describe('Households whose due date lies in [from, to)'),
            })
          )
          .describe('Each outcome, in protocol order (process measures have no due date)'),
      })
      .describe(
        "Outcome values falling due in as_of's UTC calendar month, whatever is recorded for them: households whose due date (anchor date + offset) lies in [from, to); a household with no recorded anchor date has none"
      ),
  })
  .openapi('TrialProgress')
/** GET /trials/{id}/progress. */
export type TrialProgress = z.infer<typeof progressSchema>

const authed = [authenticate]
// Roles are checked before the body is validated or read (loadTrial's 'record' action repeats it).
const recorders = [authenticate, allow('officer', 'evaluator')]
const csvText = {
  type: 'string' as const,
  description:
    'CSV, UTF-8, comma-separated, header row: household_ref or household, then variables and <variable>.missing columns',
}
const jsonRows = {
  type: 'object' as const,
  required: ['rows'],
  properties: {
    rows: {
      type: 'array' as const,
      items: {
        type: 'object' as const,
        description: 'household_ref or household, then variable: value or { "missing": reason }',
      },
    },
  },
}

const routes = {
  record: createRoute({
    method: 'put',
    path: '/trials/{id}/households/{household}/observations',
    tags: ['Data'],
    summary: "Record or correct one household's baseline values, outcomes or take-up",
    description:
      'Values equal to the recorded ones are left alone; a changed value needs `reason` and keeps the previous one in the history.',
    security: bearerSecurity,
    middleware: recorders,
    request: { params: householdParams, body: jsonBody(recordBody) },
    responses: {
      200: {
        description: 'Recorded',
        content: {
          'application/json': {
            schema: z.object({
              household: z.string(),
              changes: z.record(z.string(), z.enum(['created', 'corrected', 'unchanged'])),
              observations: z.array(observationSchema),
            }),
          },
        },
      },
      ...problemResponses(401, 403, 404, 409, 415, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/trials/{id}/households/{household}/observations',
    tags: ['Data'],
    summary: "One household's current values",
    security: bearerSecurity,
    middleware: authed,
    request: { params: householdParams },
    responses: {
      200: {
        description: 'Current values',
        content: {
          'application/json': {
            schema: z.object({ household: z.string(), observations: z.array(observationSchema) }),
          },
        },
      },
      ...problemResponses(401, 404),
    },
  }),
  history: createRoute({
    method: 'get',
    path: '/trials/{id}/households/{household}/observations/{variable}/history',
    tags: ['Data'],
    summary: 'A value and every correction of it: previous value, who changed it, when and why',
    security: bearerSecurity,
    middleware: authed,
    request: {
      params: householdParams.extend({
        variable: z.string().openapi({ param: { name: 'variable', in: 'path' } }),
      }),
    },
    responses: {
      200: {
        description: 'History, newest first',
        content: {
          'application/json': {
            schema: z.object({
              current: observationSchema,
              history: z.array(
                z.object({
                  version: z.int(),
                  value: z.union([z.number(), z.string()]).nullable(),
                  missing_reason: z.string().nullable(),
                  source: z.string(),
                  recorded_by: z.uuid(),
                  recorded_at: z.string(),
                  reason: z.string(),
                  replaced_by: z.uuid(),
                  replaced_at: z.string(),
                })
              ),
            }),
          },
        },
      },
      ...problemResponses(401, 404),
    },
  }),
  import: createRoute({
    method: 'post',
    path: '/trials/{id}/imports',
    tags: ['Data'],
    summary: 'Import baseline, outcome or take-up data from CSV or JSON: all rows or none',
    description:
      'The whole file is validated first and every problem listed (row, column, value, reason; the first 1,000 and the total). ' +
      '`household_ref` values are pseudonymised on arrival and never stored. Send an `Idempotency-Key` header to make retries harmless.',
    security: bearerSecurity,
    middleware: [...recorders, rateLimit('import')],
    request: {
      params: idParam,
      query: importQuery,
      headers: z.object({
        'idempotency-key': z
          .string()
          .min(1)
          .max(200)
          .optional()
          .describe('Same key and same body: the stored result is returned; a different body: 409'),
      }),
      body: {
        required: true,
        content: { 'text/csv': { schema: csvText }, 'application/json': { schema: jsonRows } },
      },
    },
    responses: {
      201: {
        description: 'Imported',
        content: { 'application/json': { schema: importResultSchema } },
      },
      200: {
        description: 'Dry run, or a repeated upload (same Idempotency-Key and body)',
        content: { 'application/json': { schema: importResultSchema } },
      },
      ...problemResponses(400, 401, 403, 404, 409, 413, 415, 422, 429),
    },
  }),
  dataset: createRoute({
    method: 'get',
    path: '/trials/{id}/dataset.csv',
    tags: ['Data'],
    summary:
      'The tidy analysis dataset: one row per household, exactly the CSV the analyse command reads',
    description:
      'Columns: id, arm, stratum, block, covariates, outcomes and process measures, then <variable>.missing reasons. `X-Dataset-SHA256` is the data version analyses record.',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: { description: 'CSV', content: { 'text/csv': { schema: z.string() } } },
      ...problemResponses(401, 404),
    },
  }),
  progress: createRoute({
    method: 'get',
    path: '/trials/{id}/progress',
    tags: ['Data'],
    summary:
      'Recruitment against target and follow-up: outcomes due, received, missing by reason, outstanding',
    security: bearerSecurity,
    middleware: authed,
    request: {
      params: idParam,
      query: z.object({
        as_of: z.iso
          .datetime()
          .optional()
          .describe(
            'Count outcomes due by this instant (default now), e.g. the end of the month; due_this_month is its UTC calendar month'
          ),
      }),
    },
    responses: {
      200: { description: 'Progress', content: { 'application/json': { schema: progressSchema } } },
      ...problemResponses(401, 404),
    },
  }),
}

const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id

export const dataRoutes = createRouter()
  .openapi(routes.record, async (c) => {
    const { id, household } = c.req.valid('param')
    const rc = requestContext(c)
    return c.json(await recordHouseholdValues(rc, id, household, c.req.valid('json')), 200)
  })
  .openapi(routes.list, async (c) => {
    const { id, household } = c.req.valid('param')
    return c.json(await householdValues(requestContext(c), id, household), 200)
  })
  .openapi(routes.history, async (c) => {
    const { id, household, variable } = c.req.valid('param')
    const rc = requestContext(c)
    return c.json(await householdValueHistory(rc, id, household, variable), 200)
  })
  .openapi(routes.import, async (c) => {
    const query = c.req.valid('query')
    const key = c.req.valid('header')['idempotency-key']
    const type = c.req.header('content-type') ?? ''
    const upload = { type, body: c.req.raw.body, key }
    const { result, replayed } = await importData(requestContext(c), id(c), upload, query)
    return c.json({ ...result, replayed }, replayed || query.dry_run === 'true' ? 200 : 201)
  })
  .openapi(routes.dataset, async (c) => {
    const dataset = await downloadDataset(requestContext(c), id(c))
    return c.text(dataset.csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="trial-${dataset.trial.id}-dataset.csv"`,
      'x-dataset-sha256': dataset.sha256,
      etag: `"${dataset.sha256}"`,
    })
  })
  .openapi(routes.progress, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    const asOf = c.req.valid('query').as_of
    return c.json(
      await progressOf(c.var.db, trial, asOf ? new Date(asOf) : c.var.deps.clock()),
      200
    )
  })
