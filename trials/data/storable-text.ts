/**
 * Why a code point is refused in stored text, as a stable code.
 *
 * @example
 * const r: RefusedCodePoint = { index: 1, codePoint: 0, reason: 'nul' }
 */
export interface RefusedCodePoint {
  /** UTF-16 index of the code point in the string. */
  index: number
  codePoint: number
  reason: 'nul' | 'lone-surrogate' | 'control' | 'noncharacter'
}

/**
 * Finds the first code point that trial records refuse to store, or null when the text is
 * storable. Refused:
 * - U+0000 NUL: PostgreSQL `text` and `jsonb` cannot hold it;
 * - a lone (unpaired) UTF-16 surrogate, U+D800 to U+DFFF: it has no UTF-8 encoding, so the
 *   database either refuses it or the driver silently turns it into U+FFFD;
 * - the other C0 controls but TAB, LF and CR (U+0001 to U+0008, U+000B, U+000C, U+000E to U+001F),
 *   DEL (U+007F) and the C1 controls (U+0080 to U+009F): no text a council types holds them, and
 *   they corrupt terminals, logs and the CSV exports;
 * - the Unicode noncharacters (U+FDD0 to U+FDEF and the last two code points of every plane,
 *   U+FFFE, U+FFFF, U+1FFFE, ...), which Unicode reserves for a program's internal use.
 *
 * One linear pass over the UTF-16 code units.
 *
 * @example
 * findRefusedCodePoint('a\u0000b') // { index: 1, codePoint: 0, reason: 'nul' }
 * findRefusedCodePoint('caf\u00e9 \u{1F600}') // null
 */
export function findRefusedCodePoint(text: string): RefusedCodePoint | null {
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    // Fast path: printable ASCII, TAB, LF, CR, and the BMP below the surrogates outside C1.
    if (c >= 0x20 && c < 0x7f) continue
    if (c === 0x09 || c === 0x0a || c === 0x0d) continue
    if (c === 0) return { index: i, codePoint: c, reason: 'nul' }
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) return { index: i, codePoint: c, reason: 'control' }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < n ? text.charCodeAt(i + 1) : 0
      if (next < 0xdc00 || next > 0xdfff)
        return { index: i, codePoint: c, reason: 'lone-surrogate' }
      const cp = ((c - 0xd800) << 10) + (next - 0xdc00) + 0x10000
      if ((cp & 0xfffe) === 0xfffe) return { index: i, codePoint: cp, reason: 'noncharacter' }
      i++
      continue
    }
    if (c >= 0xdc00 && c <= 0xdfff) return { index: i, codePoint: c, reason: 'lone-surrogate' }
    if ((c >= 0xfdd0 && c <= 0xfdef) || c === 0xfffe || c === 0xffff)
      return { index: i, codePoint: c, reason: 'noncharacter' }
  }
  return null
}

/**
 * A sentence naming a refused code point, for problem documents.
 *
 * @example
 * describeRefusedCodePoint({ index: 1, codePoint: 0, reason: 'nul' }) // 'contains U+0000 (NUL) at character 2, which is not stored'
 */
export function describeRefusedCodePoint(refused: RefusedCodePoint): string {
  const hex = 'U+' + refused.codePoint.toString(16).toUpperCase().padStart(4, '0')
  const what = {
    nul: 'NUL',
    'lone-surrogate': 'an unpaired surrogate, not a character',
    control: 'a control character',
    noncharacter: 'a Unicode noncharacter',
  }[refused.reason]
  return `contains ${hex} (${what}) at character ${refused.index + 1}, which is not stored`
}
