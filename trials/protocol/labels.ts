import { nameWords as humanise } from '../../analysis/ratings'
import type { Protocol, ProtocolDraft } from './schema'

/** Registered labels of a protocol's outcomes, arms and analyses, for showing results in words. */
export function labelsOf(protocol: ProtocolDraft | Protocol | undefined) {
  const p: ProtocolDraft = protocol ?? {}
  const outcomes = new Map<string, string>()
  for (const o of [
    p.primary_outcome,
    ...(p.secondary_outcomes ?? []),
    ...(p.process_measures ?? []),
  ])
    if (o?.name) outcomes.set(o.name, o.label ?? humanise(o.name))
  const covariates = new Map<string, string>()
  for (const v of p.covariates ?? [])
    if (v?.name) covariates.set(v.name, v.label ?? humanise(v.name))
  const analyses = new Map<string, string>()
  // An analysis registered without a description is named by its outcome's label.
  for (const a of p.analysis_plan?.analyses ?? [])
    if (a?.name) {
      const outcome = (a.spec as { outcome?: unknown } | undefined)?.outcome
      const of = typeof outcome === 'string' ? outcomes.get(outcome) : undefined
      analyses.set(a.name, a.description ?? of ?? humanise(a.name))
    }
  return {
    outcome: (name: string) => outcomes.get(name) ?? humanise(name),
    covariate: (name: string) => covariates.get(name) ?? outcomes.get(name) ?? humanise(name),
    arm: (name: string) => humanise(name),
    analysis: (name: string) => analyses.get(name) ?? humanise(name),
  }
}
