import { describe, expect, it } from 'vitest'
import {
  assertTransition,
  canTransition,
  nextStates,
  permissions,
  recruitmentStarted,
  trialStatusSchema,
  type TrialStatus,
} from '../../../trials/protocol/lifecycle'

const statuses = trialStatusSchema.options
const allowed: Record<TrialStatus, TrialStatus[]> = {
  draft: ['registered', 'withdrawn'],
  registered: ['recruiting', 'withdrawn'],
  recruiting: ['closed', 'withdrawn'],
  closed: ['analysed', 'withdrawn'],
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
          details: { from, to, allowed: allowed[from] },
        })
      )
    }
  })

  it('nextStates lists the allowed next states', () => {
    for (const status of statuses) expect(nextStates(status)).toEqual(allowed[status])
  })

  it('names the allowed states in the message, or says the state is final', () => {
    expect(() => assertTransition('draft', 'recruiting')).toThrow(
      'allowed next states: registered, withdrawn'
    )
    expect(() => assertTransition('rated', 'analysed')).toThrow('rated is a final state')
  })

  it('the happy path reaches rated from draft', () => {
    const path: TrialStatus[] = ['draft', 'registered', 'recruiting', 'closed', 'analysed', 'rated']
    for (let i = 1; i < path.length; i++)
      expect(() => assertTransition(path[i - 1], path[i])).not.toThrow()
  })

  it('every state but the terminal ones can move on, and every state is reachable from draft', () => {
    const reached = new Set<TrialStatus>(['draft'])
    const queue: TrialStatus[] = ['draft']
    while (queue.length > 0)
      for (const next of nextStates(queue.shift()!))
        if (!reached.has(next)) (reached.add(next), queue.push(next))
    expect([...reached].sort()).toEqual([...statuses].sort())
  })
})

describe('status permissions', () => {
  it.each([
    [
      'draft',
      {
        editDraft: true,
        amend: false,
        enrol: false,
        analyse: false,
        rate: false,
        seedRevealed: false,
      },
    ],
    [
      'registered',
      {
        editDraft: false,
        amend: true,
        enrol: false,
        analyse: false,
        rate: false,
        seedRevealed: false,
      },
    ],
    [
      'recruiting',
      {
        editDraft: false,
        amend: true,
        enrol: true,
        analyse: false,
        rate: false,
        seedRevealed: false,
      },
    ],
    [
      'closed',
      {
        editDraft: false,
        amend: true,
        enrol: false,
        analyse: true,
        rate: false,
        seedRevealed: true,
      },
    ],
    [
      'analysed',
      {
        editDraft: false,
        amend: false,
        enrol: false,
        analyse: true,
        rate: true,
        seedRevealed: true,
      },
    ],
    [
      'rated',
      {
        editDraft: false,
        amend: false,
        enrol: false,
        analyse: true,
        rate: true,
        seedRevealed: true,
      },
    ],
    [
      'withdrawn',
      {
        editDraft: false,
        amend: false,
        enrol: false,
        analyse: false,
        rate: false,
        seedRevealed: true,
      },
    ],
  ] as const)('%s', (status, expected) => {
    expect(permissions(status)).toEqual(expected)
  })

  it('the seed stays secret exactly while units can still be enrolled or before recruitment', () => {
    for (const status of statuses)
      if (permissions(status).enrol) expect(permissions(status).seedRevealed).toBe(false)
  })

  it('recruitment has started from recruiting onwards', () => {
    expect(statuses.filter((s) => s !== 'withdrawn' && recruitmentStarted(s))).toEqual([
      'recruiting',
      'closed',
      'analysed',
      'rated',
    ])
  })
})
