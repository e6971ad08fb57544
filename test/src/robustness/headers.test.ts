import { beforeAll, describe, expect, it } from 'vitest'
import { shouldSeedDemo } from '../../../src/seed/should-seed'
import { useHarness } from '../../support/harness'
import { createRecruitingTrial } from '../../support/fixtures'

const h = useHarness()
let trialId: string
let interventionId: string
beforeAll(async () => {
  ;({ trialId, interventionId } = await createRecruitingTrial(h))
})

describe('Content-Security-Policy and caching', () => {
  it('every HTML page carries a policy without unsafe-inline, and links its stylesheet', async () => {
    // The public pages; every signed-in page is checked the same way in route-matrix.test.ts.
    const pages: Array<[string, number]> = [
      ['/', 200],
      [`/registry/${trialId}`, 200],
      [`/evidence/${interventionId}`, 200],
      ['/sign-in', 200],
      ['/registry/00000000-0000-4000-8000-000000000000', 404],
    ]
    for (const [path, status] of pages) {
      const res = await h.request('GET', path, { headers: { accept: 'text/html' } })
      expect(res.status, path).toBe(status)
      expect(res.headers.get('content-type'), path).toMatch(/^text\/html/)
      const csp = res.headers.get('content-security-policy')!
      expect(csp).toContain("script-src 'self'")
      expect(csp).toContain("style-src 'self'")
      expect(csp).not.toContain('unsafe-inline')
      const html = await res.text()
      expect(html).not.toMatch(/<style|<script(?![^>]*src=)|style="/)
      expect(html).toContain('href="/assets/app.css"')
    }
    // The pages' one stylesheet is app.css (linked above); the unused site.css is gone.
    expect((await h.request('GET', '/assets/site.css')).status).toBe(404)
  })

  it('the API reference allows its one inline script by hash and loads only from this server', async () => {
    const res = await h.request('GET', '/docs')
    const csp = res.headers.get('content-security-policy')!
    expect(csp).toMatch(/script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/)
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/)
    expect(csp).not.toMatch(/https?:/)
  })

  it('household-level exports are never cached', async () => {
    const dataset = await h.request('GET', `/trials/${trialId}/dataset.csv`, {
      token: h.cast.officerA.token,
    })
    expect(dataset.headers.get('cache-control')).toBe('no-store')
    const exported = await h.request('GET', `/trials/${trialId}/allocation-export`, {
      token: h.cast.officerA.token,
    })
    expect(exported.headers.get('cache-control')).toBe('no-store')
    const me = await h.request('GET', '/me', { token: h.cast.officerA.token })
    expect(me.headers.get('cache-control')).toBe('no-store')
  })
})

describe('demo data only where asked', () => {
  it('seeds the embedded database, or PostgreSQL only with SEED_DEMO=1', () => {
    expect(shouldSeedDemo({})).toBe(true)
    expect(shouldSeedDemo({ DATABASE_URL: 'postgres://x/y' })).toBe(false)
    expect(shouldSeedDemo({ DATABASE_URL: 'postgres://x/y', SEED_DEMO: '1' })).toBe(true)
    expect(shouldSeedDemo({ SEED_DEMO: '0' })).toBe(false)
  })
})
