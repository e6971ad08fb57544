import { describe, expect, it } from 'vitest'
import { reportDetailsAudit } from '../../../trials/commands'

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
