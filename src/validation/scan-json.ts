import { describeRefusedCodePoint, findRefusedCodePoint } from '../../trials/data'
import { toPointer } from '../problem'

/** Shape limits of a JSON body. */
export interface JsonShapeLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number
  /** Most elements in any one array. */
  maxArrayLength: number
}

/** Why a body was refused before it reached a handler: an HTTP status and the field at fault. */
interface JsonScanProblem {
  status: 413 | 422
  code: 'too-deeply-nested' | 'array-too-long' | 'unstorable-text' | 'duplicate-key'
  /** JSON Pointer of the offending value (or, for keys and depth, of the object holding it). */
  pointer: string
  detail: string
}

interface Frame {
  array: boolean
  /** Elements so far (arrays) or the key being read (objects). */
  count: number
  key: string | null
  keys: Set<string> | null
  expectKey: boolean
}

const QUOTE = 34
const BACKSLASH = 92

/**
 * Checks a JSON text's shape and strings in one linear pass before anything parses it into
 * objects: nesting depth, array lengths, duplicate keys (which JSON.parse would silently resolve
 * to the last, so two readers of one body could disagree), and strings (keys and values) holding
 * a code point that is never stored (see `findRefusedCodePoint`). Syntax is JSON.parse's to judge
 * afterwards: on malformed text the scan stays linear and may report nothing.
 */
export function scanJson(text: string, limits: JsonShapeLimits): JsonScanProblem | null {
  const stack: Frame[] = []
  const path = (extra?: string | number): Array<string | number> => {
    const p: Array<string | number> = []
    for (const f of stack) {
      if (f.array) p.push(Math.max(f.count - 1, 0))
      else if (f.key !== null) p.push(f.key)
    }
    if (extra !== undefined) p.push(extra)
    return p
  }
  const top = () => stack[stack.length - 1]
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === QUOTE) {
      // Find the closing quote, noting escapes; the slice is decoded only when it has some.
      let j = i + 1
      let escaped = false
      while (j < n) {
        const d = text.charCodeAt(j)
        if (d === QUOTE) break
        if (d === BACKSLASH) {
          escaped = true
          j += 2
          continue
        }
        j++
      }
      if (j >= n) return null
      let value: string
      if (escaped) {
        try {
          value = JSON.parse(text.slice(i, j + 1)) as string
        } catch {
          return null
        }
      } else value = text.slice(i + 1, j)
      const frame = top()
      const isKey = !!frame && !frame.array && frame.expectKey
      if (isKey) {
        frame.expectKey = false
        frame.key = value
        if (frame.keys!.has(value))
          return {
            status: 422,
            code: 'duplicate-key',
            pointer: toPointer(path()),
            detail: `the object names "${printable(value)}" twice`,
          }
        frame.keys!.add(value)
      } else if (frame?.array && frame.count === 0) frame.count = 1
      const refused = findRefusedCodePoint(value)
      if (refused) {
        const pointer = toPointer(isKey ? path().slice(0, -1) : path())
        return {
          status: 422,
          code: 'unstorable-text',
          pointer,
          detail: isKey
            ? `a field name ${describeRefusedCodePoint(refused)}`
            : `the text ${describeRefusedCodePoint(refused)}`,
        }
      }
      i = j
      continue
    }
    if (c === 123 /* { */ || c === 91 /* [ */) {
      const parent = top()
      if (parent?.array && parent.count === 0) parent.count = 1
      if (stack.length + 1 > limits.maxDepth)
        return {
          status: 422,
          code: 'too-deeply-nested',
          pointer: toPointer(path()),
          detail: `the body nests objects and arrays more than ${limits.maxDepth} deep`,
        }
      const array = c === 91
      stack.push({ array, count: 0, key: null, keys: array ? null : new Set(), expectKey: !array })
      continue
    }
    if (c === 125 /* } */ || c === 93 /* ] */) {
      stack.pop()
      continue
    }
    if (c === 44 /* , */) {
      const frame = top()
      if (!frame) continue
      if (!frame.array) {
        frame.expectKey = true
        continue
      }
      frame.count++
      if (frame.count > limits.maxArrayLength)
        return {
          status: 413,
          code: 'array-too-long',
          pointer: toPointer(path().slice(0, -1)),
          detail: `an array holds more than ${limits.maxArrayLength} elements, the most this route takes`,
        }
      continue
    }
    // Numbers, literals, whitespace and ':' need nothing here; the first element of an array
    // that is a number or literal still counts as one.
    const frame = top()
    if (frame?.array && frame.count === 0 && c > 32) frame.count = 1
  }
  return null
}

/** A key for a message, with anything unprintable shown as an escape. */
function printable(key: string): string {
  const shown = key.length > 60 ? key.slice(0, 60) + '...' : key
  return JSON.stringify(shown).slice(1, -1)
}
