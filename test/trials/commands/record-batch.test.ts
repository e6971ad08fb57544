import { describe, expect, it } from 'vitest'
import { refusals, settleBatch } from '../../../trials/commands/record-batch'
import {
  CorrectionReasonRequiredError,
  RecordsRefusedError,
} from '../../../trials/commands/record-errors'

type Entry = { row: number; index: number; key: string; value: number }
const held = new Map([
  ['a', 1],
  ['b', 2],
])
const writesOf = (entries: Entry[]) => entries.map((entry) => ({ entry, write: entry }))
const rules = {
  current: (w: Entry) => held.get(w.key),
  same: (current: number, w: Entry) => current === w.value,
  alreadyRecorded: (_e: Entry, current: number) => ({
    field: 'value',
    detail: `already recorded as ${current}`,
  }),
}
const entries: Entry[] = [
  { row: 2, index: 0, key: 'a', value: 1 },
  { row: 3, index: 1, key: 'b', value: 5 },
  { row: 4, index: 2, key: 'c', value: 7 },
]

describe('settling a batch of trial records', () => {
  it('creates new records, leaves equal ones alone and corrects changed ones with a reason', () => {
    const settled = settleBatch('test', refusals<Entry>(), writesOf(entries), rules, {
      corrections: true,
      reason: 'typo',
    })
    expect(settled.create.map((w) => w.key)).toEqual(['c'])
    expect(settled.unchanged).toBe(1)
    expect(settled.correct).toEqual([{ current: 2, next: entries[1] }])
  })

  it('refuses a change without corrections, with every refused row sorted by row', () => {
    const batch = refusals<Entry>()
    batch.refuse(entries[2]!, 'key', 'duplicate', 'repeats row 2')
    const settle = () =>
      settleBatch('test', batch, writesOf(entries.slice(0, 2)), rules, { corrections: false })
    expect(settle).toThrow(RecordsRefusedError)
    expect(batch.problems).toEqual([
      {
        row: 3,
        pointer: '/entries/1/value',
        field: 'value',
        code: 'already-recorded',
        detail: 'already recorded as 2',
      },
      {
        row: 4,
        pointer: '/entries/2/key',
        field: 'key',
        code: 'duplicate',
        detail: 'repeats row 2',
      },
    ])
  })

  it('asks for the reason of a correction, naming /reason', () => {
    const settle = () =>
      settleBatch('test', refusals<Entry>(), writesOf(entries), rules, { corrections: true })
    expect(settle).toThrow(CorrectionReasonRequiredError)
    expect(settle).toThrow(
      'changing 1 recorded test record(s) needs a reason; nothing was recorded'
    )
  })
})
