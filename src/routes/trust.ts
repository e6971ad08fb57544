import { createRoute, z } from '@hono/zod-openapi'
import { publicDatasetSchema } from '../../trials/plan'
import { publicLedgerSchema, publicRecordSchema } from '../../trials/registration-record'
import { allow, authenticate } from '../auth/middleware'
import { loadTrial } from '../auth/scope'
import { bearerSecurity, createRouter, problemResponses } from '../openapi'
import { trialAuditPage, verifyAuditLog } from '../services/audit'
import { publicDataset } from '../services/public-dataset'
import { publicLedger, publicRecord } from '../services/public-record'

const idParam = z.object({ id: z.uuid().openapi({ param: { name: 'id', in: 'path' } }) })
/** A JSON answer described by `schema`, so that each handler's body is checked against it. */
const json = <S extends z.ZodType>(schema: S) => ({ 'application/json': { schema } })

const auditEntrySchema = z
  .object({
    chain: z
      .string()
      .describe("The entry's chain: `trial:<id>` for a trial's events, `global` for the rest"),
    sequence: z.int().describe('Position in its chain, from 1'),
    at: z.string(),
    actor_id: z.string().nullable(),
    actor_role: z.string().nullable(),
    council_id: z.string().nullable(),
    action: z.string(),
    entity_type: z.string(),
    entity_id: z.string(),
    request_id: z.string().nullable(),
    detail: z.unknown(),
    payload_hash: z.string().nullable().describe('SHA-256 of the canonical JSON of `detail`'),
    previous_hash: z.string().nullable(),
    hash: z.string().nullable(),
  })
  .openapi('AuditEntry')

const routes = {
  record: createRoute({
    method: 'get',
    path: '/registry/{id}/record.json',
    tags: ['Registry'],
    summary:
      'The public registration record: protocol, hashes, algorithm, engine identity, seed commitment, the seed once revealed, ledger head (no token)',
    security: [],
    request: { params: idParam },
    responses: {
      200: { description: 'Registration record', content: json(publicRecordSchema) },
      ...problemResponses(404),
    },
  }),
  allocations: createRoute({
    method: 'get',
    path: '/registry/{id}/allocations.json',
    tags: ['Registry'],
    summary:
      'After close: the public allocation ledger (pseudonymous households, the unit fields the method reads, arms, chain hashes); `npm run verify` re-derives it (no token)',
    security: [],
    request: { params: idParam },
    responses: {
      200: { description: 'Allocation ledger', content: json(publicLedgerSchema) },
      ...problemResponses(404, 409),
    },
  }),
  dataset: createRoute({
    method: 'get',
    path: '/registry/{id}/dataset.json',
    tags: ['Registry'],
    summary:
      'Once the final results exist: the publishable dataset (pseudonymous households in ledger order, arm, stratum, block and the variables the registered plan reads) with the final planned run; `npm run reproduce` re-derives every number from it, the record and the ledger (no token)',
    security: [],
    request: { params: idParam },
    responses: {
      200: {
        description: 'Publishable dataset and the run it reproduces',
        content: json(publicDatasetSchema),
      },
      ...problemResponses(404, 409),
    },
  }),
  auditVerify: createRoute({
    method: 'get',
    path: '/audit/verify',
    tags: ['Audit'],
    summary:
      "Recompute every audit hash chain (the global chain and each trial's) against its head",
    security: bearerSecurity,
    middleware: [authenticate, allow('centre', 'admin')],
    responses: {
      200: {
        description: 'Chain check',
        content: {
          'application/json': {
            schema: z.object({
              ok: z.boolean(),
              chains_checked: z.int(),
              entries_checked: z.int(),
              first_broken: z
                .object({
                  chain: z.string(),
                  sequence: z.int().nullable(),
                  id: z.int().optional(),
                  reason: z.string(),
                })
                .nullable(),
            }),
          },
        },
      },
      ...problemResponses(401, 403),
    },
  }),
  trialAudit: createRoute({
    method: 'get',
    path: '/trials/{id}/audit',
    tags: ['Audit'],
    summary: "A trial's audit entries in chain order, a page at a time",
    security: bearerSecurity,
    middleware: [authenticate],
    request: {
      params: idParam,
      query: z.object({
        after: z.coerce.number().int().min(0).default(0).describe('Entries after this sequence'),
        limit: z.coerce.number().int().min(1).max(1000).default(200),
      }),
    },
    responses: {
      200: {
        description: 'Audit entries',
        content: {
          'application/json': {
            schema: z.object({
              entries: z.array(auditEntrySchema),
              next_after: z.int().nullable(),
            }),
          },
        },
      },
      ...problemResponses(401, 404, 422),
    },
  }),
}

export const trustRoutes = createRouter()
  .openapi(routes.record, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(await publicRecord(c.var.db, id), 200)
  })
  .openapi(routes.allocations, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(await publicLedger(c.var.db, id), 200)
  })
  .openapi(routes.dataset, async (c) => {
    const { id } = c.req.valid('param')
    return c.json(await publicDataset(c.var.db, id), 200)
  })
  .openapi(routes.auditVerify, async (c) => c.json(await verifyAuditLog(c.var.db), 200))
  .openapi(routes.trialAudit, async (c) => {
    const { id } = c.req.valid('param')
    const trial = await loadTrial(c.var.db, c.var.principal, id, 'read')
    return c.json(await trialAuditPage(c.var.db, trial.id, c.req.valid('query')), 200)
  })
