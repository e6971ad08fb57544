import { z } from 'zod'

/**
 * Method names, in the request vocabulary (snake_case):
 * - `simple`: independent draws with probabilities proportional to the arm ratios.
 * - `complete`: exact counts proportional to the ratios over a known total (`sample_size`, or the batch size).
 * - `permuted_block`: permuted blocks, block size drawn per block from `block_sizes`.
 * - `stratified_permuted_block`: `permuted_block` run independently inside each stratum of `strata`.
 * - `cluster`: whole clusters (the `cluster` field) allocated by permuted blocks over clusters in order of first appearance.
 * - `stratified_cluster`: `cluster` run independently inside each stratum; a cluster must not straddle strata.
 * - `minimisation`: Pocock–Simon minimisation over `minimisation.factors`.
 *
 * @example
 * randomisationMethodSchema.parse('permuted_block') // 'permuted_block'
 */
const randomisationMethodSchema = z.enum([
  'simple',
  'complete',
  'permuted_block',
  'stratified_permuted_block',
  'cluster',
  'stratified_cluster',
  'minimisation',
])
export type RandomisationMethod = z.infer<typeof randomisationMethodSchema>

/**
 * One arm: a name and an integer allocation ratio (2:1 is ratios 2 and 1).
 *
 * @example
 * armSchema.parse({ name: 'mediation', ratio: 2 })
 */
const armSchema = z.strictObject({
  name: z.string().min(1),
  ratio: z.number().int().positive(),
})
export type Arm = z.infer<typeof armSchema>

/**
 * A value a unit may carry in a stratification, cluster or minimisation field. Objects and arrays are refused
 * because their canonical form would be ambiguous across implementations.
 *
 * @example
 * fieldValueSchema.parse('18-24') // '18-24'
 */
export const fieldValueSchema = z.union([z.string(), z.number().finite(), z.boolean()])
export type FieldValue = z.infer<typeof fieldValueSchema>

/**
 * Pocock–Simon minimisation settings. `weights` align with `factors` (default all 1); `imbalance` is the
 * per-factor measure (`range` = max - min, `variance` = sample variance of ratio-adjusted counts); `p_follow` is
 * the probability of assigning the arm that minimises imbalance.
 *
 * @example
 * minimisationSchema.parse({ factors: ['age_band', 'prior_episode'], weights: [1, 2], imbalance: 'range', p_follow: 0.8 })
 */
const minimisationSchema = z.strictObject({
  factors: z.array(z.string().min(1)).min(1),
  weights: z.array(z.number().finite().positive()).optional(),
  imbalance: z.enum(['range', 'variance']).default('range'),
  p_follow: z.number().gt(0).lte(1),
})
export type Minimisation = z.infer<typeof minimisationSchema>

/**
 * The randomisation section without cross-field checks. Exported so that request and export documents can
 * `.extend()` it and then apply {@link refineRandomisation}; use {@link randomisationSchema} everywhere else.
 *
 * @example
 * const requestSchema = randomisationObjectSchema.extend({ seed: z.string() }).superRefine(refineRandomisation)
 */
export const randomisationObjectSchema = z.strictObject({
  method: randomisationMethodSchema,
  arms: z.array(armSchema).min(2),
  /** Allowed block sizes; each a multiple of the ratio sum. Required by the block and cluster methods. */
  block_sizes: z.array(z.number().int().positive()).min(1).optional(),
  /** Stratification field names, in the order used for the canonical stratum key. */
  strata: z.array(z.string().min(1)).min(1).optional(),
  /** Optional allowed values per stratification field; a unit with any other value is refused. */
  strata_values: z.record(z.string(), z.array(fieldValueSchema).min(1)).optional(),
  /** Field naming the cluster (caseworker, office) for the cluster methods. */
  cluster: z.string().min(1).optional(),
  minimisation: minimisationSchema.optional(),
  /** Planned number of units for `complete` (required when allocating one at a time). */
  sample_size: z.number().int().positive().optional(),
})

type RandomisationShape = z.infer<typeof randomisationObjectSchema>

const blockMethods = new Set([
  'permuted_block',
  'stratified_permuted_block',
  'cluster',
  'stratified_cluster',
])
const stratifiedMethods = new Set(['stratified_permuted_block', 'stratified_cluster'])
const clusterMethods = new Set(['cluster', 'stratified_cluster'])

function duplicates<T>(values: readonly T[]): T[] {
  const seen = new Set<T>()
  const repeated = new Set<T>()
  for (const value of values) (seen.has(value) ? repeated : seen).add(value)
  return [...repeated]
}

/**
 * Cross-field checks of a randomisation section; reports every problem with its path rather than the first.
 *
 * @example
 * randomisationObjectSchema.superRefine(refineRandomisation).safeParse({ method: 'simple', arms: [] }).success // false
 */
export function refineRandomisation(config: RandomisationShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) =>
    ctx.addIssue({ code: 'custom', path, message })
  const { method } = config

  for (const name of duplicates(config.arms.map((arm) => arm.name))) {
    issue(['arms'], `arm name "${name}" appears more than once`)
  }
  const ratioSum = config.arms.reduce((sum, arm) => sum + arm.ratio, 0)

  if (blockMethods.has(method)) {
    if (config.block_sizes === undefined)
      issue(['block_sizes'], `method ${method} requires block_sizes`)
  } else if (config.block_sizes !== undefined) {
    issue(['block_sizes'], `block_sizes is not used by method ${method}`)
  }
  config.block_sizes?.forEach((size, index) => {
    if (size % ratioSum !== 0) {
      issue(
        ['block_sizes', index],
        `block size ${size} is not a multiple of the ratio sum ${ratioSum}`
      )
    }
  })
  for (const size of duplicates(config.block_sizes ?? [])) {
    issue(['block_sizes'], `block size ${size} appears more than once`)
  }

  if (stratifiedMethods.has(method)) {
    if (config.strata === undefined) issue(['strata'], `method ${method} requires strata`)
  } else if (config.strata !== undefined) {
    issue(['strata'], `strata is not used by method ${method}`)
  }
  for (const field of duplicates(config.strata ?? []))
    issue(['strata'], `stratum field "${field}" appears more than once`)
  if (config.strata_values !== undefined) {
    const strata = new Set(config.strata ?? [])
    for (const [field, values] of Object.entries(config.strata_values)) {
      if (!strata.has(field))
        issue(['strata_values', field], `"${field}" is not one of the strata fields`)
      for (const value of duplicates(values)) {
        issue(['strata_values', field], `value ${JSON.stringify(value)} appears more than once`)
      }
    }
  }

  if (clusterMethods.has(method)) {
    if (config.cluster === undefined) issue(['cluster'], `method ${method} requires cluster`)
    else if (config.strata?.includes(config.cluster)) {
      issue(['cluster'], `cluster field "${config.cluster}" cannot also be a stratum field`)
    }
  } else if (config.cluster !== undefined) {
    issue(['cluster'], `cluster is not used by method ${method}`)
  }

  if (method === 'minimisation') {
    if (config.minimisation === undefined)
      issue(['minimisation'], 'method minimisation requires minimisation settings')
  } else if (config.minimisation !== undefined) {
    issue(['minimisation'], `minimisation is not used by method ${method}`)
  }
  if (config.minimisation !== undefined) {
    const { factors, weights } = config.minimisation
    for (const factor of duplicates(factors))
      issue(['minimisation', 'factors'], `factor "${factor}" appears more than once`)
    if (weights !== undefined && weights.length !== factors.length) {
      issue(
        ['minimisation', 'weights'],
        `weights has ${weights.length} entries but factors has ${factors.length}`
      )
    }
  }

  if (method !== 'complete' && config.sample_size !== undefined) {
    issue(['sample_size'], `sample_size is not used by method ${method}`)
  }
}

/**
 * The randomisation section of a trial protocol: method, arms and method settings, without seed or units.
 * Strict: unknown keys are refused; cross-field problems are all listed with their paths.
 *
 * @example
 * randomisationSchema.parse({
 *   method: 'stratified_permuted_block',
 *   arms: [{ name: 'mediation', ratio: 2 }, { name: 'usual_care', ratio: 1 }],
 *   block_sizes: [3, 6],
 *   strata: ['council', 'household_type'],
 * })
 */
export const randomisationSchema = randomisationObjectSchema.superRefine(refineRandomisation)
export type RandomisationConfig = z.infer<typeof randomisationSchema>
