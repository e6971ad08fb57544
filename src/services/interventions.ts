import type { Intervention } from '../../trials/protocol'
import type { Executor } from '../db/client'
import { interventions } from '../db/schema'
import { audit } from './audit'

/** Inserts a validated intervention owned by `councilId`, with its audit event. */
export async function insertIntervention(
  tx: Executor,
  councilId: string,
  details: Intervention,
  actor: { userId: string | null; requestId?: string },
  now: Date
) {
  const [row] = await tx
    .insert(interventions)
    .values({
      councilId,
      name: details.name,
      category: details.category,
      details,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  await audit(tx, {
    at: now,
    actorId: actor.userId,
    councilId,
    action: 'intervention.create',
    entityType: 'intervention',
    entityId: row!.id,
    requestId: actor.requestId,
  })
  return row!
}
