import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { CsvReader, UnreadableFileError, Utf8ChunkDecoder } from '../../../trials/data'

const readAll = (chunks: string[]) => {
  const r = new CsvReader()
  return [...chunks.flatMap((c) => r.push(c)), ...r.end()]
}

describe('CsvReader', () => {
  it('reads RFC 4180 quoting: commas, doubled quotes and line breaks inside quotes', () => {
    const records = readAll(['id,note\r\n1,"a, ""b""\nc"\r\n2,plain\n'])
    expect(records).toEqual([
      { fields: ['id', 'note'], row: 1 },
      { fields: ['1', 'a, "b"\nc'], row: 2 },
      { fields: ['2', 'plain'], row: 4 },
    ])
  })

  it('skips blank lines, keeps their row numbers and reads a last line without a break', () => {
    expect(readAll(['a,b\n\n1,2\r\n\r\n3,'])).toEqual([
      { fields: ['a', 'b'], row: 1 },
      { fields: ['1', '2'], row: 3 },
      { fields: ['3', ''], row: 5 },
    ])
  })

  it('gives the same records however the text is split into chunks', () => {
    const cell = fc.oneof(
      fc.stringMatching(/^[a-z0-9 .]{0,6}$/),
      fc.string({ maxLength: 6 }).map((s) => `"${s.replace(/"/g, '""')}"`)
    )
    const text = fc
      .array(
        fc.array(cell, { minLength: 2, maxLength: 2 }).map((r) => r.join(',')),
        { minLength: 1, maxLength: 8 }
      )
      .chain((rows) => fc.constantFrom('\n', '\r\n', '\r').map((eol) => rows.join(eol) + eol))
    fc.assert(
      fc.property(text, fc.array(fc.nat(), { maxLength: 6 }), (t, cuts) => {
        const points = [...new Set(cuts.map((c) => c % (t.length + 1)))].sort((a, b) => a - b)
        const chunks = [0, ...points].map((p, i, all) => t.slice(p, all[i + 1] ?? t.length))
        expect(readAll(chunks)).toEqual(readAll([t]))
      })
    )
  })

  it('flags stray characters after a closing quote, and refuses an unterminated quote', () => {
    expect(readAll(['a,b\n"x"y,1\n'])[1]).toMatchObject({
      fields: ['xy', '1'],
      malformed: expect.stringContaining('"y"'),
    })
    expect(() => readAll(['a,b\n1,"open\n2,3\n'])).toThrow(UnreadableFileError)
  })

  it('stops at a runaway record instead of buffering junk', () => {
    const r = new CsvReader(1000)
    expect(() => r.push('x'.repeat(2000))).toThrow(/longer than 1000/)
  })
})

describe('Utf8ChunkDecoder', () => {
  const decode = (...chunks: number[][]) => {
    const d = new Utf8ChunkDecoder()
    return chunks.map((c) => d.push(new Uint8Array(c))).join('') + d.end()
  }
  it('strips a UTF-8 byte-order mark even when it is split across chunks', () => {
    expect(decode([0xef], [0xbb, 0xbf, 0x61, 0x2c], [0x62])).toBe('a,b')
  })
  it('keeps multi-byte characters split across chunks', () => {
    expect(decode([0x61, 0xc2], [0xa3, 0x31])).toBe('a£1')
  })
  it('refuses UTF-16 (by its mark) and NUL bytes', () => {
    expect(() => decode([0xff, 0xfe, 0x61, 0x00])).toThrow(/UTF-16/)
    expect(() => decode([0x61, 0x00, 0x62, 0x00, 0x2c, 0x00])).toThrow(/NUL/)
  })
  it('turns invalid UTF-8 (Windows-1252 £) into U+FFFD for the validator to report', () => {
    expect(decode([0x61, 0x2c, 0xa3, 0x35])).toBe('a,\uFFFD5')
  })
})
