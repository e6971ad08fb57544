/**
 * How a stratum is written in every response and export for people: its field values in the
 * protocol's strata order, joined by `|` (e.g. `leeds|single_under_25`), as `dataset.csv` has it.
 * (The allocation export keeps the allocator's own key, `["leeds","single_under_25"]`, which
 * `npm run verify` compares type for type.)
 *
 * @example
 * formatStratum(['leeds', 'single_under_25']) // 'leeds|single_under_25'
 */
export function formatStratum(values: readonly unknown[]): string {
  return values.map((v) => String(v ?? '')).join('|')
}

/**
 * The label of a stratum recorded as the allocator's key (JSON of the values), or null for an
 * unstratified unit.
 *
 * @example
 * stratumLabel('["leeds","single_under_25"]') // 'leeds|single_under_25'
 */
export function stratumLabel(key: string | null): string | null {
  if (key === null) return null
  const values: unknown = JSON.parse(key)
  return Array.isArray(values) ? formatStratum(values) : key
}
