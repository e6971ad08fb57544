import { createRoute, z } from '@hono/zod-openapi'
import { and, desc, eq } from 'drizzle-orm'
import { parseCsv } from '../../analysis/data'
import { applyRatingOverrides, overridableSchemeSchema, rateTrial } from '../../analysis/ratings'
import {
  countClusters,
  declaredFactsSchema,
  deriveFacts,
  primaryComparison,
  type AmendmentRecord,
} from '../../trials/evidence'
import type { PlanReport } from '../../trials/plan'
import { assertTransition } from '../../trials/protocol/lifecycle'
import { nameSchema } from '../../trials/protocol/names'
import type { Protocol } from '../../trials/protocol/schema'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { analysisRuns, evidenceRatings, interventions, ratingDecisions, trials } from '../db/schema'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { conflict, forbidden, notFound, unprocessable } from '../problem'
import { audit } from '../services/audit'
import { loadAnalysisDataset } from '../services/dataset'
import {
  computedLevel,
  latestRating,
  loadRatings,
  ratingOut,
  type StoredRatingReport,
} from '../services/ratings'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const ratingParam = idParam.extend({
  ratingId: z.uuid().openapi({ param: { name: 'ratingId', in: 'path' } }),
})
const RATEABLE = new Set(['analysed', 'rated'])
const level = z.union([z.number(), z.string(), z.null()])

const reasonOut = z.object({ criterion: z.string(), detail: z.string(), limiting: z.boolean() })
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
        limiting: z.array(reasonOut),
        reasons: z.array(reasonOut),
        decisions: z.array(decisionSchema),
      })
    ),
    facts: z
      .record(
        z.string(),
        z.object({
          value: z.unknown(),
          source: z.enum(['measured', 'registered', 'derived', 'declared', 'default']),
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

const decisionBody = z
  .strictObject({
    scheme: overridableSchemeSchema,
    action: z.enum(['confirm', 'override']),
    level: level
      .optional()
      .describe(
        "override: the final level, on the scheme's own scale; confirm: omit, or the computed level"
      ),
    reason: z
      .string()
      .max(2000)
      .optional()
      .describe('Why; required (10+ characters) for an override'),
  })
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
            schema: z.object({ current: ratingSchema.nullable(), ratings: z.array(ratingSchema) }),
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

export const evidenceRoutes = createRouter()
  .openapi(routes.rate, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const p = c.var.principal
    const now = c.var.deps.clock()
    if (body.options !== undefined && p.role !== 'centre')
      throw forbidden('only Centre staff may change rating options')
    const row = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, p.role === 'centre' ? 'rate' : 'analyse', {
        forUpdate: true,
      })
      const [run] = await tx
        .select()
        .from(analysisRuns)
        .where(and(eq(analysisRuns.trialId, id), eq(analysisRuns.kind, 'planned')))
        .orderBy(desc(analysisRuns.createdAt))
        .limit(1)
      if (!RATEABLE.has(trial.status) || !run) {
        throw conflict(
          'not-analysed',
          `a rating needs the registered analysis to have run (POST /trials/${id}/analyses); the trial is ${trial.status}${run ? '' : ' with no planned analysis run'}`,
          { trial_status: trial.status }
        )
      }
      const protocol = trial.protocol as Protocol
      const report = run.report as PlanReport & { deviations?: AmendmentRecord[] }
      const [intervention] = await tx
        .select()
        .from(interventions)
        .where(eq(interventions.id, trial.interventionId))
      let clusters = null
      if (protocol.unit_of_randomisation === 'cluster') {
        const dataset = await loadAnalysisDataset(tx, trial)
        if (dataset.sha256 !== run.datasetHash)
          throw conflict(
            'analysis-stale',
            'the data changed after the latest planned analysis run; rerun the analysis before rating so that cluster counts and results describe the same data',
            { run_id: run.id }
          )
        const primary = primaryComparison(protocol, report, body.arm)
        clusters = countClusters(protocol, parseCsv(dataset.csv), primary.arm, primary.control)
      }
      const derived = deriveFacts(protocol, report, report.deviations ?? [], body.declared, {
        arm: body.arm,
        trialId: id,
        intervention: intervention?.details as
          { theory_of_change?: string; delivery_cost_pence?: number } | undefined,
        clusters,
      })
      const rating = rateTrial(derived.facts, body.options ?? {})
      const stored: StoredRatingReport = {
        rating,
        comparison: derived.comparison,
        derivation_warnings: derived.warnings,
        declared: body.declared,
      }
      const [row] = await tx
        .insert(evidenceRatings)
        .values({
          trialId: id,
          analysisRunId: run.id,
          facts: derived.facts,
          provenance: derived.provenance,
          options: body.options ?? null,
          report: stored,
          createdBy: p.userId,
          createdAt: now,
        })
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: trial.councilId,
        action: 'rating.compute',
        entityType: 'trial',
        entityId: id,
        requestId: c.var.requestId,
        detail: {
          rating_id: row!.id,
          run_id: run.id,
          levels: Object.fromEntries(Object.entries(rating.ratings).map(([k, v]) => [k, v.level])),
          declared: Object.keys(body.declared),
        },
      })
      return row!
    })
    return c.json(ratingOut(row, []) as never, 201)
  })
  .openapi(routes.list, async (c) => {
    const trial = await loadTrial(c.var.db, c.var.principal, c.req.valid('param').id, 'read')
    const all = (await loadRatings(c.var.db, [trial.id])).map((r) =>
      ratingOut(r.rating, r.decisions)
    )
    return c.json({ current: all[0] ?? null, ratings: all } as never, 200)
  })
  .openapi(routes.decide, async (c) => {
    const { id, ratingId } = c.req.valid('param')
    const body = c.req.valid('json')
    const p = c.var.principal
    const now = c.var.deps.clock()
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, p, id, 'rate', { forUpdate: true })
      const [rating] = await tx
        .select()
        .from(evidenceRatings)
        .where(and(eq(evidenceRatings.id, ratingId), eq(evidenceRatings.trialId, id)))
      if (!rating) throw notFound(`rating ${ratingId}`)
      const newest = await latestRating(tx, id)
      if (newest!.id !== rating.id)
        throw conflict(
          'rating-superseded',
          `a newer rating (${newest!.id}) was computed; decide on that one`,
          {
            latest_rating_id: newest!.id,
          }
        )
      const report = (rating.report as StoredRatingReport).rating
      const computed = computedLevel(report, body.scheme)
      let final = computed
      if (body.action === 'override') {
        const errors = []
        if ((body.reason ?? '').trim().length < 10)
          errors.push({
            pointer: '/reason',
            detail: 'an override needs a reason of at least 10 characters',
            code: 'too_small',
          })
        if (body.level === undefined)
          errors.push({
            pointer: '/level',
            detail: `an override needs the final level for ${body.scheme}`,
            code: 'invalid_type',
          })
        else if (body.level === computed)
          errors.push({
            pointer: '/level',
            detail: `${JSON.stringify(body.level)} is the computed level; confirm it instead`,
            code: 'invalid_value',
          })
        else {
          try {
            applyRatingOverrides(report, [
              {
                scheme: body.scheme,
                computed_level: computed,
                override_level: body.level,
                reason: 'validation',
                user: p.userId,
                timestamp: now.toISOString(),
              },
            ])
          } catch {
            errors.push({
              pointer: '/level',
              detail: `${JSON.stringify(body.level)} is not a level of ${body.scheme}`,
              code: 'invalid_value',
            })
          }
        }
        if (errors.length)
          throw unprocessable("the override is incomplete or off the scheme's scale", errors)
        final = body.level!
      } else if (body.level !== undefined && body.level !== computed) {
        throw unprocessable('a confirmation keeps the computed level', [
          {
            pointer: '/level',
            detail: `the computed level is ${JSON.stringify(computed)}; use action override to change it`,
            code: 'invalid_value',
          },
        ])
      }
      const [decision] = await tx
        .insert(ratingDecisions)
        .values({
          ratingId,
          trialId: id,
          scheme: body.scheme,
          action: body.action,
          computedLevel: computed,
          finalLevel: final,
          reason: body.reason?.trim() || null,
          decidedBy: p.userId,
          decidedAt: now,
        })
        .returning()
      await audit(tx, {
        at: now,
        actorId: p.userId,
        councilId: trial.councilId,
        action: `rating.${body.action}`,
        entityType: 'trial',
        entityId: id,
        requestId: c.var.requestId,
        detail: {
          rating_id: ratingId,
          decision_id: decision!.id,
          scheme: body.scheme,
          computed_level: computed,
          final_level: final,
          reason: body.reason ?? null,
        },
      })
      if (trial.status === 'analysed') {
        assertTransition(trial.status, 'rated')
        await tx.update(trials).set({ status: 'rated', updatedAt: now }).where(eq(trials.id, id))
        await audit(tx, {
          at: now,
          actorId: p.userId,
          councilId: trial.councilId,
          action: 'trial.rated',
          entityType: 'trial',
          entityId: id,
          requestId: c.var.requestId,
          detail: { from: 'analysed', rating_id: ratingId },
        })
      }
      const decisions = await tx
        .select()
        .from(ratingDecisions)
        .where(eq(ratingDecisions.ratingId, ratingId))
      decisions.sort(
        (a, b) =>
          a.decidedAt.getTime() - b.decidedAt.getTime() ||
          (a.id === decision!.id ? 1 : b.id === decision!.id ? -1 : 0)
      )
      return ratingOut(rating, decisions)
    })
    return c.json(result as never, 201)
  })
