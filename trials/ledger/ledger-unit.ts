import type { FieldValue, RandomisationConfig } from '../randomisation/schema'

/**
 * The fields of a unit that a randomisation method reads: the strata, the cluster and the minimisation
 * factors, in that order without repeats. Only these go into the public ledger; every other baseline field
 * stays private.
 *
 * @example
 * ledgerFields({ method: 'stratified_permuted_block', arms, block_sizes: [4], strata: ['area'] }) // ['area']
 */
export function ledgerFields(config: RandomisationConfig): string[] {
  const fields = [
    ...(config.strata ?? []),
    ...(config.cluster !== undefined ? [config.cluster] : []),
    ...(config.minimisation?.factors ?? []),
  ]
  return [...new Set(fields)]
}

/**
 * The public projection of a unit: only {@link ledgerFields}, each as the allocator saw it (null if absent).
 *
 * @example
 * ledgerUnit(config, { area: 'North', age_head: 41 }) // { area: 'North' }
 */
export function ledgerUnit(
  config: RandomisationConfig,
  unit: Record<string, unknown>
): Record<string, FieldValue | null> {
  const out: Record<string, FieldValue | null> = {}
  for (const field of ledgerFields(config)) {
    const value = unit[field]
    out[field] =
      typeof value === 'string' ||
      typeof value === 'boolean' ||
      (typeof value === 'number' && Number.isFinite(value))
        ? value
        : null
  }
  return out
}
