import { z } from 'zod'
import { fieldValueSchema } from '../randomisation/schema'

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (SHA-256)')

/**
 * The hashed registration body as published (see `RegistrationBody`).
 *
 * @example
 * registrationBodySchema.parse(record.registration)
 */
export const registrationBodySchema = z.object({
  format: z.string(),
  trial_id: z.string().min(1),
  protocol_version: z.number().int().positive(),
  protocol: z.record(z.string(), z.unknown()),
  protocol_hash: sha256,
  algorithm: z.string().min(1),
  engine: z.string().nullable(),
  seed_commitment: sha256,
  seed_supplied: z.boolean(),
  backfilled: z.boolean(),
})

/**
 * `GET /registry/{id}/record.json`: the public registration record of a trial, with the seed and the sealed
 * block sizes once revealed and the head of its allocation ledger. Extra keys are allowed and ignored.
 *
 * @example
 * publicRecordSchema.parse(await (await fetch(`${registry}/record.json`)).json())
 */
export const publicRecordSchema = z.object({
  format: z.literal('trialworks-record/1'),
  trial_id: z.string().min(1),
  registration: registrationBodySchema,
  registration_hash: sha256,
  seed: z.string().nullable(),
  sealed: z.object({ block_sizes: z.array(z.number().int().positive()).min(1) }).nullable(),
  ledger: z.object({
    format: z.string(),
    genesis: sha256,
    entries: z.number().int().min(0),
    head: sha256,
  }),
})
export type PublicRecord = z.infer<typeof publicRecordSchema>

/**
 * One entry of the public allocation ledger.
 *
 * @example
 * ledgerEntrySchema.parse({ sequence: 1, household: 'p-1', unit: { area: 'North' }, arm: 'control', hash: '…' })
 */
export const ledgerEntrySchema = z.strictObject({
  sequence: z.number().int(),
  household: z.string().min(1),
  unit: z.record(z.string(), z.union([fieldValueSchema, z.null()])),
  arm: z.string().min(1),
  hash: sha256,
})

/**
 * `GET /registry/{id}/allocations.json`: the public allocation ledger after close, with copies of the
 * registration fields it was made under.
 *
 * @example
 * publicLedgerSchema.parse(await (await fetch(`${registry}/allocations.json`)).json())
 */
export const publicLedgerSchema = z.object({
  format: z.literal('trialworks-ledger/1'),
  trial_id: z.string().min(1),
  registration_hash: sha256,
  protocol_hash: sha256,
  algorithm: z.string().min(1),
  engine: z.string().nullable(),
  seed_commitment: sha256,
  head: sha256,
  entries: z.array(ledgerEntrySchema),
})
export type PublicLedger = z.infer<typeof publicLedgerSchema>
