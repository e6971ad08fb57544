import { z } from 'zod'
import { describe, expect, it } from 'vitest'
import { addIsoDuration } from '../../../trials/data'
import { nameSchema } from '../../../trials/protocol/names'
import { isDecimalLiteral } from '../../../analysis/data'

/**
 * Every pattern that reads request text (durations, dates, timestamps, names, numbers) takes
 * time linear in its input: a long run of digits or separators followed by a character that fails
 * the match is the input that makes a backtracking pattern quadratic.
 */
const n = 256 * 1024
const hostile = [
  'P' + '1'.repeat(n) + 'x',
  'PT' + '1'.repeat(n) + 'x',
  'P1Y' + '1'.repeat(n) + 'x',
  'P1.' + '1'.repeat(n) + 'x',
  'P' + '1.'.repeat(n / 2) + 'x',
  '2020-01-01T' + '1'.repeat(n) + 'x',
  'a' + '_'.repeat(n) + 'A',
  '1'.repeat(n) + '.' + '1'.repeat(n) + 'ex',
]

/** Whether the best of three runs of `f` takes under `ms`: a busy machine can stall any one run, a backtracking pattern stalls them all. */
const within = (ms: number, f: () => unknown) => {
  const times: number[] = []
  for (let run = 0; run < 3; run++) {
    const started = performance.now()
    f()
    times.push(performance.now() - started)
  }
  return Math.min(...times) < ms
}

describe('patterns on input paths are linear', () => {
  it.each(hostile.map((s, i) => [i, s] as const))(
    'hostile input %i is judged in milliseconds',
    (_, s) => {
      const start = new Date('2026-01-01T00:00:00Z')
      expect(
        within(100, () => {
          try {
            addIsoDuration(start, s)
          } catch {}
          z.iso.duration().safeParse(s)
          z.iso.date().safeParse(s)
          z.iso.datetime().safeParse(s)
          z.iso.datetime({ offset: true }).safeParse(s)
          nameSchema.safeParse(s)
          isDecimalLiteral(s)
        })
      ).toBe(true)
    }
  )
})
