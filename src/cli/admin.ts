import { parseArgs } from 'node:util'
import { eq } from 'drizzle-orm'
import { councils, roles, type Role } from '../db/schema'
import {
  createCouncil,
  createToken,
  createUser,
  grantEvaluator,
  revokeToken,
} from '../services/accounts'
import { CliExit, type CliIo } from './io'
import { openLocalDatabase } from './open-local'

const USAGE = `usage: npm run admin -- <command> [options]
  create-council  --slug <slug> --code <ONS GSS code> --name <name>
  create-user     --name <name> --role officer|evaluator|centre|admin [--council <slug>]
  create-token    --user <user-id> [--label <label>] [--expires <ISO date>]
  revoke-token    --token-id <id>
  grant-evaluator --user <user-id> (--council <slug> | --trial <trial-id>)
With PGlite (no DATABASE_URL), stop the server first: one embedded database cannot be opened twice.`

/**
 * `admin <command> [options]`: creates councils, users and tokens, revokes tokens and grants evaluators,
 * printing each record as JSON; exit 2 with the usage on a bad command.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    await administer(argv, io)
    return 0
  } catch (error) {
    if (error instanceof CliExit) return error.exitCode
    throw error
  }
}

async function administer(argv: readonly string[], io: CliIo): Promise<void> {
  const [command, ...rest] = argv
  const { values } = parseArgs({
    args: rest,
    options: {
      slug: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      council: { type: 'string' },
      user: { type: 'string' },
      label: { type: 'string' },
      expires: { type: 'string' },
      'token-id': { type: 'string' },
      trial: { type: 'string' },
    },
  })

  function need(name: keyof typeof values): string {
    const v = values[name]
    if (!v) fail(`--${name} is required for ${command}`)
    return v as string
  }

  function fail(message: string): never {
    io.stderr(`${message}\n\n${USAGE}\n`)
    throw new CliExit(2)
  }

  const print = (line: string) => io.stdout(`${line}\n`)

  if (!command || command === 'help' || command === '--help') fail('')
  const open = await openLocalDatabase()
  const now = new Date()
  const actor = { id: null }
  const councilBySlug = async (slug: string) => {
    const [c] = await open.db.select().from(councils).where(eq(councils.slug, slug))
    if (!c) fail(`no council with slug ${slug}`)
    return c
  }
  try {
    switch (command) {
      case 'create-council':
        print(
          JSON.stringify(
            await createCouncil(open.db, now, actor, {
              slug: need('slug'),
              code: need('code'),
              name: need('name'),
            })
          )
        )
        break
      case 'create-user': {
        const role = need('role') as Role
        if (!roles.includes(role)) fail(`--role must be one of ${roles.join(', ')}`)
        const councilId = values.council ? (await councilBySlug(values.council)).id : null
        if ((role === 'officer') !== (councilId !== null))
          fail('officers, and only officers, need --council')
        print(
          JSON.stringify(
            await createUser(open.db, now, actor, { name: need('name'), role, councilId })
          )
        )
        break
      }
      case 'create-token': {
        const expiresAt = values.expires ? new Date(values.expires) : null
        if (expiresAt && Number.isNaN(expiresAt.getTime()))
          fail('--expires must be an ISO 8601 date')
        const issued = await createToken(open.db, now, actor, {
          userId: need('user'),
          label: values.label ?? 'cli',
          expiresAt,
        })
        print(JSON.stringify({ id: issued.id, token: issued.token }))
        break
      }
      case 'revoke-token':
        if (!(await revokeToken(open.db, now, actor, need('token-id')))) fail('no such token')
        print('revoked')
        break
      case 'grant-evaluator': {
        const councilId = values.council ? (await councilBySlug(values.council)).id : null
        print(
          JSON.stringify(
            await grantEvaluator(open.db, now, actor, {
              userId: need('user'),
              councilId,
              trialId: values.trial ?? null,
            })
          )
        )
        break
      }
      default:
        fail(`unknown command ${command}`)
    }
  } finally {
    await open.close()
  }
}
