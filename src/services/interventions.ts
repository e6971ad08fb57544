import { eq } from 'drizzle-orm'
import type { Intervention } from '../../trials/protocol'
import { interventionSchema } from '../../trials/protocol'
import type { Principal } from '../auth/principal'
import type { Executor } from '../db/client'
import { councils, interventions } from '../db/schema'
import { forbidden, notFound, ProblemError, zodProblems } from '../problem'
import { interventionCreateAudit, interventionReviseAudit } from '../../trials/audit'
import { recordAudit } from './audit'
import type { RequestContext } from './context'

/** What an officer sends: the intervention without its owning council, which is the officer's own. */
type InterventionBody = Omit<Intervention, 'owning_council'>

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
  await recordAudit(
    tx,
    { userId: actor.userId, councilId, requestId: actor.requestId ?? null, at: now },
    interventionCreateAudit(row!)
  )
  return row!
}

/** Completes the body with the owning council and validates it with the one intervention schema. */
async function completeIntervention(
  db: Executor,
  principal: Principal,
  body: InterventionBody
): Promise<Intervention> {
  const [council] = await db.select().from(councils).where(eq(councils.id, principal.councilId!))
  const parsed = interventionSchema.safeParse({
    ...body,
    owning_council: { code: council!.code, name: council!.name },
  })
  if (!parsed.success)
    throw new ProblemError(422, 'validation-failed', 'the intervention is invalid', {
      errors: zodProblems(parsed.error),
    })
  return parsed.data
}

/** Registers an intervention owned by the calling officer's council. */
export async function createIntervention(rc: RequestContext, body: InterventionBody) {
  const p = rc.principal
  return rc.db.transaction(async (tx) => {
    const details = await completeIntervention(tx, p, body)
    const actor = { userId: p.userId, requestId: rc.actor.requestId ?? undefined }
    return insertIntervention(tx, p.councilId!, details, actor, rc.actor.at)
  })
}

/**
 * Revises an intervention (officers of the owning council only: 403 otherwise, 404 when there is no
 * such intervention); the audit event keeps the previous version.
 */
export async function reviseIntervention(rc: RequestContext, id: string, body: InterventionBody) {
  const p = rc.principal
  const now = rc.actor.at
  return rc.db.transaction(async (tx) => {
    const [existing] = await tx
      .select()
      .from(interventions)
      .where(eq(interventions.id, id))
      .for('update')
    if (!existing) throw notFound(`intervention ${id}`)
    if (existing.councilId !== p.councilId)
      throw forbidden('only officers of the owning council may revise an intervention')
    const details = await completeIntervention(tx, p, body)
    const [row] = await tx
      .update(interventions)
      .set({ name: details.name, category: details.category, details, updatedAt: now })
      .where(eq(interventions.id, id))
      .returning()
    await recordAudit(tx, rc.actor, interventionReviseAudit(existing, existing.details))
    return row!
  })
}
