import type { ProtocolDraft } from '../schema'

type Draft = ProtocolDraft
type DraftCovariate = NonNullable<Draft['covariates']>[number]
type DraftOutcome = NonNullable<Draft['primary_outcome']>

/**
 * Name-indexed views of a draft that the checks share.
 *
 * @example
 * const index: ProtocolLookup = lookup(draft)
 */
export type ProtocolLookup = {
  covariates: Map<string, DraftCovariate>
  outcomes: Map<string, DraftOutcome>
  processMeasures: Set<string>
  arms: string[]
  controlArms: string[]
  primaryOutcome: string | undefined
  isClusterDesign: boolean
  strata: string[]
}

function byName<T extends { name?: string }>(items: readonly T[] | undefined): Map<string, T> {
  const map = new Map<string, T>()
  for (const item of items ?? [])
    if (typeof item?.name === 'string' && !map.has(item.name)) map.set(item.name, item)
  return map
}

/**
 * Builds the name indexes of a draft. The first of several same-named items wins; duplicates are
 * reported by the name checks.
 *
 * @example
 * lookup(familyMediationProtocol).covariates.has('age_head') // true
 */
export function lookup(draft: Draft): ProtocolLookup {
  const outcomes = byName([
    ...(draft.primary_outcome ? [draft.primary_outcome] : []),
    ...(draft.secondary_outcomes ?? []),
  ])
  const arms = (draft.arms ?? [])
    .map((arm) => arm?.name)
    .filter((name): name is string => typeof name === 'string')
  const controlArms = (draft.arms ?? [])
    .filter((arm) => arm?.control === true)
    .map((arm) => arm?.name ?? '')
  const method = draft.randomisation?.method
  return {
    covariates: byName(draft.covariates),
    outcomes,
    processMeasures: new Set(byName(draft.process_measures).keys()),
    arms,
    controlArms,
    primaryOutcome: draft.primary_outcome?.name,
    isClusterDesign:
      draft.unit_of_randomisation === 'cluster' ||
      method === 'cluster' ||
      method === 'stratified_cluster',
    strata: (draft.randomisation?.strata ?? []).filter((s): s is string => typeof s === 'string'),
  }
}
