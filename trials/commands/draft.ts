import { permissions } from '../protocol/lifecycle'
import type { ProtocolDraft } from '../protocol/schema'
import { FieldProblemsError, ProtocolLockedError } from './errors'
import { trialEvent, type AuditEvent, type TrialPatch, type TrialState } from './state'
import { withServerFields } from '../protocol/server-fields'

function requireTitle(draft: ProtocolDraft): string {
  if (typeof draft.title !== 'string' || !draft.title)
    throw new FieldProblemsError('a draft needs a title', [
      { pointer: '/protocol/title', detail: 'required', code: 'invalid_type' },
    ])
  return draft.title
}

/**
 * Creates a draft trial: the intervention is the one registered, the councils default to the
 * officer's own. The caller inserts the values and records the audit event with the new id.
 *
 * @example
 * decideCreateDraft({ draft, intervention: { id, name }, council: { id, code, name } }).values.title
 */
export function decideCreateDraft(command: {
  draft: ProtocolDraft
  intervention: { id: string; name: string }
  council: { id: string; code: string; name: string }
}): {
  values: { councilId: string; interventionId: string; title: string; protocol: ProtocolDraft }
  audit: (trialId: string) => AuditEvent[]
} {
  const { draft, intervention, council } = command
  const title = requireTitle(draft)
  const protocol = withServerFields(draft, {
    intervention: { id: intervention.id, name: intervention.name },
    councils: [{ code: council.code, name: council.name }],
  }) as ProtocolDraft
  return {
    values: { councilId: council.id, interventionId: intervention.id, title, protocol },
    audit: (trialId) => [trialEvent({ id: trialId, councilId: council.id }, 'trial.create')],
  }
}

/**
 * Replaces the protocol of a draft. A registered protocol is locked (`ProtocolLockedError`): it
 * changes only by amendment. The intervention stays the trial's; the councils stay unless given.
 *
 * @example
 * decideEditDraft(state, { draft: { title: 'Letters trial' } }, at).patch.title // 'Letters trial'
 */
export function decideEditDraft(
  state: TrialState,
  command: { draft: ProtocolDraft },
  at: Date
): { patch: TrialPatch; audit: AuditEvent[] } {
  if (!permissions(state.status).editDraft)
    throw new ProtocolLockedError(
      `the protocol was registered and is locked; change it with an amendment (POST /trials/${state.id}/amendments)`,
      { trial_status: state.status }
    )
  const { draft } = command
  const title = requireTitle(draft)
  const protocol = withServerFields(draft, {
    intervention: state.protocol.intervention,
    councils: state.protocol.councils,
  }) as ProtocolDraft
  return {
    patch: { protocol, title, updatedAt: at },
    audit: [trialEvent(state, 'trial.edit-draft')],
  }
}
