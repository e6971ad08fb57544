import { AllocatorStateMismatchError } from '../errors'

/**
 * Refuses a saved state whose arm indices or per-arm counts do not fit the configuration's arms: a state saved
 * under another configuration must never allocate.
 *
 * @example
 * checkArms([0, 1, 1], 2, 'block entries') // passes
 * checkArms([3, 1], 2, 'block entries') // throws AllocatorStateMismatchError
 */
export function checkArms(
  indices: readonly number[],
  armCount: number,
  what: string,
  exactLength?: boolean
): void {
  if (exactLength && indices.length !== armCount) {
    throw new AllocatorStateMismatchError(
      `saved ${what} has ${indices.length} entries, the configuration has ${armCount} arms`,
      { what }
    )
  }
  if (!exactLength && indices.some((arm) => arm >= armCount)) {
    throw new AllocatorStateMismatchError(
      `saved ${what} name an arm beyond the configuration's ${armCount} arms`,
      { what }
    )
  }
}
