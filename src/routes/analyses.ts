import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq } from 'drizzle-orm'
import { parseCsv } from '../../analysis/data'
import { runAnalysis } from '../../analysis/run-analysis'
import { analysisSpecSchema } from '../../analysis/spec'
import { DomainError } from '../../analysis/errors'
import { nameSchema } from '../../trials/protocol/names'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { analysisRuns } from '../db/schema'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { rateLimit } from '../middleware/rate-limit'
import { conflict, notFound } from '../problem'
import { audit } from '../services/audit'
import { loadAnalysisDataset } from '../services/dataset'
import { ANALYSABLE, deviationsOf, runPlannedAnalysis } from '../services/analyses'
import { protocolProblem } from '../services/trials'
import { diagnoseRegisteredDesign } from '../../trials/plan'
import { validateForRegistration } from '../../trials/protocol/validate'
import { protocolHash } from '../../trials/protocol/canonical-json'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const runParam = idParam.extend({
  runId: z.uuid().openapi({ param: { name: 'runId', in: 'path' } }),
})

const runSchema = z
  .object({
    id: z.uuid(),
    trial_id: z.uuid(),
    kind: z
      .enum(['planned', 'exploratory'])
      .describe(
        'planned: the registered analysis plan; exploratory: not pre-registered, labelled so everywhere'
      ),
    protocol_version: z.int(),
    protocol_hash: z.string(),
    dataset_hash: z
      .string()
      .describe('SHA-256 of the analysis dataset CSV (GET /trials/{id}/dataset.csv) the run used'),
    engine_version: z.string(),
    report: z.record(z.string(), z.unknown()),
    created_at: z.string(),
  })
  .openapi('AnalysisRun')

type RunRow = typeof analysisRuns.$inferSelect
const runOut = (r: RunRow) => ({
  id: r.id,
  trial_id: r.trialId,
  kind: r.kind,
  protocol_version: r.protocolVersion,
  protocol_hash: r.protocolHash,
  dataset_hash: r.datasetHash,
  engine_version: r.engineVersion,
  report: r.report as Record<string, unknown>,
  created_at: r.createdAt.toISOString(),
})

const evaluators = [authenticate, allow('evaluator')]
const authed = [authenticate]

const exploratoryBody = z
  .strictObject({
    analyses: z
      .array(
        z.strictObject({
          name: nameSchema,
          spec: analysisSpecSchema.describe(
            'Any analysis spec; columns are those of the analysis dataset (treatment column `arm`)'
          ),
        })
      )
      .min(1)
      .max(50),
  })
  .openapi('ExploratoryAnalysisRequest')

const diagnosisBody = z
  .strictObject({
    effect: z
      .number()
      .describe(
        'Assumed effect: a risk difference for a binary primary outcome, otherwise in outcome standard deviations'
      ),
    simulations: z.int().min(10).max(5000).default(500).describe('Simulated trials'),
    seed: z
      .string()
      .min(1)
      .max(128)
      .optional()
      .describe('Seed of the simulation; default derived from the protocol hash'),
    households: z
      .int()
      .min(4)
      .max(200_000)
      .optional()
      .describe('Households per simulated trial; default the registered target'),
    control_proportion: z
      .number()
      .gt(0)
      .lt(1)
      .optional()
      .describe('Binary outcome: control-arm risk; default the registered value, else 0.3'),
    icc: z
      .number()
      .min(0)
      .lt(1)
      .optional()
      .describe('Cluster designs: intra-cluster correlation; default the registered value'),
  })
  .openapi('DiagnosisRequest')

const routes = {
  diagnose: createRoute({
    method: 'post',
    path: '/trials/{id}/diagnosis',
    tags: ['Analysis'],
    summary:
      'Diagnose the design by simulation: power, bias, RMSE and coverage of the registered primary analysis',
    description:
      'Simulates the trial many times under an assumed effect, allocating households with its own randomisation method and analysing them with its registered primary analysis (as DeclareDesign does). Deterministic given the seed. Drafts are diagnosed once their protocol is registrable.',
    security: bearerSecurity,
    middleware: [authenticate, allow('officer', 'evaluator', 'centre'), rateLimit('analysis')],
    request: { params: idParam, body: jsonBody(diagnosisBody) },
    responses: {
      200: {
        description: 'Diagnosis',
        content: { 'application/json': { schema: z.record(z.string(), z.unknown()) } },
      },
      ...problemResponses(400, 401, 403, 404, 415, 422, 429),
    },
  }),
  run: createRoute({
    method: 'post',
    path: '/trials/{id}/analyses',
    tags: ['Analysis'],
    summary: 'Run the registered analysis plan on the current data and store the result',
    description:
      'Runs every planned analysis for every arm against control, adjusts p-values within the declared families, and reports balance, attrition and a sample-ratio-mismatch test. The run records the protocol hash, the dataset hash, the engine version and the seed of any simulation; rerunning on the same data gives identical numbers.',
    security: bearerSecurity,
    middleware: [...evaluators, rateLimit('analysis')],
    request: { params: idParam },
    responses: {
      201: { description: 'Stored run', content: { 'application/json': { schema: runSchema } } },
      ...problemResponses(401, 403, 404, 409, 429),
    },
  }),
  exploratory: createRoute({
    method: 'post',
    path: '/trials/{id}/analyses/exploratory',
    tags: ['Analysis'],
    summary: 'Run analyses that are not in the registered plan; stored and labelled as exploratory',
    security: bearerSecurity,
    middleware: [...evaluators, rateLimit('analysis')],
    request: { params: idParam, body: jsonBody(exploratoryBody) },
    responses: {
      201: {
        description: 'Stored exploratory run',
        content: { 'application/json': { schema: runSchema } },
      },
      ...problemResponses(400, 401, 403, 404, 409, 415, 422, 429),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/trials/{id}/analyses',
    tags: ['Analysis'],
    summary: 'Stored analysis runs, newest first',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      200: {
        description: 'Runs',
        content: { 'application/json': { schema: z.object({ runs: z.array(runSchema) }) } },
      },
      ...problemResponses(401, 404),
    },
  }),
  get: createRoute({
    method: 'get',
    path: '/trials/{id}/analyses/{runId}',
    tags: ['Analysis'],
    summary: 'One stored analysis run',
    security: bearerSecurity,
    middleware: authed,
    request: { params: runParam },
    responses: {
      200: { description: 'Run', content: { 'application/json': { schema: runSchema } } },
      ...problemResponses(401, 404),
    },
  }),
}

export const analysisRoutes = createRouter()
  .openapi(routes.diagnose, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    const validation = validateForRegistration(trial.protocol)
    if (!validation.ok)
      throw protocolProblem('the protocol must be registrable to be diagnosed', validation.problems)
    const seed = body.seed ?? `diagnosis|${protocolHash(validation.protocol)}`
    const diagnosis = diagnoseRegisteredDesign(validation.protocol, {
      effect: body.effect,
      simulations: body.simulations,
      seed,
      ...(body.households !== undefined ? { households: body.households } : {}),
      ...(body.control_proportion !== undefined
        ? { controlProportion: body.control_proportion }
        : {}),
      ...(body.icc !== undefined ? { icc: body.icc } : {}),
    })
    return c.json({ ...diagnosis, seed }, 200)
  })
  .openapi(routes.run, async (c) => {
    const { id } = c.req.valid('param')
    const p = c.var.principal
    const now = c.var.deps.clock()
    const row = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'analyse', { forUpdate: true })
      return runPlannedAnalysis(
        tx,
        trial,
        { userId: p.userId, requestId: c.var.requestId },
        now,
        c.var.deps.config.engine
      )
    })
    return c.json(runOut(row), 201)
  })
  .openapi(routes.exploratory, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const p = c.var.principal
    const now = c.var.deps.clock()
    const row = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'analyse', { forUpdate: true })
      if (!ANALYSABLE.has(trial.status))
        throw conflict(
          'not-closed',
          `analyses run once recruitment has closed; the trial is ${trial.status}`,
          {
            status: trial.status,
          }
        )
      const dataset = await loadAnalysisDataset(tx, trial)
      const table = parseCsv(dataset.csv)
      const analyses = body.analyses.map((a) => {
        try {
          return {
            name: a.name,
            label: 'exploratory',
            spec: a.spec,
            result: runAnalysis(a.spec, table),
            error: null,
          }
        } catch (err) {
          if (!(err instanceof DomainError)) throw err
          return {
            name: a.name,
            label: 'exploratory',
            spec: a.spec,
            result: null,
            error: { code: err.code, message: err.message },
          }
        }
      })
      const report = {
        kind: 'exploratory',
        notice: 'Not pre-registered: hypothesis-generating, not confirmatory.',
        deviations: await deviationsOf(tx, id),
        n_units: dataset.rows.length,
        analyses,
      }
      const [row] = await tx
        .insert(analysisRuns)
        .values({
          trialId: id,
          kind: 'exploratory',
          protocolVersion: trial.protocolVersion,
          protocolHash: trial.protocolHash!,
          datasetHash: dataset.sha256,
          engineVersion: c.var.deps.config.engine,
          request: body,
          report,
          createdBy: p.userId,
          createdAt: now,
        })
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: trial.councilId,
        action: 'analysis.exploratory',
        entityType: 'trial',
        entityId: id,
        requestId: c.var.requestId,
        detail: { run_id: row!.id },
      })
      return row!
    })
    return c.json(runOut(row), 201)
  })
  .openapi(routes.list, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    const rows = await c.var.db
      .select()
      .from(analysisRuns)
      .where(eq(analysisRuns.trialId, trial.id))
      .orderBy(desc(analysisRuns.createdAt))
    return c.json({ runs: rows.map(runOut) }, 200)
  })
  .openapi(routes.get, async (c) => {
    const { id, runId } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    const [row] = await c.var.db
      .select()
      .from(analysisRuns)
      .where(and(eq(analysisRuns.trialId, trial.id), eq(analysisRuns.id, runId)))
    if (!row) throw notFound(`analysis run ${runId}`)
    return c.json(runOut(row), 200)
  })
