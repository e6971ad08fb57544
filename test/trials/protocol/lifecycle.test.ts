import { describe, expect, it } from 'vitest'
import {
  assertTransition,
  canTransition,
  isPublic,
  nextStates,
  permissions,
  recruitmentStarted,
  STATUS_WORDS,
  statusesInWords,
  trialStatusSchema,
  TRIAL_STATUSES,
  visibleSeed,
  type LifecycleStatus,
} from '../../../trials/protocol/lifecycle'

const statuses = trialStatusSchema.options
const allowed: Record<LifecycleStatus, LifecycleStatus[]> = {
  draft: ['registered', 'withdrawn'],
  registered: ['recruiting', 'withdrawn'],
  recruiting: ['closed', 'withdrawn'],
  closed: ['data_complete', 'withdrawn'],
  data_complete: ['analysed', 'withdrawn'],
  analysed: ['rated'],
  rated: [],
  withdrawn: [],
}

describe('lifecycle transitions', () => {
  const pairs = statuses.flatMap((from) => statuses.map((to) => [from, to] as const))

  it.each(pairs)('%s -> %s is allowed exactly when the transition table says so', (from, to) => {
    const expected = allowed[from].includes(to)
    expect(canTransition(from, to)).toBe(expected)
    if (expected) {
      expect(() => assertTransition(from, to)).not.toThrow()
    } else {
      expect(() => assertTransition(from, to)).toThrowError(
        expect.objectContaining({
          code: 'invalid-transition',
          details: { from, to, allowed: allowed[from], trial_status: from },
        })
      )
    }
  })

  it('nextStates lists the allowed next states', () => {
    for (const status of statuses) expect(nextStates(status)).toEqual(allowed[status])
  })

  it('the zod enum is built from the one status list', () => {
    expect(statuses).toEqual([...TRIAL_STATUSES])
  })

  it('names the allowed states in the message, or says the state is final, in the words the pages use', () => {
    expect(() => assertTransition('draft', 'recruiting')).toThrow(
      'a trial cannot move from "Draft" to "Recruiting"; it can move only to "Registered" or "Withdrawn"'
    )
    expect(() => assertTransition('rated', 'analysed')).toThrow('"Rated" is a final status')
    expect(statusesInWords(['recruiting', 'closed', 'data_complete'])).toBe(
      '"Recruiting", "Recruitment closed" or "Data complete"'
    )
    expect(statusesInWords(['recruiting'])).toBe('"Recruiting"')
    expect(Object.keys(STATUS_WORDS).sort()).toEqual([...TRIAL_STATUSES].sort())
  })

  it('the happy path reaches rated from draft through data_complete', () => {
    const path: LifecycleStatus[] = [
      'draft',
      'registered',
      'recruiting',
      'closed',
      'data_complete',
      'analysed',
      'rated',
    ]
    for (let i = 1; i < path.length; i++)
      expect(() => assertTransition(path[i - 1]!, path[i]!)).not.toThrow()
    expect(canTransition('closed', 'analysed')).toBe(false)
  })

  it('every state but the terminal ones can move on, and every state is reachable from draft', () => {
    const reached = new Set<LifecycleStatus>(['draft'])
    const queue: LifecycleStatus[] = ['draft']
    while (queue.length > 0)
      for (const next of nextStates(queue.shift()!))
        if (!reached.has(next)) (reached.add(next), queue.push(next))
    expect([...reached].sort()).toEqual([...statuses].sort())
  })
})

const F = false
const T = true
describe('status permissions', () => {
  // prettier-ignore
  const table: Array<[LifecycleStatus, boolean[]]> = [
    //               editDraft amend enrol baseline outcomes analyse interim final rate seed public results
    ['draft',         [T, F, F, F, F, F, F, F, F, F, F, F]],
    ['registered',    [F, T, F, F, F, F, F, F, F, F, T, F]],
    ['recruiting',    [F, T, T, T, T, F, F, F, F, F, T, F]],
    ['closed',        [F, T, F, T, T, T, T, F, F, T, T, F]],
    ['data_complete', [F, T, F, T, T, T, F, T, F, T, T, F]],
    ['analysed',      [F, F, F, F, F, T, F, T, T, T, T, T]],
    ['rated',         [F, F, F, F, F, T, F, T, T, T, T, T]],
    ['withdrawn',     [F, F, F, F, F, F, F, F, F, T, T, F]],
  ]
  const keys = [
    'editDraft',
    'amend',
    'enrol',
    'recordBaseline',
    'recordOutcomes',
    'analyse',
    'interimAnalysis',
    'finalAnalysis',
    'rate',
    'seedRevealed',
    'public',
    'publishResults',
  ] as const
  it.each(table)('%s', (status, values) => {
    expect(permissions(status)).toEqual(Object.fromEntries(keys.map((k, i) => [k, values[i]])))
  })

  it('the seed stays secret exactly while units can still be enrolled or before recruitment', () => {
    for (const status of statuses)
      if (permissions(status).enrol) expect(permissions(status).seedRevealed).toBe(false)
  })

  it('a planned analysis is interim or final, never both, and only after recruitment closed', () => {
    for (const status of statuses) {
      const p = permissions(status)
      expect(p.interimAnalysis && p.finalAnalysis).toBe(false)
      if (p.interimAnalysis || p.finalAnalysis) expect(p.enrol || !p.seedRevealed).toBe(false)
    }
  })

  it('outcomes are still recorded after close, until the final analysis', () => {
    expect(permissions('closed').recordOutcomes).toBe(true)
    expect(permissions('data_complete').recordOutcomes).toBe(true)
    expect(permissions('analysed').recordOutcomes).toBe(false)
  })

  it('recruitment has started from recruiting onwards', () => {
    expect(statuses.filter((s) => s !== 'withdrawn' && recruitmentStarted(s))).toEqual([
      'recruiting',
      'closed',
      'data_complete',
      'analysed',
      'rated',
    ])
  })
})

describe('what is public', () => {
  const at = new Date('2026-01-01T00:00:00Z')
  it('only trials that were ever registered are public; a withdrawn draft is not', () => {
    expect(isPublic({ status: 'withdrawn', registeredAt: null })).toBe(false)
    expect(isPublic({ status: 'withdrawn', registeredAt: at })).toBe(true)
    expect(isPublic({ status: 'draft', registeredAt: null })).toBe(false)
    expect(isPublic({ status: 'recruiting', registeredAt: at })).toBe(true)
  })

  it('the seed shows from close, and after a withdrawal that followed registration', () => {
    const seed = 'ab'.repeat(32)
    expect(visibleSeed({ status: 'recruiting', seed })).toBeNull()
    expect(visibleSeed({ status: 'closed', seed })).toBe(seed)
    expect(visibleSeed({ status: 'withdrawn', seed })).toBe(seed)
    expect(visibleSeed({ status: 'withdrawn', seed: null })).toBeNull()
  })
})
