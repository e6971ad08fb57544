import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseCsvValue } from '../../../trials/data'
import { createHarness, type Harness } from '../../support/harness'
import { createRecruitingTrial } from '../../support/fixtures'

let h: Harness
let trialId: string
beforeAll(async () => {
  h = await createHarness()
  trialId = (await createRecruitingTrial(h)).trialId
})
afterAll(async () => {
  await h?.close()
})

const hostileCell = '9'.repeat(1_048_576) + 'x'

describe('a 1 MiB hostile CSV cell', () => {
  it('is refused in under 100 ms while /healthz stays fast', async () => {
    // Warm up the route (token lookup, trial scope) so the timing is of reading the cell.
    await h.request('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
      token: h.cast.officerA.token,
      raw: 'household_ref,days_in_temp_accommodation\nHOC-00001,1x\n',
      headers: { 'content-type': 'text/csv' },
    })
    const csv = `household_ref,days_in_temp_accommodation\nHOC-00001,${hostileCell}\n`
    const started = performance.now()
    const upload = h
      .request('POST', `/trials/${trialId}/imports?kind=outcome&dry_run=true`, {
        token: h.cast.officerA.token,
        raw: csv,
        headers: { 'content-type': 'text/csv' },
      })
      .then(async (res) => ({
        res,
        ms: performance.now() - started,
        body: (await res.json()) as any,
      }))
    const healthStarted = performance.now()
    const health = await h.request('GET', '/healthz')
    const healthMs = performance.now() - healthStarted
    const { res, ms, body } = await upload
    expect(res.status).toBe(422)
    expect(body.errors[0]).toMatchObject({ code: 'field-too-long', row: 2 })
    expect(ms).toBeLessThan(100)
    expect(health.status).toBe(200)
    expect(healthMs).toBeLessThan(50)
    console.log(
      `hostile 1 MiB cell refused in ${ms.toFixed(1)} ms; /healthz ${healthMs.toFixed(1)} ms`
    )
  })

  it('a hostile value below the cell limit is read by a linear scan', () => {
    const variable = {
      name: 'days_in_temp_accommodation',
      kind: 'outcome' as const,
      type: 'continuous' as const,
      fixedAtEnrolment: false,
    }
    const started = performance.now()
    const check = parseCsvValue(variable, hostileCell, '')
    expect(check.ok).toBe(false)
    expect(performance.now() - started).toBeLessThan(100)
  })
})
