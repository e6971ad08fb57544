import { MissingUnitFieldError } from '../errors'
import type { FieldValue, RandomisationUnit } from '../types'

/**
 * Human label of a unit for error messages: 1-based position and id.
 *
 * @example
 * describeUnit({ id: 'h-9' }, 2) // 'unit 2 (id "h-9")'
 */
export function describeUnit(unit: RandomisationUnit, position: number): string {
  return `unit ${position} (id ${JSON.stringify(unit.id)})`
}

/**
 * The value of a field the method needs: a string, finite number or boolean; anything else is refused.
 *
 * @example
 * readField({ id: 'h-1', council: 'York' }, 'council', 1, 'stratum field') // 'York'
 */
export function readField(
  unit: RandomisationUnit,
  field: string,
  position: number,
  role: string
): FieldValue {
  const value = unit[field]
  if (typeof value === 'string' || typeof value === 'boolean') return value
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (value === undefined || value === null) {
    throw new MissingUnitFieldError(
      `${describeUnit(unit, position)} has no value for ${role} "${field}"`,
      {
        position,
        field,
      }
    )
  }
  throw new MissingUnitFieldError(
    `${describeUnit(unit, position)} has ${role} "${field}" of unsupported type; use a string, number or boolean`,
    { position, field }
  )
}
