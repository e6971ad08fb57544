import { describe, expect, it } from 'vitest'
import {
  decideRecordAdherence,
  decideRecordExclusion,
  decideRecordScreening,
  type AdherenceState,
} from '../../../trials/commands'
import type { RowProblem } from '../../../trials/commands/record-errors'
import {
  adherenceEntryInputSchema,
  exclusionEntryInputSchema,
  readEntries,
  screeningEntryInputSchema,
} from '../../../trials/report'

/** The problems a decision refuses with (it throws them all at once). */
function refusals(decide: () => unknown): RowProblem[] {
  try {
    decide()
  } catch (err) {
    return ((err as { details?: { errors?: RowProblem[] } }).details?.errors ?? []) as RowProblem[]
  }
  throw new Error('expected a refusal')
}

/**
 * Plain English: a sentence (capital first), and no code used as a word. Accepted values and
 * field names may be given in quotes or brackets, as a CSV or API user types them.
 */
function expectPlain(problems: readonly RowProblem[]) {
  expect(problems.length).toBeGreaterThan(0)
  for (const p of problems) {
    expect(p.detail, p.code).toMatch(/^[A-Z]/)
    const words = p.detail.replace(/"[^"]*"|\([^)]*\)/g, '')
    expect(words, `${p.code}: ${p.detail}`).not.toMatch(/\b[a-z]+_[a-z_]+\b/)
  }
}

const hh = (c: string) => `hh_${c.repeat(32)}`

describe('record messages', () => {
  it('are plain English naming the field for every screening refusal', () => {
    const read = readEntries(
      'household_ref,assessed_on,week,count,reason,detail\n' +
        ',2026-02-31,,,maybe,\n' +
        'A-1,,2026-W5,0,other,x\n',
      'csv',
      screeningEntryInputSchema
    )
    expect(read.problems.map((p) => p.field).sort()).toEqual([
      'assessed_on',
      'count',
      'detail',
      'reason',
      'week',
    ])
    expectPlain(read.problems)
    const decided = refusals(() =>
      decideRecordScreening(
        {
          id: 't-1',
          councilId: 'c-1',
          status: 'recruiting',
          recruitmentStartedOn: '2026-01-05',
          today: '2026-03-01',
          enrolled: new Set([hh('a')]),
          current: new Map(),
        },
        [
          { row: 2, index: 0, household: hh('a'), assessed_on: '2026-02-02', reason: 'declined' },
          { row: 3, index: 1, household: hh('b'), reason: 'other' },
          { row: 4, index: 2, week: '2026-W60', reason: 'declined', count: 2 },
          { row: 5, index: 3, week: '2025-W40', reason: 'declined', count: 2 },
          { row: 6, index: 4, reason: 'not_eligible' },
          { row: 7, index: 5, week: '2026-W20', reason: 'declined', count: 1 },
          { row: 8, index: 6, household: hh('c'), assessed_on: '2026-04-01', reason: 'declined' },
          {
            row: 9,
            index: 7,
            household: hh('d'),
            assessed_on: '2026-02-02',
            week: '2026-W01',
            reason: 'declined',
            count: 3,
          },
        ],
        { corrections: false }
      )
    )
    expect(new Set(decided.map((p) => p.code))).toEqual(
      new Set([
        'household-enrolled',
        'required',
        'detail-required',
        'invalid-week',
        'before-recruitment',
        'in-future',
        'week-mismatch',
        'count-with-household',
      ])
    )
    expectPlain(decided)
  })

  it('are plain English naming the field for every adherence refusal', () => {
    const read = readEntries(
      'household_ref,status,date,reason,delayed_offer_on\nA-1,got_it,05/03/2026,no,soon\n',
      'csv',
      adherenceEntryInputSchema
    )
    expect(read.problems.map((p) => p.field).sort()).toEqual([
      'date',
      'delayed_offer_on',
      'reason',
      'status',
    ])
    expectPlain(read.problems)
    const state: AdherenceState = {
      id: 't-1',
      councilId: 'c-1',
      status: 'recruiting',
      today: '2026-03-01',
      controlArm: 'usual_care',
      waitlist: false,
      units: new Map([
        [
          hh('a'),
          { enrolmentId: 'a', arm: 'usual_care', enrolledOn: '2026-02-01', delayedOfferFrom: null },
        ],
        [
          hh('b'),
          {
            enrolmentId: 'b',
            arm: 'family_mediation',
            enrolledOn: '2026-02-01',
            delayedOfferFrom: null,
          },
        ],
      ]),
      current: new Map(),
    }
    const decided = refusals(() =>
      decideRecordAdherence(
        state,
        [
          {
            row: 2,
            index: 0,
            household: hh('c'),
            status: 'received_as_allocated',
            date: '2026-02-02',
          },
          { row: 3, index: 1, household: hh('a'), status: 'not_received', date: '2026-01-02' },
          {
            row: 4,
            index: 2,
            household: hh('b'),
            status: 'received_though_control',
            date: '2026-04-02',
            reason: 'self-referred',
            delayed_offer_on: '2026-02-20',
          },
          { row: 5, index: 3, household: hh('b'), status: 'discontinued', date: '2026-02-02' },
        ],
        { corrections: false }
      )
    )
    expect(decided.find((p) => p.code === 'reason-required' && p.row === 5)?.detail).toBe(
      'Give the reason why the household started the intervention, then stopped (one line, no names or case references)'
    )
    expect(decided.find((p) => p.code === 'status-not-for-arm' && p.row === 3)?.detail).toContain(
      'The household is in the control arm (Usual care)'
    )
    expect(new Set(decided.map((p) => p.code))).toEqual(
      new Set([
        'not-in-trial',
        'before-enrolment',
        'status-not-for-arm',
        'reason-required',
        'in-future',
        'not-waitlist',
        'duplicate',
      ])
    )
    expectPlain(decided)
  })

  it('are plain English naming the field for every exclusion refusal', () => {
    const read = readEntries(
      'household,reason,date\nhh_1,a,2026-13-01\n',
      'csv',
      exclusionEntryInputSchema
    )
    expectPlain(read.problems)
    expect(read.problems.map((p) => p.detail)).toEqual([
      'The household id must be "hh_" and 32 hexadecimal digits, as enrolment returns it',
      'The reason must be at least 3 characters',
      'The date must be a real date written like 2026-03-05',
    ])
    const decided = refusals(() =>
      decideRecordExclusion(
        {
          id: 't-1',
          councilId: 'c-1',
          status: 'recruiting',
          today: '2026-03-01',
          criteria: new Set(['Already in temporary accommodation at referral']),
          units: new Map([[hh('a'), { enrolmentId: 'a', enrolledOn: '2026-02-01' }]]),
          current: new Map(),
        },
        [
          { row: 2, index: 0, household: hh('b'), reason: 'duplicate', date: '2026-02-02' },
          { row: 3, index: 1, household: hh('a'), reason: 'duplicate', date: '2026-01-02' },
          { row: 4, index: 2, household: hh('a'), reason: 'duplicate', date: '2026-04-02' },
          {
            row: 5,
            index: 3,
            household: hh('a'),
            reason: 'in TA',
            date: '2026-02-02',
            criterion: 'In TA',
          },
        ],
        { corrections: false }
      )
    )
    expectPlain(decided)
  })
})
