const PLUS = 43
const MINUS = 45
const DOT = 46
const ZERO = 48
const NINE = 57
const LOWER_E = 101
const UPPER_E = 69

const isDigit = (c: number) => c >= ZERO && c <= NINE

/** Index just past a run of ASCII digits starting at `i` (`i` itself when there is none). */
function skipDigits(text: string, i: number): number {
  while (i < text.length && isDigit(text.charCodeAt(i))) i++
  return i
}

/**
 * Whether `text` is a plain decimal or scientific literal: an optional sign, digits with an
 * optional decimal point (`12`, `12.`, `12.5`, `.5`), then an optional exponent (`e-3`). This is
 * the language of `/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/`, read by a single left-to-right scan
 * that looks at each character once: that pattern backtracks quadratically on a long run of digits
 * followed by a non-digit (`\d+\.?\d*` splits the run in every way), which let one hostile cell
 * hold the CPU for seconds. `Number()` alone is no check: it reads '', '0x1f' and 'Infinity'.
 *
 * @example
 * isDecimalLiteral('-1.5e3') // true
 * isDecimalLiteral('0x1f') // false
 */
export function isDecimalLiteral(text: string): boolean {
  const n = text.length
  let i = 0
  if (i < n && (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === MINUS)) i++
  const intEnd = skipDigits(text, i)
  let mantissaDigits = intEnd - i
  i = intEnd
  if (i < n && text.charCodeAt(i) === DOT) {
    const fracEnd = skipDigits(text, i + 1)
    mantissaDigits += fracEnd - (i + 1)
    i = fracEnd
  }
  if (mantissaDigits === 0) return false
  if (i < n && (text.charCodeAt(i) === LOWER_E || text.charCodeAt(i) === UPPER_E)) {
    i++
    if (i < n && (text.charCodeAt(i) === PLUS || text.charCodeAt(i) === MINUS)) i++
    const expEnd = skipDigits(text, i)
    if (expEnd === i) return false
    i = expEnd
  }
  return i === n
}

/**
 * Whether `text` is a whole-number literal: an optional `+`, then one or more ASCII digits (the
 * language of `/^\+?\d+$/`), by one linear scan.
 *
 * @example
 * isWholeLiteral('+12') // true
 * isWholeLiteral('-1') // false
 */
export function isWholeLiteral(text: string): boolean {
  const start = text.length > 0 && text.charCodeAt(0) === PLUS ? 1 : 0
  return text.length > start && skipDigits(text, start) === text.length
}
