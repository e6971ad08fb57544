/**
 * The protocol fields the server owns: the intervention (from the trial's `intervention_id`) and,
 * unless the officer lists them, the councils running the trial.
 *
 * @example
 * const f: ServerFields = { intervention: { id: 'iv-1', name: 'Family mediation' }, councils: [{ code: 'E07000801', name: 'Council A' }] }
 */
export interface ServerFields {
  intervention: unknown
  councils: unknown
}

/**
 * A protocol as the officer wrote it, completed with the fields the server fills: `intervention`
 * always (a trial's intervention never changes), `councils` when the officer left them out. Creating
 * a trial, editing a draft and amending a registered protocol all accept the same draft this way.
 *
 * @example
 * withServerFields({ title: 'Mediation in Leeds' }, { intervention: { id: 'iv-1', name: 'Mediation' }, councils: [] }).intervention // { id: 'iv-1', name: 'Mediation' }
 */
export function withServerFields(
  draft: Readonly<Record<string, unknown>>,
  fields: ServerFields
): Record<string, unknown> {
  return {
    ...draft,
    intervention: fields.intervention,
    councils: draft.councils ?? fields.councils,
  }
}
