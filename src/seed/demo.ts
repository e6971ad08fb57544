import { sql } from 'drizzle-orm'
import type { Database } from '../db/client'
import { familyMediationIntervention, familyMediationProtocol } from '../../trials/protocol/examples/family-mediation'
import { councils, trials } from '../db/schema'
import { createCouncil, createToken, createUser, grantEvaluator } from '../services/accounts'
import { insertIntervention } from '../services/interventions'
import { registerTrial } from '../services/trials'

export interface SeededToken {
  role: string
  who: string
  token: string
}

const DEMO_COUNCILS = [
  // Fictional councils; their codes sit in an unallocated part of the GSS range.
  { slug: 'northmere', code: 'E07000901', name: 'Northmere Borough Council' },
  { slug: 'eastbrook', code: 'E07000902', name: 'Eastbrook District Council' },
  { slug: 'westhaven', code: 'E06000903', name: 'Westhaven City Council' },
]

/**
 * On an empty database, creates three councils, one officer each, an evaluator, a Centre
 * staff member and an administrator, a family-mediation intervention and one registered trial.
 * Returns the tokens (shown once), or null when the database already holds data.
 */
export async function seedDemo(db: Database, now: Date): Promise<{ tokens: SeededToken[] } | null> {
  const [{ count }] = (await db.select({ count: sql<number>`count(*)::int` }).from(councils)) as [{ count: number }]
  if (count > 0) return null
  const system = { id: null }
  const tokens: SeededToken[] = []
  const made = []
  for (const c of DEMO_COUNCILS) made.push(await createCouncil(db, now, system, c))
  const officers = []
  for (const council of made) {
    const officer = await createUser(db, now, system, { name: `Housing options officer, ${council.name}`, role: 'officer', councilId: council.id })
    officers.push(officer)
    tokens.push({ role: 'officer', who: council.name, token: (await createToken(db, now, system, { userId: officer.id, label: 'demo' })).token })
  }
  await seedRegisteredTrial(db, now, made[0]!, officers[0]!.id)
  const evaluator = await createUser(db, now, system, { name: 'Independent evaluator', role: 'evaluator' })
  await grantEvaluator(db, now, system, { userId: evaluator.id, councilId: made[0]!.id })
  tokens.push({ role: 'evaluator', who: `evaluator (grant: ${made[0]!.name})`, token: (await createToken(db, now, system, { userId: evaluator.id, label: 'demo' })).token })
  const centre = await createUser(db, now, system, { name: 'What Works Centre analyst', role: 'centre' })
  tokens.push({ role: 'centre', who: 'What Works Centre', token: (await createToken(db, now, system, { userId: centre.id, label: 'demo' })).token })
  const admin = await createUser(db, now, system, { name: 'Platform administrator', role: 'admin' })
  tokens.push({ role: 'admin', who: 'administrator', token: (await createToken(db, now, system, { userId: admin.id, label: 'demo' })).token })
  return { tokens }
}

/** The first council's family-mediation intervention and its registered trial (example protocol, set in that council). */
async function seedRegisteredTrial(db: Database, now: Date, council: { id: string; code: string; name: string }, officerId: string) {
  await db.transaction(async (tx) => {
    const actor = { userId: officerId }
    const intervention = await insertIntervention(tx, council.id, { ...familyMediationIntervention, owning_council: { code: council.code, name: council.name } }, actor, now)
    const protocol = {
      ...familyMediationProtocol,
      title: `Family mediation to prevent homelessness among households asked to leave by family: a randomised trial in ${council.name}`,
      intervention: { id: intervention.id, name: intervention.name },
      councils: [{ code: council.code, name: council.name }],
    }
    const [draft] = await tx
      .insert(trials)
      .values({ councilId: council.id, interventionId: intervention.id, title: protocol.title, protocol, createdBy: officerId, createdAt: now, updatedAt: now })
      .returning()
    await registerTrial(tx, draft!, actor, now)
  })
}
