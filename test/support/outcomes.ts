import { eq } from 'drizzle-orm'
import seedrandom from 'seedrandom'
import { enrolments, observations } from '../../src/db/schema'
import type { Harness } from './harness'

/**
 * Records simulated outcomes for every enrolled household of a trial directly in the database
 * (family-mediation example protocol): mediation lowers the risk of homelessness and days in
 * temporary accommodation; about 8% of outcomes are missing, with a reason.
 */
export async function simulateOutcomes(h: Harness, trialId: string, recordedBy: string, seed = 'outcomes') {
  const rng = seedrandom(seed)
  const units = await h.open.db.select().from(enrolments).where(eq(enrolments.trialId, trialId))
  const rows = units.flatMap((u) => {
    const treated = u.arm === 'family_mediation'
    const lost = rng() < 0.08
    const homeless = rng() < (treated ? 0.22 : 0.34) ? 1 : 0
    const days = Math.round(Math.exp(3 + rng() - (treated ? 0.3 : 0)) * 10) / 10
    const settled = rng() < (treated ? 0.7 : 0.6) ? 1 : 0
    const base = { trialId, enrolmentId: u.id, kind: 'outcome' as const, source: 'test', recordedBy, recordedAt: new Date('2026-09-01T00:00:00Z') }
    return [
      { ...base, variable: 'homeless_6m', valueNumber: lost ? null : homeless, missingReason: lost ? ('lost_to_follow_up' as const) : null },
      { ...base, variable: 'days_in_temp_accommodation', valueNumber: lost ? null : days, missingReason: lost ? ('lost_to_follow_up' as const) : null },
      { ...base, variable: 'settled_6m', valueNumber: lost ? null : settled, missingReason: lost ? ('moved_away' as const) : null },
    ]
  })
  for (let i = 0; i < rows.length; i += 500) await h.open.db.insert(observations).values(rows.slice(i, i + 500))
  return units.length
}
