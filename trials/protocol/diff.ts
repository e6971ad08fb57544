import { isDeepStrictEqual } from './deep-equal'
import { jsonPointer } from './json-pointer'

/**
 * One field-level change between two protocol versions. `path` is a JSON pointer into the
 * name-keyed view of the protocol: items of arrays of named things (arms, covariates, outcomes,
 * analyses, families, hypotheses, councils) are addressed by their `name` (or a council's `code`)
 * instead of their index, so `/arms/family_mediation/description` stays
 * meaningful when arms are added or reordered. Arrays of plain values are compared whole.
 *
 * @example
 * const change: ProtocolChange = { kind: 'changed', path: '/title', before: 'Old', after: 'New' }
 */
export type ProtocolChange =
  | { kind: 'added'; path: string; after: unknown }
  | { kind: 'removed'; path: string; before: unknown }
  | { kind: 'changed'; path: string; before: unknown; after: unknown }
  | { kind: 'reordered'; path: string; before: string[]; after: string[] }

// A council's identity is its GSS code; everything else named is identified by its name.
const KEY_FIELDS = ['code', 'name'] as const

type Keyed = { keyField: string; keys: string[] }

function keyedBy(items: readonly unknown[]): Keyed | undefined {
  if (items.length === 0) return undefined
  for (const keyField of KEY_FIELDS) {
    const keys = items.map((item) =>
      item !== null && typeof item === 'object' && !Array.isArray(item)
        ? (item as Record<string, unknown>)[keyField]
        : undefined
    )
    if (keys.every((k): k is string => typeof k === 'string') && new Set(keys).size === keys.length)
      return { keyField, keys }
  }
  return undefined
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}

function walk(before: unknown, after: unknown, path: string[], changes: ProtocolChange[]): void {
  if (isDeepStrictEqual(before, after)) return
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort()
    for (const key of keys) {
      const [b, a] = [before[key], after[key]]
      if (b === undefined && a !== undefined)
        changes.push({ kind: 'added', path: jsonPointer([...path, key]), after: a })
      else if (b !== undefined && a === undefined)
        changes.push({ kind: 'removed', path: jsonPointer([...path, key]), before: b })
      else walk(b, a, [...path, key], changes)
    }
    return
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const keyedBefore = keyedBy(before)
    const keyedAfter = keyedBy(after)
    if (
      keyedBefore !== undefined &&
      keyedAfter !== undefined &&
      keyedBefore.keyField === keyedAfter.keyField
    ) {
      const afterByKey = new Map(keyedAfter.keys.map((k, i) => [k, after[i]]))
      const beforeByKey = new Map(keyedBefore.keys.map((k, i) => [k, before[i]]))
      keyedBefore.keys.forEach((key, i) => {
        if (!afterByKey.has(key))
          changes.push({ kind: 'removed', path: jsonPointer([...path, key]), before: before[i] })
        else walk(before[i], afterByKey.get(key), [...path, key], changes)
      })
      keyedAfter.keys.forEach((key, i) => {
        if (!beforeByKey.has(key))
          changes.push({ kind: 'added', path: jsonPointer([...path, key]), after: after[i] })
      })
      const common = (keys: string[], other: Map<string, unknown>) =>
        keys.filter((k) => other.has(k))
      const [orderBefore, orderAfter] = [
        common(keyedBefore.keys, afterByKey),
        common(keyedAfter.keys, beforeByKey),
      ]
      // Order can matter (randomisation.arms maps the random draw to arms), so it is reported.
      if (orderBefore.join('\u0000') !== orderAfter.join('\u0000')) {
        changes.push({
          kind: 'reordered',
          path: jsonPointer(path),
          before: orderBefore,
          after: orderAfter,
        })
      }
      return
    }
  }
  changes.push({ kind: 'changed', path: jsonPointer(path), before, after })
}

/**
 * The field-level diff between two versions of a protocol (or any JSON data), in a stable order:
 * object members by name, named array items by their old order then new ones.
 *
 * @example
 * diffProtocols(v1, { ...v1, title: 'New title' })
 * // [{ kind: 'changed', path: '/title', before: 'Old title', after: 'New title' }]
 */
export function diffProtocols(before: unknown, after: unknown): ProtocolChange[] {
  const changes: ProtocolChange[] = []
  walk(before, after, [], changes)
  return changes
}
