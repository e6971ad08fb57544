import { sha256Hex } from '../hash'
import { NotCanonicalisableError } from './errors'
import { jsonPointer } from './json-pointer'

/**
 * JSON Canonicalization Scheme, RFC 8785 (Rundgren, Jordan & Erdtman 2020, doi:10.17487/RFC8785):
 * no whitespace; object members sorted by their names as arrays of UTF-16 code units (§3.2.3);
 * numbers as ECMAScript `Number.prototype.toString` gives them (§3.2.2.3, -0 becomes 0);
 * strings escaped as ECMAScript `JSON.stringify` escapes them (§3.2.2.2).
 *
 * Refused, because RFC 8785 §3.1 requires I-JSON (RFC 7493) input: NaN and ±Infinity, strings
 * with lone surrogates, and values that are not JSON data (undefined inside arrays, bigint,
 * functions, symbols, Dates, Maps, class instances). Object members whose value is `undefined`
 * are left out, as `JSON.stringify` leaves them out, so an absent optional field and an
 * explicitly undefined one canonicalise alike.
 *
 * @example
 * canonicalJson({ b: [1.50, 'x'], a: null }) // '{"a":null,"b":[1.5,"x"]}'
 */
export function canonicalJson(value: unknown): string {
  return serialise(value, [])
}

/**
 * The protocol hash published at registration: SHA-256 (lowercase hex) of the RFC 8785 canonical
 * JSON of the protocol. Key order and whitespace in the stored JSON do not change it.
 *
 * @example
 * protocolHash({ title: 'Family mediation', arms: [] }) === protocolHash({ arms: [], title: 'Family mediation' }) // true
 */
export function protocolHash(protocol: unknown): string {
  return sha256Hex(canonicalJson(protocol))
}

/**
 * Whether `hash` is the protocol hash of `protocol`. Hex case is ignored so that a hash typed from
 * a printed registration certificate still verifies; anything that is not 64 hex characters fails.
 *
 * @example
 * verifyProtocolHash(protocol, protocolHash(protocol)) // true
 */
export function verifyProtocolHash(protocol: unknown, hash: string): boolean {
  if (!/^[0-9a-fA-F]{64}$/.test(hash)) return false
  return protocolHash(protocol) === hash.toLowerCase()
}

function serialise(value: unknown, path: Array<string | number>): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false'
    case 'number':
      if (!Number.isFinite(value)) {
        throw new NotCanonicalisableError(`${String(value)} has no JSON form`, {
          path: jsonPointer(path),
        })
      }
      // ECMAScript Number::toString is exactly the RFC 8785 §3.2.2.3 algorithm; JSON.stringify
      // applies it and maps -0 to "0" as the RFC requires.
      return JSON.stringify(value)
    case 'string':
      return serialiseString(value, path)
    case 'object':
      if (Array.isArray(value)) {
        return (
          '[' +
          value
            .map((item, i) => {
              if (item === undefined) {
                throw new NotCanonicalisableError('undefined has no JSON form inside an array', {
                  path: jsonPointer([...path, i]),
                })
              }
              return serialise(item, [...path, i])
            })
            .join(',') +
          ']'
        )
      }
      return serialiseObject(value as object, path)
    default:
      throw new NotCanonicalisableError(`a ${typeof value} has no JSON form`, {
        path: jsonPointer(path),
      })
  }
}

function serialiseObject(value: object, path: Array<string | number>): string {
  const prototype = Object.getPrototypeOf(value)
  if (prototype !== Object.prototype && prototype !== null) {
    throw new NotCanonicalisableError('only plain objects have a canonical JSON form', {
      path: jsonPointer(path),
    })
  }
  const record = value as Record<string, unknown>
  // Array.prototype.sort without a comparator compares UTF-16 code units, which is §3.2.3's order.
  const names = Object.keys(record)
    .filter((name) => record[name] !== undefined)
    .sort()
  return (
    '{' +
    names
      .map((name) => serialiseString(name, path) + ':' + serialise(record[name], [...path, name]))
      .join(',') +
    '}'
  )
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

function serialiseString(text: string, path: Array<string | number>): string {
  if (LONE_SURROGATE.test(text)) {
    throw new NotCanonicalisableError(
      'a string with a lone surrogate is not I-JSON (RFC 7493 §2.1)',
      {
        path: jsonPointer(path),
      }
    )
  }
  return JSON.stringify(text)
}
