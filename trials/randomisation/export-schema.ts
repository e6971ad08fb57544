import { z } from 'zod'
import { fieldValueSchema, randomisationSchema } from './schema'

const sha256HexSchema = z
  .string()
  .regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (sha256)')

/**
 * One allocated unit in an export: its id, the fields it presented with, and the arm (and, where the method
 * records them, stratum key and block) that was recorded at the time.
 *
 * @example
 * exportedUnitSchema.parse({ id: 'h-1', fields: { council: 'York' }, arm: 'mediation', stratum: '["York"]', block: 1 })
 */
const exportedUnitSchema = z.strictObject({
  id: z.union([z.string().min(1), z.number().finite()]),
  fields: z.record(z.string(), z.union([fieldValueSchema, z.null()])),
  arm: z.string().min(1),
  stratum: z.string().optional(),
  block: z.number().int().positive().optional(),
})
export type ExportedUnit = z.infer<typeof exportedUnitSchema>

/**
 * What `GET /trials/:id/allocation-export` returns after a trial closes: enough for anyone to re-derive every
 * allocation and to check the revealed seed against the commitment published before enrolment. Extra top-level
 * keys (export time, etc.) are allowed and ignored. `algorithm` names the algorithm that allocated the units; it
 * is null when no unit was allocated (a trial closed with nobody enrolled), and only then: there is nothing to
 * re-derive, but the seed and protocol hash are still checked.
 *
 * @example
 * allocationExportSchema.parse({
 *   trial_id: 't-1', protocol_hash: 'ab…(64 hex)', algorithm: 'trialworks-randomisation/1',
 *   randomisation: { method: 'simple', arms: [{ name: 'a', ratio: 1 }, { name: 'b', ratio: 1 }] },
 *   seed: '9f2c…', seed_commitment: 'cd…(64 hex)', units: [{ id: 'h-1', fields: {}, arm: 'a' }],
 * })
 */
export const allocationExportSchema = z
  .object({
    trial_id: z.string().min(1),
    protocol_hash: sha256HexSchema,
    algorithm: z
      .string()
      .min(1)
      .nullable()
      .describe('The algorithm that allocated the units; null when no unit was allocated'),
    randomisation: randomisationSchema,
    seed: z.string().min(1),
    seed_commitment: sha256HexSchema,
    /** The registered protocol in full (block sizes included), as the server exports it: its hash is recomputed. */
    protocol: z.record(z.string(), z.unknown()).optional(),
    units: z.array(exportedUnitSchema),
  })
  .refine((document) => document.algorithm !== null || document.units.length === 0, {
    path: ['algorithm'],
    message: 'allocated units need the algorithm that allocated them',
  })
export type AllocationExport = z.infer<typeof allocationExportSchema>
