import { createRoute, z } from '@hono/zod-openapi'
import {
  checklistDocument,
  checklistDocumentSchema,
  publishedReportSchema,
  REPORT_DETAIL_KEYS,
  reportDetailsDocumentSchema,
  reportDocumentSchema,
  summaryDocumentSchema,
  waitlistDocumentSchema,
  whoTrdsSchema,
} from '../../trials/report'
import { allow, authenticate } from '../auth/middleware'
import { loadReportedTrial, loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, jsonBody, problemResponses } from '../openapi'
import { resultsOpened } from '../services/analyses'
import { actorContext } from '../services/audit'
import { checklistOf, loadReportContext, reportOf } from '../services/report'
import { whoTrdsOf } from '../services/report-exports'
import { publishReport, saveReportDetails } from '../services/report-publication'
import { waitlistOf } from '../services/report-records'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
const authed = [authenticate]
const writers = [authenticate, allow('officer', 'evaluator')]
/** A 200 JSON answer described by `schema`, so that each handler's body is checked against it. */
const json = <S extends z.ZodType>(description: string, schema: S) => ({
  200: { description, content: { 'application/json': { schema } } },
})

const detailText = z.string().trim().min(3).max(5000).nullable()
const detailsBody = z
  .strictObject(
    Object.fromEntries(REPORT_DETAIL_KEYS.map((k) => [k, detailText.optional()])) as Record<
      (typeof REPORT_DETAIL_KEYS)[number],
      z.ZodOptional<typeof detailText>
    >
  )
  .openapi('ReportDetailsInput', {
    description:
      'Parts of the report only its authors can write, each answering a CONSORT 2025 item; null clears one',
    example: {
      funding:
        'Funded by the Centre for Homelessness Impact; the funder had no role in the analysis.',
      conflicts_of_interest: 'None declared.',
      interpretation: 'An offer of family mediation reduced homelessness at six months.',
    },
  })
const publishBody = z
  .strictObject({
    acknowledge_missing: z
      .boolean()
      .optional()
      .describe('Publish although checklist items are missing; they are listed with the report'),
  })
  .openapi('PublishReportInput')

const routes = {
  checklist: createRoute({
    method: 'get',
    path: '/trials/{id}/checklist',
    tags: ['Reporting'],
    summary:
      'CONSORT 2025 checklist pre-filled from the registration, amendments, allocations, data and analysis run; each item says where it is answered or that it is missing',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { ...json('Checklist', checklistDocumentSchema), ...problemResponses(401, 404) },
  }),
  report: createRoute({
    method: 'get',
    path: '/trials/{id}/report',
    tags: ['Reporting'],
    summary:
      'Trial report: flow, baseline table by arm, results with 95% CIs in the registered labels, harms, deviations, adherence, rating, practitioner summary and checklist',
    description:
      'Written from the latest final planned analysis run, or from the latest interim run, labelled interim. The public HTML of a published report is at /registry/{id}/report.',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { ...json('Report', reportDocumentSchema), ...problemResponses(401, 404) },
  }),
  summary: createRoute({
    method: 'get',
    path: '/trials/{id}/summary',
    tags: ['Reporting'],
    summary:
      'Practitioner summary: the effect in natural units with its interval, NNT, cost per household in pence, the rating, in plain English',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { ...json('Summary', summaryDocumentSchema), ...problemResponses(401, 404) },
  }),
  details: createRoute({
    method: 'put',
    path: '/trials/{id}/report/details',
    tags: ['Reporting'],
    summary:
      'Write the report parts no record answers (funding, conflicts, interpretation, limitations, ...)',
    security: bearerSecurity,
    middleware: writers,
    request: { params: idParam, body: jsonBody(detailsBody) },
    responses: {
      ...json('Details as saved', reportDetailsDocumentSchema),
      ...problemResponses(401, 403, 404, 415, 422),
    },
  }),
  publish: createRoute({
    method: 'post',
    path: '/trials/{id}/report/publish',
    tags: ['Reporting'],
    summary:
      'Publish the trial report on the public registry; refused while checklist items are missing unless acknowledged',
    description:
      'Needs a final (not interim) planned analysis run. A refusal (422 checklist-incomplete) lists every missing item.',
    security: bearerSecurity,
    middleware: writers,
    request: { params: idParam, body: jsonBody(publishBody) },
    responses: {
      ...json('Published', publishedReportSchema),
      ...problemResponses(401, 403, 404, 409, 415, 422),
    },
  }),
  whoTrds: createRoute({
    method: 'get',
    path: '/trials/{id}/registry-export/who-trds',
    tags: ['Reporting'],
    summary:
      'The registration as the 24 items of the WHO Trial Registration Data Set (1.3.1), for lodging with an external registry',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: { ...json('WHO TRDS', whoTrdsSchema), ...problemResponses(401, 404) },
  }),
  waitlist: createRoute({
    method: 'get',
    path: '/trials/{id}/progress/waitlist',
    tags: ['Reporting'],
    summary:
      'Waitlist trials: when each control household becomes eligible for the delayed offer, and whether it was made',
    security: bearerSecurity,
    middleware: authed,
    request: { params: idParam },
    responses: {
      ...json('Waitlist progress (null without a waitlist design)', waitlistDocumentSchema),
      ...problemResponses(401, 404),
    },
  }),
}

const actorOf = (c: { var: { principal: { userId: string }; requestId: string } }) => ({
  userId: c.var.principal.userId,
  requestId: c.var.requestId,
})

export const reportDocumentRoutes = createRouter()
  .openapi(routes.checklist, async (c) => {
    const trial = await loadReportedTrial(
      c.var.db,
      c.var.principal,
      c.req.valid('param').id,
      'read'
    )
    const items = checklistOf(await loadReportContext(c.var.db, trial, c.var.deps.clock()))
    return c.json(checklistDocument(trial.id, items), 200)
  })
  .openapi(routes.report, async (c) => {
    const trial = await loadReportedTrial(
      c.var.db,
      c.var.principal,
      c.req.valid('param').id,
      'read'
    )
    const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
    await resultsOpened(c.var.db, actorContext(c), trial, 'trial report', ctx.run ? 1 : 0)
    return c.json(await reportOf(c.var.db, ctx), 200)
  })
  .openapi(routes.summary, async (c) => {
    const trial = await loadReportedTrial(
      c.var.db,
      c.var.principal,
      c.req.valid('param').id,
      'read'
    )
    const ctx = await loadReportContext(c.var.db, trial, c.var.deps.clock())
    await resultsOpened(c.var.db, actorContext(c), trial, 'practitioner summary', ctx.run ? 1 : 0)
    const report = await reportOf(c.var.db, ctx)
    return c.json(
      { trial_id: trial.id, title: trial.title, interim: ctx.interim, ...report.summary },
      200
    )
  })
  .openapi(routes.details, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const details = await c.var.db.transaction(async (tx) => {
      const trial = await loadTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return saveReportDetails(tx, trial, actorOf(c), c.var.deps.clock(), body)
    })
    return c.json({ trial_id: id, details }, 200)
  })
  .openapi(routes.publish, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const result = await c.var.db.transaction(async (tx) => {
      const trial = await loadReportedTrial(tx, c.var.principal, id, 'record', { forUpdate: true })
      return publishReport(
        tx,
        trial,
        actorOf(c),
        c.var.deps.clock(),
        body.acknowledge_missing === true
      )
    })
    return c.json(result, 200)
  })
  .openapi(routes.whoTrds, async (c) => {
    const trial = await loadReportedTrial(
      c.var.db,
      c.var.principal,
      c.req.valid('param').id,
      'read'
    )
    return c.json(await whoTrdsOf(c.var.db, trial, c.var.deps.clock()), 200)
  })
  .openapi(routes.waitlist, async (c) => {
    const trial = await loadReportedTrial(
      c.var.db,
      c.var.principal,
      c.req.valid('param').id,
      'read'
    )
    return c.json(
      { trial_id: trial.id, waitlist: await waitlistOf(c.var.db, trial, c.var.deps.clock()) },
      200
    )
  })
