import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  adherenceEntryInputSchema,
  adherenceStatuses,
  consortSvg,
  exclusionEntryInputSchema,
  screeningEntryInputSchema,
  screeningReasons,
  type AdherenceEntryInput,
  type ExclusionEntryInput,
  type ScreeningEntryInput,
} from '../../trials/report'
import { allow, authenticate } from '../auth/middleware'
import { loadReportedTrial, loadTrial } from '../auth/scope'
import type { RowProblem } from '../../trials/commands'
import type { Executor } from '../db/client'
import type { AppEnv } from '../env'
import { bearerSecurity, createRouter, jsonBody, problemResponses } from '../openapi'
import { ProblemError } from '../problem'
import { exclusionList, householdExclusion, recordExclusions } from '../services/report-exclusions'
import type { Recorder } from '../services/observations'
import { householdInPath, type HouseholdInPath } from '../services/pseudonym'
import { loadConsortFlow } from '../services/report-flow'
import {
  adherenceList,
  householdAdherence,
  parseEntries,
  refuseWithDecided,
  recordAdherence,
  recordScreening,
  screeningLog,
  screeningRecordHistory,
  type RecordOptions,
} from '../services/report-records'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const reasonSchema = z.string().trim().min(3).max(1000)
const flag = z.enum(['true', 'false']).optional()
const recorders = [authenticate, allow('officer', 'evaluator')]
const authed = [authenticate]
/** A JSON answer described by `schema`, so that each handler's body is checked against it. */
const ok = <S extends z.ZodType>(description: string, schema: S) => ({
  200: { description, content: { 'application/json': { schema } } },
})

const batchBody = (entry: z.ZodType, name: string, example: unknown) =>
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
    .openapi(name, { description: `Entries of the form ${entry.description ?? ''}`, example })

const recordResult = z
  .object({
    dry_run: z.boolean(),
    rows: z.int(),
    created: z.int(),
    corrected: z.int().describe('Records replaced; the previous version is kept in the history'),
    unchanged: z.int().describe('Entries equal to the record held, left alone'),
  })
  .openapi('RecordResult')
/** A recorded (or dry-run) batch of screening, adherence or exclusion records. */
export type RecordResult = z.infer<typeof recordResult>
const recorded = {
  201: { description: 'Recorded', content: { 'application/json': { schema: recordResult } } },
  200: { description: 'Dry run', content: { 'application/json': { schema: recordResult } } },
}

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

const stamp = {
  version: z.int().describe('1 when first recorded; each correction adds one'),
  source: z.string().describe('api, or import:<kind> for a file'),
  recorded_by: z.uuid().describe('The user who recorded this version'),
  recorded_at: z.string(),
}
const replaced = {
  correction_reason: z.string().describe('Why this version was replaced'),
  replaced_by: z.uuid(),
  replaced_at: z.string(),
}
const history = <C extends z.ZodType, H extends z.ZodType>(current: C, past: H, name: string) =>
  z
    .object({
      current: current,
      history: z.array(past).describe('Every superseded version, newest first'),
    })
    .openapi(name)

const screeningFields = {
  week: z.string().describe('ISO week, e.g. 2026-W05'),
  assessed_on: z.string().nullable().describe('Date one household was assessed; null for a count'),
  reason: z.enum(screeningReasons),
  detail: z.string().nullable(),
  count: z.int().describe('Households this record counts (1 for one household)'),
}
const screeningRecordSchema = z
  .object({
    id: z.uuid(),
    household: z.string().nullable().describe('Pseudonymous household id; null for a count'),
    ...screeningFields,
    ...stamp,
  })
  .openapi('ScreeningRecord')
const screeningCounts = z.object({
  not_eligible: z.int(),
  declined: z.int(),
  other: z.int(),
})
const screeningLogSchema = z
  .object({
    trial_id: z.uuid(),
    total: z.int().describe('Households assessed and not randomised'),
    by_reason: screeningCounts,
    by_week: z.array(screeningCounts.extend({ week: z.string() })),
    records: z.array(screeningRecordSchema),
  })
  .openapi('ScreeningLog')
/** GET /trials/{id}/screening. */
export type ScreeningLog = z.infer<typeof screeningLogSchema>
const screeningHistorySchema = history(
  screeningRecordSchema,
  z.object({ ...screeningFields, ...stamp, ...replaced }),
  'ScreeningRecordHistory'
)

const adherenceFields = {
  reason: z.string().nullable(),
  date: z.string().describe('Date it was received, refused or stopped'),
  delayed_offer_on: z
    .string()
    .nullable()
    .describe('Date of the delayed offer to a control household of a waitlist trial'),
}
const adherenceRecordSchema = z
  .object({
    household: z.string().describe('The pseudonymous household id'),
    arm: z.string(),
    status: z.enum(adherenceStatuses),
    ...adherenceFields,
    ...stamp,
  })
  .openapi('AdherenceRecord')
const adherenceListSchema = z
  .object({
    trial_id: z.uuid(),
    by_arm: z
      .record(z.string(), z.record(z.string(), z.int()))
      .describe('Households by arm, then by status'),
    records: z.array(adherenceRecordSchema),
  })
  .openapi('AdherenceList')
/** GET /trials/{id}/adherence. */
export type AdherenceList = z.infer<typeof adherenceListSchema>
const adherenceHistorySchema = history(
  adherenceRecordSchema,
  z.object({
    status: z.string(),
    ...adherenceFields,
    ...stamp,
    ...replaced,
  }),
  'AdherenceHistory'
)
/** GET /trials/{id}/households/{household}/adherence. */
export type AdherenceHistory = z.infer<typeof adherenceHistorySchema>

const exclusionListSchema = z
  .object({
    trial_id: z.uuid(),
    by_arm: z.record(z.string(), z.int()).describe('Households excluded, by arm'),
    records: z.array(
      z
        .object({
          household: z.string().describe('The pseudonymous household id'),
          arm: z.string(),
          reason: z.string(),
          date: z.string().describe('Date the exclusion was decided'),
          criterion: z
            .string()
            .nullable()
            .describe('The registered eligibility criterion the household was found not to meet'),
          removes_from_analysis: z
            .boolean()
            .describe('True only when ineligible at randomisation (a criterion is given)'),
          ...stamp,
        })
        .openapi('ExclusionRecord')
    ),
  })
  .openapi('ExclusionList')
/** GET /trials/{id}/exclusions. */
export type ExclusionList = z.infer<typeof exclusionListSchema>
const exclusionHistorySchema = history(
  z.object({
    household: z.string().describe('The pseudonymous household id'),
    arm: z.string(),
    reason: z.string(),
    date: z.string(),
    version: z.int(),
  }),
  z.object({ reason: z.string(), date: z.string(), ...stamp, ...replaced }),
  'ExclusionHistory'
)

type Ctx = Context<AppEnv>
type Entries<E> = ReadonlyArray<{ row: number; index: number; value: E }>

/**
 * One kind of trial record (screening log, adherence, ...): its paths, documentation and the
 * service that records and lists it. Each kind gets the same three routes: record a JSON batch,
 * import a CSV (or JSON) file, and list.
 */
interface RecordKind<E, L extends z.ZodType = z.ZodType> {
  kind: 'screening' | 'adherence' | 'exclusion'
  path: string
  entry: z.ZodType<E>
  body: ReturnType<typeof batchBody>
  columns: string
  summary: { record: string; import: string; list: string }
  description: { record: string; import?: string }
  record: (
    tx: Executor,
    trial: Awaited<ReturnType<typeof loadTrial>>,
    actor: Recorder,
    now: Date,
    pseudonymKey: string,
    entries: Entries<E>,
    options: RecordOptions
  ) => Promise<z.infer<typeof recordResult>>
  /** The list as GET /trials/{id}/<path> answers it, with the trial's id. */
  listed: L
  list: (db: Executor, trialId: string) => Promise<Omit<z.input<L>, 'trial_id'>>
}

const SCREENING: RecordKind<ScreeningEntryInput, typeof screeningLogSchema> = {
  kind: 'screening',
  path: 'screening',
  entry: screeningEntryInputSchema,
  body: batchBody(screeningEntryInputSchema, 'ScreeningInput', {
    entries: [
      { week: '2026-W05', reason: 'not_eligible', count: 4 },
      { household_ref: 'HOC-20931', assessed_on: '2026-02-03', reason: 'declined' },
      {
        week: '2026-W05',
        reason: 'other',
        count: 1,
        detail: 'moved out of area before referral',
      },
    ],
  }),
  columns: 'household_ref|household,assessed_on|week,count,reason,detail',
  summary: {
    record: 'Record households assessed for eligibility and not randomised (the screening log)',
    import: 'Import the screening log from CSV: all rows or none',
    list: 'The screening log: records, totals by reason and by ISO week',
  },
  description: {
    record:
      'Each entry is one household (`household_ref`, pseudonymised on arrival, or `household`, with `assessed_on`) or a count of households per reason in an ISO week (`week`, `count`). Reasons: not_eligible, declined, other (with `detail`, one line, no personal data). A household randomised in the trial, a date before recruitment started or after today, and a change to a held record without `corrections` are refused with the row and reason; nothing is written unless every entry is accepted.',
    import:
      'Columns: `household_ref` or `household` with `assessed_on`, or `week` with `count`; then `reason` and optional `detail`.',
  },
  record: recordScreening,
  listed: screeningLogSchema,
  list: screeningLog,
}

const ADHERENCE: RecordKind<AdherenceEntryInput, typeof adherenceListSchema> = {
  kind: 'adherence',
  path: 'adherence',
  entry: adherenceEntryInputSchema,
  body: batchBody(adherenceEntryInputSchema, 'AdherenceInput', {
    entries: [
      { household_ref: 'HOC-1001', status: 'received_as_allocated', date: '2026-02-10' },
      {
        household_ref: 'HOC-1002',
        status: 'not_received',
        reason: 'declined the offer',
        date: '2026-02-11',
      },
    ],
  }),
  columns: 'household_ref|household,status,reason,date,delayed_offer_on',
  summary: {
    record: 'Record whether enrolled households received the intervention they were allocated',
    import: 'Import adherence from CSV: all rows or none',
    list: 'Adherence records with counts by arm and status',
  },
  description: {
    record:
      'Statuses: received_as_allocated; not_received and discontinued (intervention arms, reason required); received_though_control (control arm, a crossover, reason required). `delayed_offer_on` records the delayed offer to a control household of a waitlist trial, on or after the date it became eligible. A household not in the trial, a date before its randomisation or after today, and a change to a held record without `corrections` are refused with the row and reason.',
  },
  record: recordAdherence,
  listed: adherenceListSchema,
  list: adherenceList,
}

const EXCLUSIONS: RecordKind<ExclusionEntryInput, typeof exclusionListSchema> = {
  kind: 'exclusion',
  path: 'exclusions',
  entry: exclusionEntryInputSchema,
  body: batchBody(exclusionEntryInputSchema, 'ExclusionInput', {
    entries: [
      {
        household_ref: 'HOC-1003',
        reason: 'found to live outside the council area on review of the referral',
        date: '2026-03-02',
      },
    ],
  }),
  columns: 'household_ref|household,reason,date,criterion',
  summary: {
    record: 'Record randomised households excluded from the analysis, with the reason and date',
    import: 'Import exclusions from analysis from CSV: all rows or none',
    list: 'Households excluded from the analysis after randomisation, with counts by arm',
  },
  description: {
    record:
      'CONSORT 2025 "excluded from analysis": a randomised household left out of the analysis keeps its allocation, is counted under its arm in the flow diagram and is left out of the analysis dataset. A household not in the trial, a date before its randomisation or after today, and a change to a held record without `corrections` are refused with the row and reason; nothing is written unless every entry is accepted.',
  },
  record: recordExclusions,
  listed: exclusionListSchema,
  list: exclusionList,
}

const actorOf = (c: Ctx): Recorder => ({
  userId: c.var.principal.userId,
  requestId: c.var.requestId,
})

/** Reads an import body: CSV text, or a JSON object with an entries list. */
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

/** Records a parsed batch of one kind in one transaction, the trial locked, and answers. */
async function record<E>(
  c: Ctx,
  kind: RecordKind<E>,
  id: string,
  { entries, problems }: { entries: Entries<E>; problems: RowProblem[] },
  options: RecordOptions
) {
  const result = await c.var.db.transaction(async (tx) => {
    const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
    const { clock, config } = c.var.deps
    const run = (o: RecordOptions) =>
      kind.record(tx, trial, actorOf(c), clock(), config.pseudonymKey, entries, o)
    // Malformed rows refuse the batch; the rest are decided (dry run) so every problem is listed.
    if (problems.length)
      return refuseWithDecided(
        problems,
        async () => entries.length && run({ ...options, dryRun: true })
      )
    return run(options)
  })
  return c.json(result, options.dryRun ? 200 : 201)
}

const optionsOf = (
  flags: { dry_run?: boolean | string; corrections?: boolean | string; reason?: string },
  source: string
): RecordOptions => ({
  dryRun: flags.dry_run === true || flags.dry_run === 'true',
  corrections: flags.corrections === true || flags.corrections === 'true',
  source,
  ...(flags.reason ? { reason: flags.reason } : {}),
})

export const reportRoutes = createRouter()

/** Mounts one record kind's three routes: record a JSON batch, import a file, list. */
function mountRecordKind<E, L extends z.ZodType>(kind: RecordKind<E, L>) {
  const base = { tags: ['Reporting'], security: bearerSecurity }
  reportRoutes.openapi(
    createRoute({
      ...base,
      method: 'post',
      path: `/trials/{id}/${kind.path}`,
      summary: kind.summary.record,
      description: kind.description.record,
      middleware: recorders,
      request: { params: idParam, body: jsonBody(kind.body) },
      responses: { ...recorded, ...problemResponses(401, 403, 404, 409, 415, 422) },
    }),
    async (c) => {
      const body = c.req.valid('json')
      const entries = parseEntries(body.entries, 'json', kind.entry)
      return record(c, kind, c.req.valid('param').id, entries, optionsOf(body, 'api'))
    }
  )
  reportRoutes.openapi(
    createRoute({
      ...base,
      method: 'post',
      path: `/trials/{id}/${kind.path}/imports`,
      summary: kind.summary.import,
      ...(kind.description.import ? { description: kind.description.import } : {}),
      middleware: recorders,
      request: { params: idParam, query: importQuery, body: importBody(kind.columns) },
      responses: { ...recorded, ...problemResponses(401, 403, 404, 409, 413, 415, 422) },
    }),
    async (c) => {
      const { id } = c.req.valid('param')
      await loadTrial(c.var.db, c.var.principal, id, 'record')
      const upload = await readImport(c.req.raw)
      const entries = parseEntries(upload.body, upload.format, kind.entry)
      const options = optionsOf(c.req.valid('query'), `import:${kind.kind}`)
      return record(c, kind, id, entries, options)
    }
  )
  reportRoutes.openapi(
    createRoute({
      ...base,
      method: 'get',
      path: `/trials/{id}/${kind.path}`,
      summary: kind.summary.list,
      middleware: authed,
      request: { params: idParam },
      responses: { ...ok(kind.summary.list, kind.listed), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
      return c.json({ trial_id: trial.id, ...(await kind.list(c.var.db, trial.id)) }, 200)
    }
  )
}

/**
 * Mounts the route of one household's record of a kind, with every correction of it. The household
 * is named by its pseudonym or by the council's own case reference, as in every household route.
 */
function mountHouseholdHistory<S extends z.ZodType>(
  kind: string,
  summary: string,
  schema: S,
  history: (db: Executor, trialId: string, household: HouseholdInPath) => Promise<z.input<S>>
) {
  reportRoutes.openapi(
    createRoute({
      method: 'get',
      path: `/trials/{id}/households/{household}/${kind}`,
      tags: ['Reporting'],
      summary,
      security: bearerSecurity,
      middleware: authed,
      request: {
        params: idParam.extend({
          household: z.string().openapi({
            param: { name: 'household', in: 'path' },
            description:
              "The pseudonymous household id (hh_...), or the council's own case reference, pseudonymised on arrival (never stored or echoed)",
            example: 'HOC-00017',
          }),
        }),
      },
      responses: {
        ...ok('Current record and history, newest first', schema),
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const { id, household } = c.req.valid('param')
      const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
      const key = householdInPath(c.var.deps.config.pseudonymKey, trial.councilId, household)
      return c.json(await history(c.var.db, trial.id, key), 200)
    }
  )
}

mountRecordKind(SCREENING)
mountRecordKind(ADHERENCE)
mountRecordKind(EXCLUSIONS)

reportRoutes.openapi(
  createRoute({
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
      ...ok('History, newest first', screeningHistorySchema),
      ...problemResponses(401, 404, 422),
    },
  }),
  async (c) => {
    const { id, recordId } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    return c.json(await screeningRecordHistory(c.var.db, trial.id, recordId), 200)
  }
)

mountHouseholdHistory(
  'adherence',
  "One household's adherence record and every correction of it",
  adherenceHistorySchema,
  householdAdherence
)
mountHouseholdHistory(
  'exclusion',
  "One household's exclusion from the analysis and every correction of it",
  exclusionHistorySchema,
  householdExclusion
)

reportRoutes
  .openapi(
    createRoute({
      method: 'get',
      path: '/trials/{id}/consort',
      tags: ['Reporting'],
      summary:
        'CONSORT 2025 participant flow, counted from the records at the moment of the request',
      security: bearerSecurity,
      middleware: authed,
      request: { params: idParam },
      responses: { ...ok('Flow', flowSchema), ...problemResponses(401, 404) },
    }),
    async (c) => {
      const trial = await loadReportedTrial(
        c.var.db,
        c.var.principal,
        c.req.valid('param').id,
        'read'
      )
      return c.json(await loadConsortFlow(c.var.db, trial, c.var.deps.clock()), 200)
    }
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/trials/{id}/consort.svg',
      tags: ['Reporting'],
      summary:
        'CONSORT 2025 flow diagram (SVG), drawn from the records at the moment of the request',
      security: bearerSecurity,
      middleware: authed,
      request: { params: idParam },
      responses: {
        200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } },
        ...problemResponses(401, 404),
      },
    }),
    async (c) => {
      const trial = await loadReportedTrial(
        c.var.db,
        c.var.principal,
        c.req.valid('param').id,
        'read'
      )
      const flow = await loadConsortFlow(c.var.db, trial, c.var.deps.clock())
      const svg = consortSvg(flow, `CONSORT 2025 flow diagram: ${trial.title}`)
      return c.text(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
    }
  )
