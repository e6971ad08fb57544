import { z } from 'zod'
import { protocolHash } from './canonical-json'
import { diffProtocols, type ProtocolChange } from './diff'
import { NoChangesError } from './errors'
import type { ProtocolProblem } from './problems'
import type { Protocol } from './schema'
import { assertRegistrable } from './validate'

/**
 * Why a change is a deviation from the registered plan.
 *
 * @example
 * const category: DeviationCategory = 'analysis-plan'
 */
export type DeviationCategory = 'primary-outcome' | 'analysis-plan' | 'hypotheses' | 'randomisation'

/**
 * A change flagged as a deviation, with the reason shown beside every result.
 *
 * @example
 * const d: Deviation = { path: '/primary_outcome/time_point/offset', category: 'primary-outcome', reason: 'the primary outcome changed after recruitment started' }
 */
export type Deviation = { path: string; category: DeviationCategory; reason: string }

/**
 * The classification of an amendment's changes.
 *
 * @example
 * const { deviation, deviations }: AmendmentClassification = classifyAmendment(changes, { recruitmentStarted: true })
 */
export type AmendmentClassification = {
  /** Whether any change is a deviation; results must then show `deviations`. */
  deviation: boolean
  deviations: Deviation[]
  changes: ProtocolChange[]
}

const RULES: Array<{ prefix: string; category: DeviationCategory; reason: string }> = [
  {
    prefix: '/primary_outcome',
    category: 'primary-outcome',
    reason: 'the primary outcome changed after recruitment started',
  },
  {
    prefix: '/analysis_plan',
    category: 'analysis-plan',
    reason: 'the analysis plan changed after recruitment started',
  },
  {
    prefix: '/hypotheses',
    category: 'hypotheses',
    reason: 'a hypothesis or its direction changed after recruitment started',
  },
  {
    prefix: '/randomisation',
    category: 'randomisation',
    reason: 'the randomisation changed after households were allocated under it',
  },
  {
    prefix: '/arms',
    category: 'randomisation',
    reason: 'the arms changed after households were allocated to them',
  },
  {
    prefix: '/unit_of_randomisation',
    category: 'randomisation',
    reason: 'the unit of randomisation changed after households were allocated',
  },
]

/**
 * Marks the changes of an amendment that are deviations. Before recruitment starts, any change is
 * an amendment, not a deviation. Once it has started, a change to the primary outcome or the
 * analysis plan is a deviation (outcome switching and post-hoc analysis choices are the biases
 * registration guards against), and so is a change to the hypotheses or to how units are
 * randomised (arms, ratios, strata, method, unit), which breaks the link between the registered
 * design and allocations already made.
 *
 * @example
 * classifyAmendment(diffProtocols(v1, v2), { recruitmentStarted: true }).deviations
 * // [{ path: '/analysis_plan/analyses/primary_itt/spec/se_type', category: 'analysis-plan', reason: '...' }]
 */
export function classifyAmendment(
  changes: readonly ProtocolChange[],
  options: { recruitmentStarted: boolean }
): AmendmentClassification {
  const deviations: Deviation[] = []
  if (options.recruitmentStarted) {
    for (const change of changes) {
      const rule = RULES.find(
        (r) => change.path === r.prefix || change.path.startsWith(r.prefix + '/')
      )
      if (rule !== undefined)
        deviations.push({ path: change.path, category: rule.category, reason: rule.reason })
    }
  }
  return { deviation: deviations.length > 0, deviations, changes: [...changes] }
}

/**
 * What an officer submits to amend a registered protocol: the complete new version and why.
 *
 * @example
 * amendmentRequestSchema.parse({ protocol: v2, reason: 'Data-sharing agreement covers H-CLIC only', author: 'j.smith@leeds.gov.uk' })
 */
export const amendmentRequestSchema = z
  .strictObject({
    protocol: z
      .record(z.string(), z.unknown())
      .describe(
        'The complete amended protocol, as the officer writes it (validated as for registration): the server fills `intervention` and keeps `councils` unless given, as POST /trials does'
      ),
    reason: z.string().min(10).max(5000).describe('Why the protocol is amended'),
    author: z.string().min(1).max(200).describe('Staff account making the amendment'),
  })
  .describe('A request to amend a registered protocol')
/**
 * A request to amend a registered protocol.
 *
 * @example
 * const request: AmendmentRequest = amendmentRequestSchema.parse(body)
 */
export type AmendmentRequest = z.infer<typeof amendmentRequestSchema>

/**
 * The record of one amendment: the new version, its hash, the diff and any deviations.
 *
 * @example
 * const record: AmendmentRecord = buildAmendment({ previous, next, reason, author, at, recruitmentStarted })
 */
export type AmendmentRecord = AmendmentClassification & {
  protocol: Protocol
  protocolHash: string
  previousHash: string
  reason: string
  author: string
  /** ISO 8601 timestamp, supplied by the caller (the core has no clock). */
  at: string
  warnings: ProtocolProblem[]
}

/**
 * Builds an amendment record: validates the new version as for registration (throws
 * `ProtocolInvalidError` listing every problem), hashes it, diffs it against the previous version
 * and classifies the changes. Throws `NoChangesError` (code 'no-changes') when nothing changed.
 *
 * @example
 * const record = buildAmendment({ previous: v1, next: v2, reason, author, at: '2025-09-01T10:00:00Z', recruitmentStarted: true })
 */
export function buildAmendment(input: {
  previous: Protocol
  next: unknown
  reason: string
  author: string
  at: string
  recruitmentStarted: boolean
}): AmendmentRecord {
  const { protocol, warnings } = assertRegistrable(input.next)
  const changes = diffProtocols(input.previous, protocol)
  if (changes.length === 0) {
    throw new NoChangesError('the amended protocol is identical to the current version')
  }
  return {
    protocol,
    protocolHash: protocolHash(protocol),
    previousHash: protocolHash(input.previous),
    reason: input.reason,
    author: input.author,
    at: input.at,
    warnings,
    ...withAnalysedVariables(
      classifyAmendment(changes, { recruitmentStarted: input.recruitmentStarted }),
      input.previous,
      protocol,
      input.recruitmentStarted
    ),
  }
}

/** Variables that some planned analysis reads: outcomes, covariates, blocks, clusters, endogenous. */
function analysedVariables(protocol: Protocol): Set<string> {
  const names = new Set<string>()
  for (const a of protocol.analysis_plan.analyses) {
    const spec = a.spec as Record<string, unknown>
    for (const key of ['outcome', 'blocks', 'clusters', 'endogenous'])
      if (typeof spec[key] === 'string') names.add(spec[key] as string)
    for (const c of (spec.covariates as string[] | undefined) ?? []) names.add(c)
  }
  return names
}

/**
 * After recruitment started, redefining a covariate that an analysis reads (its type, levels or
 * unit) changes what the analysis estimates as surely as editing the plan, so it is a deviation too.
 */
function withAnalysedVariables(
  classification: AmendmentClassification,
  previous: Protocol,
  next: Protocol,
  recruitmentStarted: boolean
): AmendmentClassification {
  if (!recruitmentStarted) return classification
  const used = new Set([...analysedVariables(previous), ...analysedVariables(next)])
  const extra: Deviation[] = classification.changes
    .filter((c) => c.path.startsWith('/covariates/') && used.has(c.path.split('/')[2]!))
    .filter((c) => !classification.deviations.some((d) => d.path === c.path))
    .map((c) => ({
      path: c.path,
      category: 'analysis-plan' as const,
      reason: `a covariate the analysis plan uses (${c.path.split('/')[2]}) was redefined after recruitment started`,
    }))
  if (!extra.length) return classification
  return {
    ...classification,
    deviation: true,
    deviations: [...classification.deviations, ...extra],
  }
}
