import { createRoute, z } from '@hono/zod-openapi'
import { metaAnalysisMethodSchema } from '../../analysis/meta-analysis'
import { overridableSchemeSchema } from '../../analysis/ratings'
import { outcomeTypeSchema, trialStatusSchema } from '../../trials/protocol'
import { authenticate } from '../auth/middleware'
import { bearerSecurity, createRouter, problemResponses } from '../openapi'
import { evidenceSummary, forestPlot } from '../services/evidence-summary'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const pooledSchema = z.object({
  method: metaAnalysisMethodSchema,
  estimate: z.number(),
  std_error: z.number(),
  conf_low: z.number(),
  conf_high: z.number(),
  p_value: z.number(),
  tau2: z.number(),
  i2: z.number().describe('I² in percent'),
  h2: z.number(),
})
const weights = z.object({ FE: z.number(), DL: z.number(), REML: z.number() })
const scaleSchema = z.enum(['difference', 'log_odds_ratio', 'log_risk_ratio'])
const level = z.union([z.number(), z.string(), z.null()])

const schemeSummarySchema = z.object({
  computed_level: level,
  final_level: level.describe('Set once Centre staff confirm or override; null while pending'),
  status: z.enum(['pending', 'confirmed', 'overridden']),
  limiting_words: z
    .string()
    .describe(
      "What set the level in plain words, as the trial's rating and report give it: each baseline characteristic by its registered label"
    ),
})

const trialSummarySchema = z.object({
  trial_id: z.uuid(),
  title: z.string(),
  label: z.string().describe('Council and year of registration, as the forest plot names it'),
  status: trialStatusSchema,
  council: z.object({ id: z.uuid(), code: z.string(), name: z.string() }),
  councils_taking_part: z.array(z.string()),
  registered_at: z.string().nullable(),
  households_randomised: z.int().nullable(),
  primary_outcome: z.object({ name: z.string(), type: outcomeTypeSchema, label: z.string() }),
  analysis_run_id: z.uuid().nullable(),
  comparisons: z.array(
    z.object({
      analysis: z.string(),
      arm: z.string(),
      control: z.string(),
      estimator: z.string(),
      scale: scaleSchema.nullable(),
      estimate: z.number().nullable(),
      std_error: z.number().nullable(),
      n: z.number().nullable(),
      not_pooled: z.string().nullable().describe('Why the comparison is not pooled; null if it is'),
    })
  ),
  rating: z
    .object({
      id: z.uuid(),
      arm: z.string(),
      schemes: z.partialRecord(overridableSchemeSchema, schemeSummarySchema),
    })
    .nullable()
    .describe('The latest rating with its final levels; null while the trial is not rated'),
})

const summarySchema = z
  .object({
    intervention: z.object({ id: z.uuid(), name: z.string(), category: z.string() }),
    totals: z.object({
      trials: z.int(),
      councils: z.int(),
      households_randomised: z.int(),
      rated_trials: z.int(),
    }),
    councils: z.array(
      z.object({ id: z.uuid(), code: z.string(), name: z.string(), trials: z.int() })
    ),
    trials: z
      .array(trialSummarySchema)
      .describe(
        'Each analysed or rated trial: council, households randomised, primary comparisons, latest rating with final levels'
      ),
    syntheses: z.array(
      z.object({
        key: z.string(),
        outcome: z.string(),
        outcome_type: z.string(),
        arm: z.string(),
        scale: scaleSchema,
        axis_label: z.string(),
        k: z.int(),
        studies: z.array(
          z.object({
            trial_id: z.uuid(),
            label: z.string(),
            estimate: z.number(),
            std_error: z.number(),
            conf_low: z.number(),
            conf_high: z.number(),
            weight_percent: weights,
          })
        ),
        pooled: z.object({ FE: pooledSchema, DL: pooledSchema, REML: pooledSchema }),
        heterogeneity: z.object({
          q: z.number(),
          q_df: z.int(),
          q_p_value: z.number(),
          tau2: z.object({ DL: z.number(), REML: z.number() }),
          i2: weights,
        }),
        forest_svg: z.string(),
      })
    ),
    notice: z.string(),
  })
  .openapi('EvidenceSummary')

const routes = {
  summary: createRoute({
    method: 'get',
    path: '/interventions/{id}/evidence',
    tags: ['Evidence'],
    summary:
      'Evidence on an intervention across councils: trials, councils, households, pooled effects (FE, DL, REML) with heterogeneity, and ratings',
    description:
      'Readable by every authenticated role: an evidence summary is shared across the network. Only trials whose registered analysis has run (analysed or rated) appear, and only aggregates: no household-level data. Trials are pooled only with trials of the same primary outcome, arm and effect scale; each group is reported separately, in the format of an evidence and gap map entry.',
    security: bearerSecurity,
    middleware: [authenticate],
    request: { params: idParam },
    responses: {
      200: {
        description: 'Evidence summary',
        content: { 'application/json': { schema: summarySchema } },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
  forest: createRoute({
    method: 'get',
    path: '/interventions/{id}/evidence/forest.svg',
    tags: ['Evidence'],
    summary:
      'Forest plot (SVG) of one synthesis group: trials with 95% CIs and weights, the pooled diamond and the line of no effect',
    security: bearerSecurity,
    middleware: [authenticate],
    request: {
      params: idParam,
      query: z.object({
        group: z
          .string()
          .max(500)
          .optional()
          .describe(
            'Synthesis key from GET /interventions/{id}/evidence; default the largest group'
          ),
        method: metaAnalysisMethodSchema
          .default('REML')
          .describe('Pooling model of the diamond and weights'),
      }),
    },
    responses: {
      200: { description: 'SVG forest plot', content: { 'image/svg+xml': { schema: z.string() } } },
      ...problemResponses(401, 404, 422),
    },
  }),
}

export const interventionEvidenceRoutes = createRouter()
  .openapi(routes.summary, async (c) => {
    const { groups: _groups, ...summary } = await evidenceSummary(c.var.db, c.req.valid('param').id)
    return c.json(summary, 200)
  })
  .openapi(routes.forest, async (c) => {
    const { group, method } = c.req.valid('query')
    const svg = await forestPlot(c.var.db, c.req.valid('param').id, group, method)
    return c.text(svg, 200, { 'content-type': 'image/svg+xml; charset=utf-8' })
  })
