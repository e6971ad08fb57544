import { spawn, execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { createTestDatabase } from '../support/database'

const root = resolve(import.meta.dirname, '../..')
const env = { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' }
const cleanups: Array<() => Promise<void>> = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

describe('Workers entry', () => {
  it('bundles for workerd', async () => {
    const outdir = mkdtempSync(join(tmpdir(), 'tw-worker-'))
    const { stdout } = await promisify(execFile)(
      'npx',
      ['wrangler', 'deploy', '--dry-run', '--outdir', outdir],
      {
        cwd: root,
        env,
      }
    )
    expect(stdout).toContain('env.HYPERDRIVE')
  }, 120_000)

  // workerd talks to the database through the Hyperdrive binding, which needs a real PostgreSQL.
  it.skipIf(!process.env.DATABASE_URL)(
    'serves the API from workerd over Hyperdrive',
    async () => {
      const database = await createTestDatabase()
      cleanups.push(() => database.close())
      const port = 20000 + Math.floor(Math.random() * 20000)
      const child = spawn(
        'npx',
        [
          'wrangler',
          'dev',
          '--port',
          String(port),
          '--ip',
          '127.0.0.1',
          '--var',
          'PSEUDONYM_KEY:worker-test-key-0123456789abcdef0123456789',
        ],
        {
          cwd: root,
          env: { ...env, CLOUDFLARE_HYPERDRIVE_LOCAL_CONNECTION_STRING_HYPERDRIVE: database.url },
          detached: true,
          stdio: 'ignore',
        }
      )
      cleanups.push(async () => {
        try {
          process.kill(-child.pid!, 'SIGTERM')
        } catch {}
      })
      const base = `http://127.0.0.1:${port}`
      let ready: Response | undefined
      for (let i = 0; i < 120 && !ready; i++) {
        ready = await fetch(`${base}/readyz`).catch(() => undefined)
        if (!ready) await new Promise((r) => setTimeout(r, 250))
      }
      expect(ready?.status).toBe(200)
      // Twice: a client kept across requests fails on the second one in workerd.
      expect((await fetch(`${base}/readyz`)).status).toBe(200)
      const me = await fetch(`${base}/me`)
      expect(me.status).toBe(401)
      expect(me.headers.get('content-type')).toBe('application/problem+json')
      const doc = (await (await fetch(`${base}/openapi.json`)).json()) as { openapi: string }
      expect(doc.openapi).toBe('3.1.0')
    },
    120_000
  )
})
