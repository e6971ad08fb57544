import { createRoute, z } from '@hono/zod-openapi'
import {
  describeLevels,
  overridableSchemeSchema,
  reasonSchema,
  schemeLevelSchema,
  SCHEME_LEVELS,
} from '../../analysis/ratings'
import { declaredFactsSchema, factSourceSchema } from '../../trials/evidence'
import { nameSchema } from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { requestContext } from '../services/context'
import { computeRating, decideRating, trialRatings } from '../services/ratings'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const ratingParam = idParam.extend({
  ratingId: z.uuid().openapi({ param: { name: 'ratingId', in: 'path' } }),
})
const level = z.union([z.number(), z.string(), z.null()])

// Each reason names one of the engine's criteria, as the rating stores it.
const reasonOut = reasonSchema
const wordPart = z.union([
  z.string(),
  z.object({
    variable: z.string().describe('A baseline characteristic by its registered name'),
    level: z.string().optional().describe('One level of a categorical characteristic'),
  }),
])
const limitingOut = reasonOut.extend({
  words: z
    .array(wordPart)
    .optional()
    .describe(
      'The reason in plain words: text, and each baseline characteristic by name so it can be shown by its label; absent for ratings computed before reasons had words'
    ),
})
const decisionSchema = z
  .object({
    id: z.uuid(),
    rating_id: z.uuid(),
    scheme: z.string(),
    action: z.enum(['confirm', 'override']),
    computed_level: level,
    final_level: level,
    reason: z.string().nullable(),
    decided_by: z.uuid(),
    decided_at: z.string(),
  })
  .openapi('RatingDecision')
const ratingSchema = z
  .object({
    id: z.uuid(),
    trial_id: z.uuid(),
    analysis_run_id: z.uuid().nullable(),
    comparison: z.object({
      analysis: z.string(),
      arm: z.string(),
      control: z.string(),
      outcome: z.string(),
    }),
    created_by: z.uuid(),
    created_at: z.string(),
    schemes: z.array(
      z.object({
        scheme: overridableSchemeSchema,
        computed_level: level,
        final_level: level.describe(
          'Set once Centre staff confirm or override; null while pending'
        ),
        status: z.enum(['pending', 'confirmed', 'overridden']),
        limiting_summary: z
          .string()
          .describe(
            'The criteria that set the level, e.g. "capped at 3 padlocks: overall attrition 27% ..."'
          ),
        limiting_words: z
          .string()
          .describe(
            'What set the level in plain words, as the report gives it: each baseline characteristic by its registered label, e.g. "Capped at 3 padlocks: overall attrition 27.3% is in the 21–30% band (3 padlocks)"'
          ),
        limiting: z.array(limitingOut),
        reasons: z.array(reasonOut),
        decisions: z.array(decisionSchema),
      })
    ),
    facts: z
      .record(
        z.string(),
        z.object({
          value: z.unknown(),
          source: factSourceSchema,
          detail: z.string(),
        })
      )
      .describe('Every fact the rating read, with where it came from'),
    declared_facts: z
      .array(z.string())
      .describe('Facts answered by the evaluator: declared, not measured'),
    derived: z.record(z.string(), z.unknown()),
    warnings: z.array(z.string()),
    options: z.record(z.string(), z.unknown()),
    options_overridden: z.array(z.string()),
    advisory: z.record(z.string(), z.unknown()),
    engine_version: z.string(),
    standards_table_version: z.string(),
  })
  .openapi('EvidenceRating')
const ratingListSchema = z.object({
  current: ratingSchema.nullable(),
  ratings: z.array(ratingSchema),
})
/** GET /trials/{id}/ratings. */
export type RatingList = z.infer<typeof ratingListSchema>

const rateBody = z
  .strictObject({
    declared: declaredFactsSchema,
    arm: nameSchema
      .optional()
      .describe('Multi-arm trials: the treatment arm to rate against control'),
    options: z
      .record(z.string(), z.unknown())
      .optional()
      .describe(
        'Centre staff only: rating INTERPRETATION options (ratingOptionsSchema); echoed in the rating'
      ),
  })
  .openapi('RatingRequest')

// One body shape per scheme, so the OpenAPI document gives each scheme's levels as an enum.
const decisionVariants = overridableSchemeSchema.options.map((scheme) =>
  z.strictObject({
    scheme: z.literal(scheme),
    action: z.enum(['confirm', 'override']),
    level: schemeLevelSchema(scheme)
      // The generator renders a multi-value literal by its first value only: give the enum itself.
      .openapi({ enum: [...SCHEME_LEVELS[scheme]] })
      .optional()
      .describe(
        `override: the final level, one of ${describeLevels(scheme)}; confirm: omit, or the computed level`
      ),
    reason: z
      .string()
      .max(2000)
      .optional()
      .describe('Why; required (10+ characters) for an override'),
  })
)
const decisionBody = z
  .discriminatedUnion(
    'scheme',
    decisionVariants as unknown as [
      (typeof decisionVariants)[number],
      ...(typeof decisionVariants)[number][],
    ],
    { error: `scheme is one of ${overridableSchemeSchema.options.join(', ')}` }
  )
  .openapi('RatingDecisionRequest')

const routes = {
  rate: createRoute({
    method: 'post',
    path: '/trials/{id}/ratings',
    tags: ['Evidence'],
    summary:
      "Compute an evidence rating from the trial's registration, its latest planned analysis run and the evaluator's declared facts",
    description:
      'Evaluators with access to the trial, or Centre staff, compute a rating. Facts come from the registered protocol, the latest planned analysis run (measured), the MDES on the achieved sample (derived), and `declared` (answered by the evaluator, flagged as declared). Every scheme shows its level, its reasons and the criterion that limited it. The computed rating is pending until Centre staff confirm or override it.',
    security: bearerSecurity,
    middleware: [authenticate, allow('evaluator', 'centre')],
    request: { params: idParam, body: jsonBody(rateBody) },
    responses: {
      201: {
        description: 'Stored rating',
        content: { 'application/json': { schema: ratingSchema } },
      },
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
  list: createRoute({
    method: 'get',
    path: '/trials/{id}/ratings',
    tags: ['Evidence'],
    summary:
      'Rating history: every computed rating, newest first, with its decisions; `current` is the newest',
    security: bearerSecurity,
    middleware: [authenticate],
    request: { params: idParam },
    responses: {
      200: {
        description: 'Ratings',
        content: {
          'application/json': {
            schema: ratingListSchema,
          },
        },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
  decide: createRoute({
    method: 'post',
    path: '/trials/{id}/ratings/{ratingId}/decisions',
    tags: ['Evidence'],
    summary:
      'Confirm or override one scheme of the newest rating (Centre staff); append-only, the computed level is kept',
    security: bearerSecurity,
    middleware: [authenticate, allow('centre')],
    request: { params: ratingParam, body: jsonBody(decisionBody) },
    responses: {
      201: {
        description: 'The rating with the decision recorded',
        content: { 'application/json': { schema: ratingSchema } },
      },
      ...problemResponses(400, 401, 403, 404, 409, 415, 422),
    },
  }),
}

const id = (c: { req: { valid(t: 'param'): { id: string } } }) => c.req.valid('param').id

export const evidenceRoutes = createRouter()
  .openapi(routes.rate, async (c) =>
    c.json(await computeRating(requestContext(c), id(c), c.req.valid('json')), 201)
  )
  .openapi(routes.list, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, id(c), 'read')
    const all = await trialRatings(c.var.db, trial)
    return c.json({ current: all[0] ?? null, ratings: all }, 200)
  })
  .openapi(routes.decide, async (c) => {
    const { id, ratingId } = c.req.valid('param')
    return c.json(await decideRating(requestContext(c), id, ratingId, c.req.valid('json')), 201)
  })
