import { describe, expect, it } from 'vitest'
import { decideRecordAdherence, type AdherenceState } from '../../../trials/commands'

const state: AdherenceState = {
  id: 't-1',
  councilId: 'c-1',
  status: 'recruiting',
  today: '2026-03-01',
  controlArm: 'usual_care',
  waitlist: false,
  units: new Map([
    [
      'hh_a',
      { enrolmentId: 'e-a', arm: 'usual_care', enrolledOn: '2026-02-01', delayedOfferFrom: null },
    ],
    [
      'hh_b',
      { enrolmentId: 'e-b', arm: 'letter', enrolledOn: '2026-02-01', delayedOfferFrom: null },
    ],
    [
      'hh_c',
      { enrolmentId: 'e-c', arm: 'letter', enrolledOn: '2026-02-01', delayedOfferFrom: null },
    ],
  ]),
  current: new Map([
    [
      'e-c',
      {
        id: 'r-c',
        enrolmentId: 'e-c',
        status: 'received_as_allocated',
        reason: null,
        date: '2026-02-10',
        delayed_offer_on: null,
        version: 1,
      },
    ],
  ]),
}

describe('the audit event of recording adherence', () => {
  it('counts the records written by status', () => {
    const d = decideRecordAdherence(
      state,
      [
        {
          row: 1,
          index: 0,
          household: 'hh_a',
          status: 'received_as_allocated',
          date: '2026-02-03',
        },
        {
          row: 2,
          index: 1,
          household: 'hh_b',
          status: 'received_as_allocated',
          date: '2026-02-04',
        },
        {
          row: 3,
          index: 2,
          household: 'hh_c',
          status: 'received_as_allocated',
          date: '2026-02-10',
        },
      ],
      { corrections: false }
    )
    expect(d.audit).toEqual([
      {
        action: 'trial.adherence-record',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: {
          created: 2,
          corrected: 0,
          unchanged: 1,
          by_status: { received_as_allocated: 2 },
        },
      },
    ])
  })

  it('is a correction, with its reason, when a held record changes', () => {
    const d = decideRecordAdherence(
      state,
      [
        {
          row: 1,
          index: 0,
          household: 'hh_c',
          status: 'discontinued',
          reason: 'moved away',
          date: '2026-02-20',
        },
      ],
      { corrections: true, reason: 'the caseworker updated the record' }
    )
    expect(d.audit).toEqual([
      {
        action: 'trial.adherence-correct',
        entityType: 'trial',
        entityId: 't-1',
        councilId: 'c-1',
        detail: {
          created: 0,
          corrected: 1,
          unchanged: 0,
          by_status: { discontinued: 1 },
          reason: 'the caseworker updated the record',
        },
      },
    ])
  })

  it('has none when nothing is written', () => {
    const d = decideRecordAdherence(
      state,
      [
        {
          row: 1,
          index: 0,
          household: 'hh_c',
          status: 'received_as_allocated',
          date: '2026-02-10',
        },
      ],
      { corrections: false }
    )
    expect(d).toEqual({ create: [], correct: [], unchanged: 1, audit: [] })
  })
})
