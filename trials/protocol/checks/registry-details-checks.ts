import type { ProblemSink } from '../problems'
import type { ProtocolDraft } from '../schema'

/**
 * Checks the registry details a primary registry asks for (WHO Trial Registration Data Set items
 * 4 and 21): funders named once; an approved ethics review names its committee and approval date,
 * a pending one its committee, and one not required says why. Approval after the planned start of
 * recruitment is a warning: households should not be randomised before approval.
 *
 * @example
 * checkRegistryDetails({ ethics_review: { status: 'approved' } }, sink)
 * // codes: 'ethics-committee-missing', 'ethics-approval-date-missing'
 */
export function checkRegistryDetails(draft: ProtocolDraft, sink: ProblemSink): void {
  const names = new Set<string>()
  ;(draft.funding ?? []).forEach((f, i) => {
    const name = f?.name?.trim().toLowerCase()
    if (!name) return
    if (names.has(name))
      sink.error(['funding', i, 'name'], 'duplicate-funder', `${f!.name} is listed more than once`)
    names.add(name)
  })
  const e = draft.ethics_review
  if (!e?.status) return
  const path = (field: string) => ['ethics_review', field]
  if ((e.status === 'approved' || e.status === 'pending') && !e.committee)
    sink.error(
      path('committee'),
      'ethics-committee-missing',
      `an ethics review that is ${e.status === 'approved' ? 'approved' : 'pending'} needs the reviewing committee`
    )
  if (e.status === 'approved' && !e.approval_date)
    sink.error(
      path('approval_date'),
      'ethics-approval-date-missing',
      'an approved ethics review needs its approval date'
    )
  if (e.status !== 'approved' && e.approval_date)
    sink.error(
      path('approval_date'),
      'ethics-approval-date-unexpected',
      'only an approved ethics review has an approval date'
    )
  if (e.status === 'not_required' && !e.reason)
    sink.error(
      path('reason'),
      'ethics-reason-missing',
      'say why ethics review is not required, e.g. a service evaluation under the council research governance policy'
    )
  const start = draft.timeline?.recruitment_start
  if (e.status === 'approved' && e.approval_date && start && e.approval_date > start)
    sink.warning(
      path('approval_date'),
      'ethics-approval-after-start',
      `approval (${e.approval_date}) is after the planned start of recruitment (${start})`
    )
}
