import { assertTransition, type LifecycleStatus } from '../protocol/lifecycle'
import { trialEvent, type AuditEvent, type TrialPatch, type TrialState } from './state'

/**
 * A status change with its timestamp column and audit event (`trial.<status>`, detail `from`).
 *
 * @example
 * moveTo(state, 'closed', at, { closedAt: at }).patch.status // 'closed'
 */
export function moveTo(
  state: TrialState,
  to: LifecycleStatus,
  at: Date,
  stamps: Omit<TrialPatch, 'status' | 'updatedAt'> = {},
  detail: Record<string, unknown> = {}
): { patch: TrialPatch; audit: AuditEvent[] } {
  assertTransition(state.status, to)
  return {
    patch: { status: to, updatedAt: at, ...stamps },
    audit: [trialEvent(state, `trial.${to}`, { from: state.status, ...detail })],
  }
}

/**
 * Starts recruitment: households can now be randomised.
 *
 * @example
 * decideRecruit(registeredTrial, at).patch // { status: 'recruiting', recruitingAt: at, updatedAt: at }
 */
export function decideRecruit(state: TrialState, at: Date) {
  return moveTo(state, 'recruiting', at, { recruitingAt: at })
}

/**
 * Closes recruitment. The seed becomes public (see `permissions`); follow-up goes on, so data
 * are still recorded and analyses run now are interim.
 *
 * @example
 * decideClose(recruitingTrial, at).patch.status // 'closed'
 */
export function decideClose(state: TrialState, at: Date) {
  return moveTo(state, 'closed', at, { closedAt: at })
}

/**
 * Withdraws a trial, with a reason, before its final results exist. A trial withdrawn after
 * registration stays public, seed included; a withdrawn draft never becomes public.
 *
 * @example
 * decideWithdraw(state, { reason: 'Funding for the service ended' }, at).audit[0].detail.reason
 */
export function decideWithdraw(state: TrialState, command: { reason: string }, at: Date) {
  return moveTo(state, 'withdrawn', at, {}, { reason: command.reason })
}
