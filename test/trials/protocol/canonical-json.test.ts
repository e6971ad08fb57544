import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  canonicalJson,
  protocolHash,
  verifyProtocolHash,
} from '../../../trials/protocol/canonical-json'
import { familyMediationProtocol } from '../../../trials/protocol/examples/family-mediation'
import { sha256Hex } from '../../../trials/hash'

// Vectors: RFC 8785 §3.2.2 / §3.2.3 and Appendix B, as published with the reference implementation
// (github.com/cyberphone/json-canonicalization, testdata/input and testdata/output).
describe('canonicalJson: RFC 8785 test data', () => {
  it('values.json: number serialisation, string escaping, literals', () => {
    const input = JSON.parse(
      '{"numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],' +
        '"escaping": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}'
    )
    expect(canonicalJson(input)).toBe(
      '{"escaping":"\u20ac$\\u000f\\nA\'B\\"\\\\\\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}'
    )
  })

  it('weird.json: member names sorted by UTF-16 code units, not by locale or code point', () => {
    const input = JSON.parse(
      '{"\\u20ac": "Euro Sign", "1": "One", "\\u0080": "Control\\u007f", "\\ud83d\\ude02": "Smiley",' +
        '"\\u00f6": "Latin Small Letter O With Diaeresis", "\\ufb33": "Hebrew Letter Dalet With Dagesh", "</script>": "Browser Challenge"}'
    )
    expect(canonicalJson(input)).toBe(
      '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}'
    )
  })

  it('structures.json: nested objects, empty key, 56.0 as 56', () => {
    const input = JSON.parse(
      '{"1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0}, "10": { }, "": "empty", "a": { }, "111": [ { } ], "A": { }}'
    )
    expect(canonicalJson(input)).toBe(
      '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}'
    )
  })

  it('french.json: locale-independent order', () => {
    const input = {
      peach: 'This sorting order',
      péché: 'is wrong according to French',
      pêche: 'but canonicalization MUST',
      sin: 'ingnore locale',
    }
    expect(canonicalJson(input)).toBe(
      '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}'
    )
  })

  it('simpleString: the exact UTF-8 bytes', () => {
    const bytes = Buffer.from(canonicalJson('this is a test string 1235'), 'utf8')
      .toString('hex')
      .toUpperCase()
      .match(/../g)!
      .join(' ')
    expect(bytes).toBe(
      '22 74 68 69 73 20 69 73 20 61 20 74 65 73 74 20 73 74 72 69 6E 67 20 31 32 33 35 22'
    )
  })

  it.each([
    ['0000000000000000', '0'],
    ['8000000000000000', '0'],
    ['0000000000000001', '5e-324'],
    ['8000000000000001', '-5e-324'],
    ['7fefffffffffffff', '1.7976931348623157e+308'],
    ['ffefffffffffffff', '-1.7976931348623157e+308'],
    ['4340000000000000', '9007199254740992'],
    ['c340000000000000', '-9007199254740992'],
    ['4430000000000000', '295147905179352830000'],
    ['44b52d02c7e14af5', '9.999999999999997e+22'],
    ['44b52d02c7e14af6', '1e+23'],
    ['44b52d02c7e14af7', '1.0000000000000001e+23'],
    ['444b1ae4d6e2ef4e', '999999999999999700000'],
    ['444b1ae4d6e2ef4f', '999999999999999900000'],
    ['444b1ae4d6e2ef50', '1e+21'],
    ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
    ['3eb0c6f7a0b5ed8d', '0.000001'],
    ['41b3de4355555553', '333333333.3333332'],
    ['41b3de4355555554', '333333333.33333325'],
    ['41b3de4355555555', '333333333.3333333'],
    ['41b3de4355555556', '333333333.3333334'],
    ['41b3de4355555557', '333333333.33333343'],
    ['becbf647612f3696', '-0.0000033333333333333333'],
    ['43143ff3c1cb0959', '1424953923781206.2'],
  ])('Appendix B: IEEE 754 %s serialises as %s', (bits, expected) => {
    const number = Buffer.from(bits, 'hex').readDoubleBE(0)
    expect(canonicalJson({ n: number })).toBe(`{"n":${expected}}`)
  })

  it.each(['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'])(
    'Appendix B: %s (NaN or Infinity) is refused',
    (bits) => {
      const number = Buffer.from(bits, 'hex').readDoubleBE(0)
      expect(() => canonicalJson({ n: number })).toThrowError(
        expect.objectContaining({ code: 'not-canonicalisable', details: { path: '/n' } })
      )
    }
  )
})

describe('canonicalJson: what is not JSON data', () => {
  it.each([
    ['a lone high surrogate', { s: 'a\ud800' }, '/s'],
    ['a lone low surrogate in a key', { 'k\udc00': 1 }, ''],
    ['undefined in an array', { a: [1, undefined] }, '/a/1'],
    ['a bigint', { b: 1n }, '/b'],
    ['a Date', { d: new Date(0) }, '/d'],
    ['a Map', { m: new Map() }, '/m'],
    ['a function', [() => 1], '/0'],
  ])('refuses %s', (_label, value, path) => {
    expect(() => canonicalJson(value)).toThrowError(
      expect.objectContaining({ code: 'not-canonicalisable', details: { path } })
    )
  })

  it('leaves out members whose value is undefined, as an absent optional field', () => {
    expect(canonicalJson({ a: 1, b: undefined })).toBe(canonicalJson({ a: 1 }))
  })

  it('accepts objects without a prototype and escapes pointer segments', () => {
    const bare = Object.assign(Object.create(null), { b: 2, a: 1 })
    expect(canonicalJson(bare)).toBe('{"a":1,"b":2}')
    expect(() => canonicalJson({ 'x/y': { '~z': NaN } })).toThrowError(
      expect.objectContaining({ details: { path: '/x~1y/~0z' } })
    )
  })
})

function shuffleKeys(value: unknown, order: number[]): unknown {
  if (Array.isArray(value)) return value.map((item) => shuffleKeys(item, order))
  if (value === null || typeof value !== 'object') return value
  const keys = Object.keys(value)
  const shuffled = keys
    .map((key, i) => [key, order[i % order.length] ?? 0] as const)
    .sort((a, b) => a[1] - b[1])
    .map(([key]) => key)
  return Object.fromEntries(
    shuffled.map((key) => [key, shuffleKeys((value as Record<string, unknown>)[key], order)])
  )
}

describe('protocolHash', () => {
  it('is SHA-256 of the canonical JSON', () => {
    expect(protocolHash(familyMediationProtocol)).toBe(
      sha256Hex(canonicalJson(familyMediationProtocol))
    )
    expect(protocolHash(familyMediationProtocol)).toMatch(/^[0-9a-f]{64}$/)
  })

  it('does not change when keys are reordered at any depth, or when the JSON is re-serialised', () => {
    const hash = protocolHash(familyMediationProtocol)
    fc.assert(
      fc.property(fc.array(fc.integer(), { minLength: 1, maxLength: 12 }), (order) => {
        expect(protocolHash(shuffleKeys(familyMediationProtocol, order))).toBe(hash)
      }),
      { numRuns: 100 }
    )
    expect(protocolHash(JSON.parse(JSON.stringify(familyMediationProtocol, null, 2)))).toBe(hash)
  })

  it('changes when any value changes, and when array order changes', () => {
    const hash = protocolHash(familyMediationProtocol)
    const changed = structuredClone(familyMediationProtocol)
    changed.sample_size.power_calculation.mdes = 0.19
    expect(protocolHash(changed)).not.toBe(hash)
    const reordered = structuredClone(familyMediationProtocol)
    reordered.arms.reverse()
    expect(protocolHash(reordered)).not.toBe(hash)
  })

  it('round-trips: parsing the canonical JSON gives back the same hash', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(protocolHash(JSON.parse(canonicalJson(value)))).toBe(protocolHash(value))
      }),
      { numRuns: 300 }
    )
  })
})

describe('verifyProtocolHash', () => {
  it('accepts the hash in either case and refuses a different protocol or a malformed hash', () => {
    const hash = protocolHash(familyMediationProtocol)
    expect(verifyProtocolHash(familyMediationProtocol, hash)).toBe(true)
    expect(verifyProtocolHash(familyMediationProtocol, hash.toUpperCase())).toBe(true)
    expect(verifyProtocolHash({ ...familyMediationProtocol, title: 'Another trial' }, hash)).toBe(
      false
    )
    expect(verifyProtocolHash(familyMediationProtocol, hash.slice(1))).toBe(false)
    expect(verifyProtocolHash(familyMediationProtocol, `${hash.slice(0, 63)}g`)).toBe(false)
  })
})
