import { describe, expect, it } from 'vitest'
import {
  decideRecordExclusion,
  RecordsRefusedError,
  type ExclusionState,
} from '../../../trials/commands'

const state: ExclusionState = {
  id: 't-1',
  councilId: 'c-1',
  status: 'recruiting',
  today: '2026-03-10',
  criteria: new Set(['Already in temporary accommodation at referral']),
  units: new Map([
    ['hh_a', { enrolmentId: 'e-a', enrolledOn: '2026-02-01' }],
    ['hh_b', { enrolmentId: 'e-b', enrolledOn: '2026-02-05' }],
  ]),
  current: new Map([
    [
      'e-b',
      {
        id: 'x-b',
        enrolmentId: 'e-b',
        reason: 'duplicate referral',
        date: '2026-02-20',
        criterion: null,
        version: 1,
      },
    ],
  ]),
}
const entry = (row: number, household: string, date: string, reason = 'ineligible on review') => ({
  row,
  index: row - 1,
  household,
  reason,
  date,
})

describe('decideRecordExclusion', () => {
  it('refuses every bad row with its reason and writes nothing', () => {
    let caught: RecordsRefusedError | undefined
    try {
      decideRecordExclusion(
        state,
        [
          entry(1, 'hh_zz', '2026-03-01'),
          entry(2, 'hh_a', '2026-01-31'),
          entry(3, 'hh_a', '2026-03-11'),
          entry(4, 'hh_b', '2026-03-01'),
        ],
        { corrections: false }
      )
    } catch (e) {
      caught = e as RecordsRefusedError
    }
    expect(caught).toBeInstanceOf(RecordsRefusedError)
    const errors = (caught!.details as { errors: Array<{ row: number; code: string }> }).errors
    expect(errors.map((e) => `${e.row}:${e.code}`)).toEqual([
      '1:not-in-trial',
      '2:before-enrolment',
      '3:in-future',
      '3:duplicate',
      '4:already-recorded',
    ])
  })

  it('creates new exclusions, leaves equal ones alone and corrects only with a reason', () => {
    const d = decideRecordExclusion(
      state,
      [entry(1, 'hh_a', '2026-03-01'), entry(2, 'hh_b', '2026-02-20', 'duplicate referral')],
      { corrections: false }
    )
    expect(d.create).toEqual([
      {
        enrolmentId: 'e-a',
        household: 'hh_a',
        reason: 'ineligible on review',
        date: '2026-03-01',
        criterion: null,
      },
    ])
    expect(d.unchanged).toBe(1)
    expect(d.audit).toEqual([
      {
        action: 'trial.exclusion-record',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: { created: 1, corrected: 0, unchanged: 1 },
      },
    ])
    expect(() =>
      decideRecordExclusion(state, [entry(1, 'hh_b', '2026-03-01')], { corrections: true })
    ).toThrow(/needs a reason/)
    const fixed = decideRecordExclusion(state, [entry(1, 'hh_b', '2026-03-01')], {
      corrections: true,
      reason: 'the review found a different reason',
    })
    expect(fixed.correct[0]!.next.reason).toBe('ineligible on review')
    expect(fixed.audit).toEqual([
      {
        action: 'trial.exclusion-correct',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: {
          created: 0,
          corrected: 1,
          unchanged: 0,
          reason: 'the review found a different reason',
        },
      },
    ])
  })

  it('has no audit event when every entry equals the record held', () => {
    const d = decideRecordExclusion(state, [entry(1, 'hh_b', '2026-02-20', 'duplicate referral')], {
      corrections: false,
    })
    expect(d).toEqual({ create: [], correct: [], unchanged: 1, audit: [] })
  })

  it('takes a registered eligibility criterion as the ground, and refuses one not registered', () => {
    const d = decideRecordExclusion(
      state,
      [
        {
          ...entry(1, 'hh_a', '2026-03-01'),
          criterion: 'Already in temporary accommodation at referral',
        },
      ],
      { corrections: false }
    )
    expect(d.create[0]!.criterion).toBe('Already in temporary accommodation at referral')
    let caught: RecordsRefusedError | undefined
    try {
      decideRecordExclusion(
        state,
        [{ ...entry(1, 'hh_a', '2026-03-01'), criterion: 'Lives outside the area' }],
        { corrections: false }
      )
    } catch (e) {
      caught = e as RecordsRefusedError
    }
    const errors = (caught!.details as { errors: Array<{ pointer: string; code: string }> }).errors
    expect(errors.map((e) => `${e.pointer}:${e.code}`)).toEqual([
      '/entries/0/criterion:unknown-criterion',
    ])
  })

  it('is refused before recruitment starts', () => {
    expect(() =>
      decideRecordExclusion({ ...state, status: 'registered' }, [], { corrections: false })
    ).toThrow(/start of recruitment/)
  })
})
