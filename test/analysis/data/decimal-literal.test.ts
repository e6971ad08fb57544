import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { isDecimalLiteral, isWholeLiteral } from '../../../analysis/data/decimal-literal'

// The patterns the scanners replace: same language, but these backtrack quadratically.
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/
const WHOLE = /^\+?\d+$/

describe('decimal and whole-number literals, by linear scan', () => {
  it('accepts exactly what the old patterns accepted', () => {
    const alphabet = fc.constantFrom('0', '1', '9', '.', 'e', 'E', '+', '-', 'x', ' ', '')
    // The property returns whether both agree (fast-check reports the first string where they do not):
    // 40,000 calls of expect took most of this test's time.
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 12 }), (parts) => {
        const s = parts.join('')
        return isDecimalLiteral(s) === DECIMAL.test(s) && isWholeLiteral(s) === WHOLE.test(s)
      }),
      { numRuns: 20_000 }
    )
    for (const s of ['1', '-1.5e3', '.5', '5.', '+0', '1e', 'e1', '.', '-.e1', '0x1f', 'Infinity'])
      expect(isDecimalLiteral(s)).toBe(DECIMAL.test(s))
  })

  it('reads a 1 MiB run of digits followed by a letter in milliseconds', () => {
    const hostile = '1'.repeat(1_048_576) + 'x'
    // The best of three runs: a busy machine can stall any one of them, a backtracking scan stalls them all.
    const times: number[] = []
    for (let run = 0; run < 3; run++) {
      const started = performance.now()
      expect(isDecimalLiteral(hostile)).toBe(false)
      expect(isDecimalLiteral('-' + hostile)).toBe(false)
      expect(isWholeLiteral(hostile)).toBe(false)
      times.push(performance.now() - started)
    }
    expect(Math.min(...times)).toBeLessThan(100)
  })
})
