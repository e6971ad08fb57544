import { createRoute, z } from '@hono/zod-openapi'
import { analysisSpecSchema } from '../../analysis'
import { ANALYSIS_STAGES } from '../../trials/commands'
import { nameSchema } from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { actorContext } from '../services/audit'
import {
  getRun,
  listRuns,
  resultsOpened,
  runExploratoryAnalysis,
  runPlannedAnalysis,
} from '../services/analyses'
import { requestContext } from '../services/context'
import { diagnoseTrial } from '../services/diagnosis'
import { rateLimit } from '../middleware/rate-limit'

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
    stage: z
      .enum(ANALYSIS_STAGES)
      .nullable()
      .describe(
        'Planned runs: interim while follow-up continues (never rated, pooled or shown as the result), final once data collection is complete; null for exploratory runs'
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
/** One stored analysis run (GET /trials/{id}/analyses/{runId}, each of GET /trials/{id}/analyses). */
export type AnalysisRun = z.infer<typeof runSchema>
const runListSchema = z.object({ runs: z.array(runSchema) })
/** GET /trials/{id}/analyses. */
export type AnalysisRunList = z.infer<typeof runListSchema>

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

const diagnosand = z.object({
  value: z.number(),
  monte_carlo_std_error: z.number().describe('Monte Carlo standard error of the value'),
})
const diagnosisSchema = z
  .object({
    analysis: z.string(),
    arm: z.string(),
    control: z.string(),
    estimator: z.string(),
    households: z.int(),
    clusters: z.int().nullable(),
    effect: z.number(),
    simulations: z.int(),
    failures: z.int().describe('Simulations the estimator refused, left out of every diagnosand'),
    mean_estimand: z.number(),
    mean_estimate: diagnosand,
    power: diagnosand,
    bias: diagnosand,
    rmse: diagnosand,
    coverage: diagnosand,
    sd_estimate: z
      .number()
      .describe('Standard deviation of the estimates: the true standard error'),
    seed: z.string(),
  })
  .openapi('Diagnosis')

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
        content: { 'application/json': { schema: diagnosisSchema } },
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
      'While the trial is closed (follow-up continuing) the run is interim and the status stays; once data collection is complete it is the final analysis, which needs the primary outcome recorded in every arm (422 listing what is missing) and moves the trial to analysed. Re-running the final analysis on unchanged data returns the stored run (200). Runs every planned analysis for every arm against control, adjusts p-values within the declared families, and reports balance, attrition and a sample-ratio-mismatch test. The run records the protocol hash, the dataset hash, the engine version and the seed of any simulation; rerunning on the same data gives identical numbers.',
    security: bearerSecurity,
    middleware: [...evaluators, rateLimit('analysis')],
    request: { params: idParam },
    responses: {
      201: { description: 'Stored run', content: { 'application/json': { schema: runSchema } } },
      200: {
        description: 'The stored final run of the same protocol on the same data',
        content: { 'application/json': { schema: runSchema } },
      },
      ...problemResponses(401, 403, 404, 409, 422, 429),
    },
  }),
  exploratory: createRoute({
    method: 'post',
    path: '/trials/{id}/analyses/exploratory',
    tags: ['Analysis'],
    summary: 'Run analyses that are not in the registered plan; stored and labelled as exploratory',
    description:
      'Every spec is run on the analysis dataset (GET /trials/{id}/dataset.csv). A spec that cannot run (a column the dataset lacks, a text column used as a number, a design the estimator refuses) is refused with 422, `errors[]` naming each field by JSON Pointer; nothing is stored.',
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
        content: { 'application/json': { schema: runListSchema } },
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

const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id

export const analysisRoutes = createRouter()
  .openapi(routes.diagnose, async (c) =>
    c.json(await diagnoseTrial(requestContext(c), id(c), c.req.valid('json')), 200)
  )
  .openapi(routes.run, async (c) => {
    const { run, created } = await runPlannedAnalysis(requestContext(c), id(c))
    return c.json(run, created ? 201 : 200)
  })
  .openapi(routes.exploratory, async (c) =>
    c.json(await runExploratoryAnalysis(requestContext(c), id(c), c.req.valid('json')), 201)
  )
  .openapi(routes.list, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    const runs = await listRuns(c.var.db, trial.id)
    await resultsOpened(c.var.db, actorContext(c), trial, 'analysis runs', runs.length)
    return c.json({ runs }, 200)
  })
  .openapi(routes.get, async (c) => {
    const { id, runId } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    const run = await getRun(c.var.db, trial.id, runId)
    await resultsOpened(c.var.db, actorContext(c), trial, `analysis run ${run.id}`, 1)
    return c.json(run, 200)
  })
