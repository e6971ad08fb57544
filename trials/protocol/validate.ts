import { checkAnalysisPlan, checkHypotheses } from './checks/analysis-checks'
import {
  checkArms,
  checkRandomisation,
  checkTimeline,
  checkVariableNames,
} from './checks/design-checks'
import { checkHarms } from './checks/harms-checks'
import { lookup } from './checks/lookup'
import { checkRegistryDetails } from './checks/registry-details-checks'
import { checkSampleSize } from './checks/sample-size-checks'
import { ProtocolInvalidError } from './errors'
import { problemSink, type ProtocolProblem } from './problems'
import { protocolDraftSchema, protocolSchema, type Protocol, type ProtocolDraft } from './schema'
import { structuralProblems } from './structural'

/**
 * The outcome of `validateForRegistration`. Warnings may accompany a registrable protocol.
 *
 * @example
 * const result: RegistrationValidation = validateForRegistration(body)
 * if (!result.ok) return result.problems
 */
export type RegistrationValidation =
  | { ok: true; protocol: Protocol; problems: ProtocolProblem[] }
  | { ok: false; problems: ProtocolProblem[] }

/**
 * The cross-field checks, run on a draft: they tolerate missing parts and report what they can.
 * Useful to show problems while a draft is being edited.
 *
 * @example
 * crossFieldProblems({ arms: [{ name: 'a', control: false }, { name: 'b', control: false }] })
 * // [{ path: '/arms', code: 'no-control-arm', ... }]
 */
export function crossFieldProblems(draft: ProtocolDraft): ProtocolProblem[] {
  const sink = problemSink()
  const index = lookup(draft)
  checkVariableNames(draft, sink)
  checkArms(draft, index, sink)
  checkRandomisation(draft, index, sink)
  checkTimeline(draft, sink)
  checkHypotheses(draft, index, sink)
  checkAnalysisPlan(draft, index, sink)
  checkSampleSize(draft, index, sink)
  checkHarms(draft, index, sink)
  checkRegistryDetails(draft, sink)
  return sink.problems
}

/**
 * Parses the draft form, removing whatever the draft schema refuses (unknown keys, mistyped
 * values) so that the cross-field checks still run on the rest; the structural pass reports what
 * was removed. Gives up after a few rounds, as a union's failure can hide a deeper one.
 */
function parseDraftLeniently(input: unknown): ProtocolDraft | undefined {
  const candidate: unknown = cloneJson(input)
  const attempted = new Set<string>()
  for (let round = 0; round < 8; round++) {
    const result = protocolDraftSchema.safeParse(candidate)
    if (result.success) return result.data
    for (const issue of result.error.issues) {
      const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol')
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) removeAt(candidate, [...path, key], false)
      } else if (path.length === 0) {
        return undefined
      } else {
        // A bad array item first becomes {} (an empty draft object keeps later indexes, which the
        // problems refer to); if that is refused too, it is dropped.
        const key = JSON.stringify(path)
        removeAt(candidate, path, !attempted.has(key))
        attempted.add(key)
      }
    }
  }
  return undefined
}

function cloneJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneJson(v)]))
  }
  return value
}

function removeAt(root: unknown, path: ReadonlyArray<string | number>, placeholder: boolean): void {
  let node = root as Record<string | number, unknown> | undefined
  for (const segment of path.slice(0, -1)) {
    node = node?.[segment] as Record<string | number, unknown> | undefined
    if (node === null || typeof node !== 'object') return
  }
  if (node === undefined || node === null || typeof node !== 'object') return
  const last = path[path.length - 1]
  if (Array.isArray(node)) {
    if (placeholder) node[last as number] = {}
    else node.splice(last as number, 1)
  } else {
    delete node[last]
  }
}

const isAtOrBelow = (path: string, ancestor: string) =>
  path === ancestor || path.startsWith(ancestor + '/')

/**
 * Validates a protocol for registration and lists every problem, not just the first: each with a
 * JSON-pointer `path`, a stable `code`, a `message` and a `severity`. Structural problems (missing
 * or mistyped fields, unknown keys, values out of range) come from `protocolSchema`; cross-field
 * problems (a stratum that is not a declared covariate, no control arm, an analysis naming an
 * unknown outcome, a cluster design analysed without clusters, ...) are checked on the draft form,
 * so they are found even when the structure is incomplete. Registration may proceed when `ok`;
 * the returned `protocol` is the parsed one (defaults filled in), which is what gets hashed.
 *
 * @example
 * const result = validateForRegistration(familyMediationProtocol)
 * result.ok // true
 */
export function validateForRegistration(input: unknown): RegistrationValidation {
  const parsed = protocolSchema.safeParse(input, { reportInput: true })
  const draft = parseDraftLeniently(input)
  const semantic = draft === undefined ? [] : crossFieldProblems(draft)
  // Refinements inside embedded schemas (randomisation, analysis specs) repeat some cross-field
  // checks in their own words; the specific problem found at the same place wins.
  const structural = parsed.success
    ? []
    : structuralProblems(parsed.error.issues).filter(
        (p) => !(p.zodCode === 'custom' && semantic.some((s) => isAtOrBelow(s.path, p.path)))
      )
  const problems: ProtocolProblem[] = [...structural.map(({ zodCode: _, ...p }) => p), ...semantic]
  const unique = problems.filter(
    (p, i) =>
      problems.findIndex(
        (q) => q.path === p.path && q.code === p.code && q.message === p.message
      ) === i
  )
  if (parsed.success && !unique.some((p) => p.severity === 'error'))
    return { ok: true, protocol: parsed.data, problems: unique }
  return { ok: false, problems: unique }
}

/**
 * Like `validateForRegistration`, but throws `ProtocolInvalidError` (code 'protocol-invalid',
 * `details.problems` listing every problem) when the protocol cannot be registered.
 *
 * @example
 * const { protocol, warnings } = assertRegistrable(familyMediationProtocol)
 */
export function assertRegistrable(input: unknown): {
  protocol: Protocol
  warnings: ProtocolProblem[]
} {
  const result = validateForRegistration(input)
  if (!result.ok) {
    const errors = result.problems.filter((p) => p.severity === 'error')
    throw new ProtocolInvalidError(
      `the protocol cannot be registered: ${errors.length} problem${errors.length === 1 ? '' : 's'}`,
      {
        problems: result.problems,
      }
    )
  }
  return { protocol: result.protocol, warnings: result.problems }
}
