import { trialEvent, type AuditEvent, type TrialPatch, type TrialState } from './state'

/**
 * The kinds of data a trial's household-level downloads carry.
 *
 * @example
 * const kinds: ViewedData[] = ['baseline', 'outcome']
 */
export type ViewedData = 'baseline' | 'outcome'

/**
 * How someone came to see a trial's data or results:
 * - `download`: a household-level download or export (`what` names it, `data` says whether it holds baseline
 *   or outcome columns, `outcomesRecorded` how many outcome values or missingness reasons it carries);
 * - `planned-analysis`, `exploratory-analysis`: an analysis run on the outcome data (`run` is its id);
 * - `results`: a stored analysis run or a report written from one, opened (`what` names it).
 *
 * @example
 * const view: DataView = { kind: 'download', what: 'dataset.csv', data: ['baseline', 'outcome'], rows: 200, outcomesRecorded: 180 }
 */
export type DataView =
  | {
      kind: 'download'
      what: string
      data: readonly ViewedData[]
      rows: number
      outcomesRecorded: number
    }
  | { kind: 'planned-analysis' | 'exploratory-analysis'; run: string }
  | { kind: 'results'; what: string }

/**
 * What seeing data or results writes: the outcome-seen stamp (only the first time outcome data or results are
 * seen, else null) and the audit events (every household-level download and every opening of stored results, by
 * whom, in what role and when, is an audit entry; the stamp is one too).
 *
 * @example
 * const decision: DataViewDecision = decideViewData(state, view, at)
 */
export type DataViewDecision = { patch: TrialPatch | null; audit: AuditEvent[] }

/**
 * Whether a view shows outcome data: a download carrying at least one recorded outcome value or missingness
 * reason, any analysis run (planned or exploratory, interim or final: each reads every outcome recorded so far),
 * and any stored result opened. A download of baseline only, or of outcome columns still empty, shows none.
 *
 * @example
 * showsOutcomes({ kind: 'download', what: 'allocation-export', data: ['baseline'], rows: 20, outcomesRecorded: 0 }) // false
 */
export function showsOutcomes(view: DataView): boolean {
  if (view.kind !== 'download') return true
  return view.data.includes('outcome') && view.outcomesRecorded > 0
}

/**
 * Decides what seeing a trial's data writes. The first view that shows outcome data (`showsOutcomes`) stamps
 * the trial with when and how outcomes were first seen; the stamp is never moved afterwards (a trial already
 * stamped gets no patch). Amendments read the stamp (`decideAmend`): a change made after it is flagged as
 * made after outcomes were seen, which the rating facts read as a selective-reporting threat. Every download
 * is audited as `data.viewed` with what was downloaded, which data it holds and how many rows, and every opening
 * of stored results as `results.viewed`; the stamp is audited as `trial.outcomes-seen`. Analysis runs are audited by their own command, so they add only the stamp.
 *
 * @example
 * decideViewData({ ...state, outcomesSeenAt: null }, { kind: 'exploratory-analysis', run: runId }, at).patch?.outcomesSeenBy // 'exploratory-analysis'
 */
export function decideViewData(
  state: Pick<TrialState, 'id' | 'councilId' | 'outcomesSeenAt'>,
  view: DataView,
  at: Date
): DataViewDecision {
  const audit: AuditEvent[] = []
  if (view.kind === 'download')
    audit.push(
      trialEvent(state, 'data.viewed', {
        what: view.what,
        data: [...view.data],
        rows: view.rows,
        outcomes_recorded: view.outcomesRecorded,
      })
    )
  if (view.kind === 'results') audit.push(trialEvent(state, 'results.viewed', { what: view.what }))
  if ((state.outcomesSeenAt ?? null) !== null || !showsOutcomes(view)) return { patch: null, audit }
  const what = 'run' in view ? view.run : view.what
  audit.push(trialEvent(state, 'trial.outcomes-seen', { how: view.kind, what }))
  return {
    patch: { outcomesSeenAt: at, outcomesSeenBy: view.kind, updatedAt: at },
    audit,
  }
}
