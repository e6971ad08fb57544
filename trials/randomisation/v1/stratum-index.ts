import { AllocatorStateMismatchError, UnknownStratumValueError } from '../errors'
import type { FieldValue, RandomisationUnit } from '../types'
import { describeUnit, readField } from './unit-fields'

/** A stratum's canonical key and the per-stratum state kept for it. */
export interface StratumEntry<S> {
  key: string
  state: S
}

type Level<S> = Map<FieldValue, Level<S> | StratumEntry<S>>

/**
 * Canonical stratum key: ECMAScript `JSON.stringify` of the unit's values in strata-field order, e.g. `["York",2]`.
 * Types matter: the number 2 and the string "2" are different strata.
 *
 * @example
 * stratumKey(['York', 2]) // '["York",2]'
 */
function stratumKey(values: readonly FieldValue[]): string {
  return JSON.stringify(values)
}

/** A stratum index: `lookup` finds a unit's stratum; `entries` lists strata in order of first appearance. */
export interface StratumIndex<S> {
  lookup(unit: RandomisationUnit, position: number): StratumEntry<S>
  entries(): readonly StratumEntry<S>[]
  /** Puts back a saved stratum under its canonical key (the JSON of its values), as if it had appeared. */
  restore(key: string, state: S): void
}

/**
 * Finds (or creates on first appearance) the state of a unit's stratum. A trie of Maps keyed by raw field values
 * avoids building the JSON key for every unit, which dominates the cost at a million units.
 *
 * @example
 * const index = createStratumIndex(['council'], undefined, (key) => ({ key, count: 0 }))
 * index.lookup({ id: 'h-1', council: 'York' }, 1).key // '["York"]'
 */
export function createStratumIndex<S>(
  fields: readonly string[],
  allowedValues: Readonly<Record<string, readonly FieldValue[]>> | undefined,
  createState: (key: string) => S
): StratumIndex<S> {
  const allowed = fields.map((field) => {
    const values = allowedValues?.[field]
    return values === undefined ? undefined : { values, set: new Set<FieldValue>(values) }
  })
  const root: Level<S> = new Map()
  let unstratified: StratumEntry<S> | undefined
  const order: StratumEntry<S>[] = []

  function valueOf(unit: RandomisationUnit, index: number, position: number): FieldValue {
    const field = fields[index]
    const value = readField(unit, field, position, 'stratum field')
    const rule = allowed[index]
    if (rule !== undefined && !rule.set.has(value)) {
      const list = rule.values.map((v) => JSON.stringify(v)).join(', ')
      throw new UnknownStratumValueError(
        `${describeUnit(unit, position)}: ${field} ${JSON.stringify(value)} is not an allowed value; allowed: ${list}`,
        { position, field, value, allowed: rule.values }
      )
    }
    return value
  }

  function lookup(unit: RandomisationUnit, position: number): StratumEntry<S> {
    if (fields.length === 0) {
      if (unstratified === undefined) {
        const key = stratumKey([])
        unstratified = { key, state: createState(key) }
        order.push(unstratified)
      }
      return unstratified
    }
    let level = root
    for (let index = 0; index < fields.length - 1; index += 1) {
      const value = valueOf(unit, index, position)
      let next = level.get(value) as Level<S> | undefined
      if (next === undefined) {
        next = new Map()
        level.set(value, next)
      }
      level = next
    }
    const last = valueOf(unit, fields.length - 1, position)
    let entry = level.get(last) as StratumEntry<S> | undefined
    if (entry === undefined) {
      const key = stratumKey(fields.map((_, index) => valueOf(unit, index, position)))
      entry = { key, state: createState(key) }
      level.set(last, entry)
      order.push(entry)
    }
    return entry
  }

  function restore(key: string, state: S): void {
    const entry = { key, state }
    order.push(entry)
    if (fields.length === 0) {
      unstratified = entry
      return
    }
    // The key is JSON of the values in field order, so parsing it gives back the values with their types.
    const values = JSON.parse(key) as unknown
    if (!Array.isArray(values) || values.length !== fields.length) {
      throw new AllocatorStateMismatchError(
        `saved stratum ${key} does not have one value for each of ${fields.length} strata fields`,
        { key }
      )
    }
    let level = root
    for (let index = 0; index < fields.length - 1; index += 1) {
      const value = values[index] as FieldValue
      let next = level.get(value) as Level<S> | undefined
      if (next === undefined) {
        next = new Map()
        level.set(value, next)
      }
      level = next
    }
    level.set(values[fields.length - 1] as FieldValue, entry)
  }

  return { lookup, entries: () => order, restore }
}
