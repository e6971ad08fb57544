import type { ProblemSink } from '../problems'
import type { ProtocolDraft } from '../schema'
import type { ProtocolLookup } from './lookup'

/**
 * Checks the registered harms (CONSORT 2025 items 15 and 27, SPIRIT 2025 "Harms"): each outcome
 * named as measuring harms must be a registered secondary outcome, named once. The primary outcome
 * cannot be one: the report shows harm outcomes apart from the results, and the primary result must
 * stay among the results. A systematic assessment (asked of every household at set times) with no
 * outcome to measure it is a warning: the report would have nothing to show per arm.
 *
 * @example
 * checkHarms({ harms: { definition: 'x', assessment: 'systematic', outcomes: ['nope'] } }, lookup(draft), sink)
 * // sink.problems[0].code === 'unknown-harm-outcome'
 */
export function checkHarms(draft: ProtocolDraft, index: ProtocolLookup, sink: ProblemSink): void {
  const harms = draft.harms
  if (!harms) return
  const seen = new Set<string>()
  ;(harms.outcomes ?? []).forEach((name, i) => {
    if (typeof name !== 'string') return
    const path = ['harms', 'outcomes', i]
    if (seen.has(name)) {
      sink.error(path, 'duplicate-harm-outcome', `${name} is listed more than once`)
      return
    }
    seen.add(name)
    if (name === index.primaryOutcome)
      sink.error(
        path,
        'harm-outcome-is-primary',
        `${name} is the primary outcome; harms are measured by secondary outcomes and reported apart`
      )
    else if (!index.outcomes.has(name))
      sink.error(
        path,
        'unknown-harm-outcome',
        `${name} is not a registered secondary outcome; add it to secondary_outcomes or remove it here`
      )
  })
  if (harms.assessment === 'systematic' && seen.size === 0)
    sink.warning(
      ['harms', 'outcomes'],
      'harms-without-outcome',
      'harms are assessed systematically but no outcome measures them; name the secondary outcomes that do'
    )
}
