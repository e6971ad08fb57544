import { describe, expect, it } from 'vitest'
import { decidePublishReport, reportDetailsAudit } from '../../../trials/commands'
import type { ChecklistItem } from '../../../trials/report'

const item = (n: string, status: ChecklistItem['status']): ChecklistItem => ({
  item: n,
  section: 'Methods',
  topic: `Topic ${n}`,
  requirement: `Requirement ${n}`,
  status,
  where: null,
  detail: '',
})

describe('the audit event of saving report details', () => {
  it('names the keys set or cleared, in the order sent, and not their values', () => {
    expect(
      reportDetailsAudit({ id: 't-3', councilId: 'c-1' }, { funding: 'ESRC', registry: null })
    ).toEqual([
      {
        action: 'trial.report-details',
        entityType: 'trial',
        entityId: 't-3',
        councilId: 'c-1',
        detail: { changed: ['funding', 'registry'] },
      },
    ])
  })

  it('is recorded even when nothing was sent', () => {
    expect(reportDetailsAudit({ id: 't-3', councilId: 'c-1' }, {})[0]!.detail).toEqual({
      changed: [],
    })
  })
})

describe('publishing a report', () => {
  const at = new Date('2026-06-01T09:00:00Z')
  const checklist = [item('3a', 'answered'), item('5', 'missing'), item('8b', 'missing')]

  it('audits the run published, the publication it replaces and the items acknowledged missing', () => {
    const d = decidePublishReport(
      {
        id: 't-3',
        councilId: 'c-1',
        run: { id: 'run-2', interim: false },
        checklist,
        publishedRunId: 'run-1',
      },
      { acknowledgeMissing: true },
      at
    )
    expect(d.audit).toEqual([
      {
        action: 'trial.report-publish',
        entityType: 'trial',
        entityId: 't-3',
        councilId: 'c-1',
        detail: { run_id: 'run-2', replaces_run_id: 'run-1', missing_items: ['5', '8b'] },
      },
    ])
    expect(d.patch).toEqual({
      publishedAt: at,
      publishedRunId: 'run-2',
      publishedChecklist: checklist,
    })
  })

  it('is refused while the latest run is interim', () => {
    expect(() =>
      decidePublishReport(
        {
          id: 't-3',
          councilId: 'c-1',
          run: { id: 'run-2', interim: true },
          checklist: [],
          publishedRunId: null,
        },
        { acknowledgeMissing: false },
        at
      )
    ).toThrow(/interim/)
  })
})
