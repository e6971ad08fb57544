import { checkBaseline, type BaselineValue } from '../enrolment/baseline'
import { permissions, STATUS_WORDS } from '../protocol/lifecycle'
import { FieldProblemsError, NotRecruitingError, type FieldProblem } from './errors'
import { registeredProtocol, trialEvent, type AuditEvent, type TrialState } from './state'

/**
 * Checks households presented for randomisation: the trial must be recruiting
 * (`NotRecruitingError`), no household may appear twice in one request, and each baseline must
 * carry the strata, cluster and minimisation fields the protocol needs. Every problem is listed
 * (`FieldProblemsError`), and nothing is enrolled if there is one. The allocation itself is the
 * allocator's (`trials/randomisation`).
 *
 * @example
 * decideEnrol(state, { households: [{ pseudonym: 'hh_1', baseline: { area: 'north' } }], pointer: (i) => `/households/${i}` })
 */
export function decideEnrol(
  state: TrialState,
  command: {
    households: ReadonlyArray<{ pseudonym: string; baseline: Record<string, BaselineValue> }>
    pointer: (index: number) => string
  }
): void {
  if (!permissions(state.status).enrol)
    throw new NotRecruitingError(
      `households can be randomised only while the trial is "${STATUS_WORDS.recruiting}"; it is "${STATUS_WORDS[state.status]}"`,
      { trial_status: state.status }
    )
  const protocol = registeredProtocol(state)
  const problems: FieldProblem[] = []
  const firstIndex = new Map<string, number>()
  command.households.forEach((h, i) => {
    const earlier = firstIndex.get(h.pseudonym)
    if (earlier !== undefined)
      problems.push({
        pointer: `${command.pointer(i)}/household_ref`,
        detail: `the same household as row ${earlier + 1} (rows ${earlier + 1} and ${i + 1})`,
        code: 'duplicate-household',
      })
    else firstIndex.set(h.pseudonym, i)
    for (const b of checkBaseline(protocol, h.baseline))
      problems.push({
        pointer: `${command.pointer(i)}/baseline/${b.field}`,
        detail: b.message,
        code: b.code,
        ...(b.allowed ? { allowed: b.allowed } : {}),
      })
  })
  if (problems.length)
    throw new FieldProblemsError(
      `${problems.length} problem(s) in the households; nothing was enrolled`,
      problems
    )
}

/**
 * The audit event of enrolments made by one request: the first and last sequence numbers.
 *
 * @example
 * enrolmentAudit(state, [41, 42]) // [{ action: 'trial.enrol-batch', detail: { sequences: [41, 42] } }]
 */
export function enrolmentAudit(state: TrialState, sequences: readonly number[]): AuditEvent[] {
  if (!sequences.length) return []
  return [
    trialEvent(state, sequences.length === 1 ? 'trial.enrol' : 'trial.enrol-batch', {
      sequences: [sequences[0]!, sequences[sequences.length - 1]!],
    }),
  ]
}
