import { createRoute, z } from '@hono/zod-openapi'
import { eq, or } from 'drizzle-orm'
import { councilSchema } from '../../trials/protocol'
import { allow, authenticate } from '../auth/middleware'
import { councils, roles, users } from '../db/schema'
import { bearerSecurity, createRouter, problemResponses, jsonBody } from '../openapi'
import { conflict, notFound, unprocessable } from '../problem'
import {
  createCouncil,
  createToken,
  createUser,
  grantEvaluator,
  revokeToken,
} from '../services/accounts'

const uuid = z.uuid()
const councilOutSchema = z
  .object({
    id: uuid,
    slug: z.string(),
    code: z.string(),
    name: z.string(),
    created_at: z.string(),
  })
  .openapi('Council')
const userSchema = z
  .object({
    id: uuid,
    name: z.string(),
    role: z.enum(roles),
    council_id: uuid.nullable(),
    created_at: z.string(),
  })
  .openapi('User')

const councilOut = (c: typeof councils.$inferSelect) => ({
  id: c.id,
  slug: c.slug,
  code: c.code,
  name: c.name,
  created_at: c.createdAt.toISOString(),
})
const userOut = (u: typeof users.$inferSelect) => ({
  id: u.id,
  name: u.name,
  role: u.role,
  council_id: u.councilId,
  created_at: u.createdAt.toISOString(),
})

const adminOnly = [authenticate, allow('admin')]
const authed = [authenticate]

const listCouncils = createRoute({
  method: 'get',
  path: '/councils',
  tags: ['Accounts'],
  summary: 'List councils in the network',
  security: bearerSecurity,
  middleware: authed,
  responses: {
    200: {
      description: 'Councils',
      content: {
        'application/json': { schema: z.object({ councils: z.array(councilOutSchema) }) },
      },
    },
    ...problemResponses(401),
  },
})

const postCouncil = createRoute({
  method: 'post',
  path: '/admin/councils',
  tags: ['Accounts'],
  summary: 'Create a council (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z.strictObject({
        slug: z
          .string()
          .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'lowercase words joined by hyphens')
          .max(64),
        code: councilSchema.shape.code,
        name: councilSchema.shape.name,
      })
    ),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: councilOutSchema } } },
    ...problemResponses(400, 401, 403, 409, 415, 422),
  },
})

const postUser = createRoute({
  method: 'post',
  path: '/admin/users',
  tags: ['Accounts'],
  summary: 'Create a staff account (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z
        .strictObject({
          name: z.string().min(1).max(200),
          role: z.enum(roles),
          council_id: uuid.optional(),
        })
        .refine((u) => u.role !== 'officer' || u.council_id, {
          message: 'officers belong to a council',
          path: ['council_id'],
        })
        .refine((u) => u.role === 'officer' || !u.council_id, {
          message: 'only officers belong to a council; grant evaluators access instead',
          path: ['council_id'],
        })
    ),
  },
  responses: {
    201: { description: 'Created', content: { 'application/json': { schema: userSchema } } },
    ...problemResponses(400, 401, 403, 415, 422),
  },
})

const postToken = createRoute({
  method: 'post',
  path: '/admin/users/{id}/tokens',
  tags: ['Accounts'],
  summary: 'Issue an API token for a user (admin). The token is shown once.',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    params: z.object({ id: uuid }),
    body: jsonBody(
      z.strictObject({ label: z.string().min(1).max(100), expires_at: z.iso.datetime().optional() })
    ),
  },
  responses: {
    201: {
      description: 'Issued',
      content: {
        'application/json': {
          schema: z.object({
            id: z.string(),
            token: z.string(),
            user_id: uuid,
            label: z.string(),
            expires_at: z.string().nullable(),
          }),
        },
      },
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
})

const deleteToken = createRoute({
  method: 'delete',
  path: '/admin/tokens/{id}',
  tags: ['Accounts'],
  summary: 'Revoke an API token (admin)',
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    params: z.object({
      id: z
        .string()
        .regex(/^[A-Za-z0-9_-]{12}$/, 'a token id: the 12 characters after tw_')
        .openapi({ param: { name: 'id', in: 'path' } }),
    }),
  },
  responses: { 204: { description: 'Revoked' }, ...problemResponses(401, 403, 404, 422) },
})

const postGrant = createRoute({
  method: 'post',
  path: '/admin/evaluator-grants',
  tags: ['Accounts'],
  summary: "Grant an evaluator access to one trial or to a council's trials (admin)",
  security: bearerSecurity,
  middleware: adminOnly,
  request: {
    body: jsonBody(
      z
        .strictObject({ user_id: uuid, council_id: uuid.optional(), trial_id: uuid.optional() })
        .refine((g) => !!g.council_id !== !!g.trial_id, {
          message: 'give exactly one of council_id and trial_id',
          path: ['council_id'],
        })
    ),
  },
  responses: {
    201: {
      description: 'Granted',
      content: { 'application/json': { schema: z.object({ id: uuid }) } },
    },
    ...problemResponses(400, 401, 403, 404, 415, 422),
  },
})

const getMe = createRoute({
  method: 'get',
  path: '/me',
  tags: ['Accounts'],
  summary: 'Who the token belongs to',
  security: bearerSecurity,
  middleware: authed,
  responses: {
    200: {
      description: 'The caller',
      content: {
        'application/json': {
          schema: z.object({
            user_id: uuid,
            name: z.string(),
            role: z.enum(roles),
            council_id: uuid.nullable(),
            granted_council_ids: z.array(uuid),
            granted_trial_ids: z.array(uuid),
          }),
        },
      },
    },
    ...problemResponses(401),
  },
})

export const adminRoutes = createRouter()
  .openapi(listCouncils, async (c) => {
    const rows = await c.var.db.select().from(councils).orderBy(councils.name)
    return c.json({ councils: rows.map(councilOut) }, 200)
  })
  .openapi(postCouncil, async (c) => {
    const body = c.req.valid('json')
    const existing = await c.var.db
      .select()
      .from(councils)
      .where(or(eq(councils.slug, body.slug), eq(councils.code, body.code)))
    const taken = existing.flatMap((e) => [
      ...(e.slug === body.slug
        ? [{ pointer: '/slug', detail: `slug ${body.slug} is taken`, code: 'duplicate' }]
        : []),
      ...(e.code === body.code
        ? [
            {
              pointer: '/code',
              detail: `code ${body.code} is registered to ${e.name}`,
              code: 'duplicate',
            },
          ]
        : []),
    ])
    if (taken.length)
      throw conflict('conflict', 'a council with this slug or code exists', { errors: taken })
    const council = await createCouncil(
      c.var.db,
      c.var.deps.clock(),
      { id: c.var.principal.userId, requestId: c.var.requestId },
      body
    )
    return c.json(councilOut(council), 201)
  })
  .openapi(postUser, async (c) => {
    const body = c.req.valid('json')
    if (body.council_id) {
      const found = await c.var.db
        .select({ id: councils.id })
        .from(councils)
        .where(eq(councils.id, body.council_id))
      if (!found.length)
        throw unprocessable('unknown council', [
          { pointer: '/council_id', detail: 'no council has this id', code: 'unknown' },
        ])
    }
    const user = await createUser(
      c.var.db,
      c.var.deps.clock(),
      { id: c.var.principal.userId, requestId: c.var.requestId },
      { name: body.name, role: body.role, councilId: body.council_id ?? null }
    )
    return c.json(userOut(user), 201)
  })
  .openapi(postToken, async (c) => {
    const { id } = c.req.valid('param')
    const body = c.req.valid('json')
    const found = await c.var.db.select({ id: users.id }).from(users).where(eq(users.id, id))
    if (!found.length) throw notFound(`user ${id}`)
    const now = c.var.deps.clock()
    const expiresAt = body.expires_at ? new Date(body.expires_at) : null
    if (expiresAt && expiresAt <= now)
      throw unprocessable('expiry is in the past', [
        { pointer: '/expires_at', detail: 'must be in the future', code: 'too_small' },
      ])
    const issued = await createToken(
      c.var.db,
      now,
      { id: c.var.principal.userId, requestId: c.var.requestId },
      { userId: id, label: body.label, expiresAt }
    )
    return c.json(
      {
        id: issued.id,
        token: issued.token,
        user_id: id,
        label: issued.label,
        expires_at: issued.expiresAt?.toISOString() ?? null,
      },
      201
    )
  })
  .openapi(deleteToken, async (c) => {
    const { id } = c.req.valid('param')
    const revoked = await revokeToken(
      c.var.db,
      c.var.deps.clock(),
      { id: c.var.principal.userId, requestId: c.var.requestId },
      id
    )
    if (!revoked) throw notFound(`token ${id}`)
    return c.body(null, 204)
  })
  .openapi(postGrant, async (c) => {
    const body = c.req.valid('json')
    const [user] = await c.var.db.select().from(users).where(eq(users.id, body.user_id))
    if (!user)
      throw unprocessable('unknown user', [
        { pointer: '/user_id', detail: 'no user has this id', code: 'unknown' },
      ])
    if (user.role !== 'evaluator')
      throw unprocessable('only evaluators receive grants', [
        { pointer: '/user_id', detail: `the user is a ${user.role}`, code: 'wrong_role' },
      ])
    const grant = await grantEvaluator(
      c.var.db,
      c.var.deps.clock(),
      { id: c.var.principal.userId, requestId: c.var.requestId },
      { userId: body.user_id, councilId: body.council_id ?? null, trialId: body.trial_id ?? null }
    ).catch((err: unknown) => {
      if ((err as { cause?: { code?: string } }).cause?.code === '23503')
        throw unprocessable('unknown grant target', [
          {
            pointer: body.council_id ? '/council_id' : '/trial_id',
            detail: 'no such council or trial',
            code: 'unknown',
          },
        ])
      throw err
    })
    return c.json({ id: grant.id }, 201)
  })
  .openapi(getMe, (c) => {
    const p = c.var.principal
    return c.json(
      {
        user_id: p.userId,
        name: p.name,
        role: p.role,
        council_id: p.councilId,
        granted_council_ids: p.grantedCouncilIds,
        granted_trial_ids: p.grantedTrialIds,
      },
      200
    )
  })
