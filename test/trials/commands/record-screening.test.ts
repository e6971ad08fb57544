import { describe, expect, it } from 'vitest'
import { decideRecordScreening, type ScreeningState } from '../../../trials/commands'

const state: ScreeningState = {
  id: 't-1',
  councilId: 'c-1',
  status: 'recruiting',
  recruitmentStartedOn: '2026-01-05',
  today: '2026-03-01',
  enrolled: new Set(),
  current: new Map([
    [
      'w:2026-W05:declined',
      {
        id: 's-1',
        key: 'w:2026-W05:declined',
        week: '2026-W05',
        household: null,
        assessed_on: null,
        reason: 'declined',
        detail: null,
        count: 3,
        version: 1,
      },
    ],
  ]),
}

describe('the audit event of recording screening', () => {
  it('counts the records created and the households they assess', () => {
    const d = decideRecordScreening(
      state,
      [
        { row: 1, index: 0, week: '2026-W06', reason: 'not_eligible', count: 4 },
        { row: 2, index: 1, week: '2026-W05', reason: 'declined', count: 3 },
      ],
      { corrections: false }
    )
    expect(d.audit).toEqual([
      {
        action: 'trial.screening-record',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: { created: 1, corrected: 0, unchanged: 1, households_assessed: 4 },
      },
    ])
  })

  it('is a correction, with its reason, when a held record changes', () => {
    const d = decideRecordScreening(
      state,
      [{ row: 1, index: 0, week: '2026-W05', reason: 'declined', count: 5 }],
      { corrections: true, reason: 'two referrals were missed' }
    )
    expect(d.audit).toEqual([
      {
        action: 'trial.screening-correct',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: {
          created: 0,
          corrected: 1,
          unchanged: 0,
          households_assessed: 0,
          reason: 'two referrals were missed',
        },
      },
    ])
  })

  it('has none when nothing is written', () => {
    const d = decideRecordScreening(
      state,
      [{ row: 1, index: 0, week: '2026-W05', reason: 'declined', count: 3 }],
      { corrections: false }
    )
    expect(d).toEqual({ create: [], correct: [], unchanged: 1, audit: [] })
  })
})
