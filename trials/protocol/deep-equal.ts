/**
 * Structural equality of JSON data (plain objects, arrays, primitives); key order is ignored,
 * array order is not. `undefined` members count as absent, as in JSON.
 *
 * @example
 * isDeepStrictEqual({ a: 1, b: [2] }, { b: [2], a: 1 }) // true
 */
export function isDeepStrictEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((x, i) => isDeepStrictEqual(x, b[i]))
    )
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false
  const ra = a as Record<string, unknown>
  const rb = b as Record<string, unknown>
  const keys = new Set([...Object.keys(ra), ...Object.keys(rb)])
  for (const key of keys) if (!isDeepStrictEqual(ra[key], rb[key])) return false
  return true
}
