import { z } from 'zod'
import { fieldValueSchema } from './schema'

/**
 * The format tag of a persisted allocator state. It versions the snapshot's shape, not the draws: the draws are
 * versioned by the algorithm tag, which the snapshot carries beside it.
 *
 * @example
 * ALLOCATOR_STATE_FORMAT // 'trialworks-allocator-state/1'
 */
export const ALLOCATOR_STATE_FORMAT = 'trialworks-allocator-state/1'

/**
 * The internal state of one Alea stream (Baagøe 2010): the carry `c` and the three lags `s0..s2`, each a double
 * with 32 bits of fraction, so JSON (shortest round-trip number text) carries them exactly.
 *
 * @example
 * streamStateSchema.parse({ c: 1, s0: 0.25, s1: 0.5, s2: 0.75 })
 */
const streamStateSchema = z.strictObject({
  c: z.number().finite(),
  s0: z.number().finite(),
  s1: z.number().finite(),
  s2: z.number().finite(),
})
export type StreamState = z.infer<typeof streamStateSchema>

/**
 * One stratum's running permuted-block sequence: its stream, the 1-based number of the current block, the current
 * block's arm indices in order and how many of them are used. `block: 0` with an empty block: nothing drawn yet.
 *
 * @example
 * blockSequenceStateSchema.parse({ key: '["York"]', stream: { c: 1, s0: 0.1, s1: 0.2, s2: 0.3 }, block: 1, entries: [1, 0], used: 1 })
 */
const blockSequenceStateSchema = z.strictObject({
  key: z.string(),
  stream: streamStateSchema,
  block: z.int().nonnegative(),
  entries: z.array(z.int().nonnegative()),
  used: z.int().nonnegative(),
})
export type BlockSequenceState = z.infer<typeof blockSequenceStateSchema>

const methodStateSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('simple'), stream: streamStateSchema }),
  z.strictObject({
    kind: z.literal('complete'),
    stream: streamStateSchema,
    total: z.int().nonnegative(),
    remaining: z.array(z.int().nonnegative()),
  }),
  z.strictObject({
    kind: z.literal('permuted_block'),
    strata: z.array(blockSequenceStateSchema),
  }),
  z.strictObject({
    kind: z.literal('cluster'),
    strata: z.array(blockSequenceStateSchema),
    clusters: z.array(
      z.strictObject({
        cluster: fieldValueSchema,
        arm: z.int().nonnegative(),
        stratum: z.string(),
        block: z.int().positive(),
      })
    ),
  }),
  z.strictObject({
    kind: z.literal('minimisation'),
    stream: streamStateSchema,
    factors: z.array(
      z.array(z.strictObject({ level: fieldValueSchema, counts: z.array(z.int().nonnegative()) }))
    ),
  }),
])

/**
 * A running allocation sequence as plain JSON: everything needed to allocate unit n+1 without units 1..n.
 * Per method: the stream (simple), the stream, planned total and urn (complete), each stratum's block sequence
 * (permuted blocks), those plus every cluster's allocation (cluster), the stream and each factor level's counts
 * per arm (minimisation). Its size depends on the number of strata, clusters and factor levels, never on the
 * number of units. Unit ids are not kept: after a restore, duplicate ids are the store's to refuse.
 *
 * @example
 * allocatorStateSchema.parse(createAllocator(config, seed).snapshot())
 */
export const allocatorStateSchema = z.strictObject({
  format: z.literal(ALLOCATOR_STATE_FORMAT),
  algorithm: z.string().min(1),
  allocated: z.int().nonnegative(),
  method: methodStateSchema,
})
export type AllocatorState = z.infer<typeof allocatorStateSchema>
export type MethodState = z.infer<typeof methodStateSchema>
