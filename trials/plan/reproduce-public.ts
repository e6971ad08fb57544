import { z } from 'zod'
import { parseCsv } from '../../analysis/data'
import { PUBLIC_DATASET_FORMAT } from '../dataset/publishable'
import { sha256Hex } from '../hash'
import { InvalidAllocationExportError } from '../randomisation/errors'
import { verifyPublicRecord, type PublicVerification } from '../registration-record/verify-public'
import { reproduceRun, type ReproductionReport } from './reproduce'

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 lowercase hex digits (SHA-256)')

/**
 * `GET /registry/{id}/dataset.json`: the publishable dataset with the final planned run it reproduces.
 * Extra keys are allowed and ignored.
 *
 * @example
 * publicDatasetSchema.parse(await (await fetch(`${registry}/dataset.json`)).json())
 */
export const publicDatasetSchema = z.object({
  format: z.literal(PUBLIC_DATASET_FORMAT),
  trial_id: z.string().min(1),
  registration_hash: sha256,
  sha256,
  source_dataset_hash: sha256,
  run: z.record(z.string(), z.unknown()),
  csv: z.string(),
})

/**
 * The outcome of {@link reproducePublic}: the allocation verification, the dataset checks and the
 * reproduction of the run, with the first thing that differs.
 *
 * @example
 * const report: PublicReproduction = reproducePublic(record, ledger, dataset)
 */
export type PublicReproduction = {
  ok: boolean
  trial_id: string
  first_difference: string | null
  allocations: PublicVerification
  dataset: Array<{ check: string; ok: boolean; detail: string }>
  reproduction: ReproductionReport | null
}

/**
 * Re-derives a trial's allocations and the numbers of its published final analysis from public material
 * alone: the registration record, the allocation ledger and the publishable dataset. In order: the record and
 * ledger verify (`verifyPublicRecord`: hashes, seed, chain, every allocation); the dataset belongs to this
 * registration and hashes to its stated SHA-256; its rows are the ledger's households, in ledger order, each in
 * the arm the ledger re-derived; then the registered plan is run again on it with the revealed seed and every
 * number compared with the published run (`reproduceRun`). Names the first difference. Throws
 * `InvalidAllocationExportError` if a document is malformed.
 *
 * @example
 * reproducePublic(record, ledger, dataset, engine).first_difference // null when everything re-derives
 */
export function reproducePublic(
  recordInput: unknown,
  ledgerInput: unknown,
  datasetInput: unknown,
  currentEngineVersion?: string
): PublicReproduction {
  const allocations = verifyPublicRecord(recordInput, ledgerInput)
  const parsed = publicDatasetSchema.safeParse(datasetInput)
  if (!parsed.success)
    throw new InvalidAllocationExportError(
      `invalid public dataset: ${parsed.error.issues.map((i) => `${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')}`,
      { issues: parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })) }
    )
  const published = parsed.data
  const record = recordInput as { registration_hash?: string }
  const ledger = ledgerInput as { entries?: Array<{ household: string; arm: string }> }
  const computed = sha256Hex(published.csv)
  const dataset: PublicReproduction['dataset'] = [
    {
      check: 'registration_hash',
      ok: published.registration_hash === record.registration_hash,
      detail: `the dataset states registration ${published.registration_hash}; the record is ${String(record.registration_hash)}`,
    },
    {
      check: 'dataset_sha256',
      ok: computed === published.sha256,
      detail: `SHA-256 of the published CSV ${computed}; the dataset states ${published.sha256}`,
    },
    rowsMatchLedger(published.csv, ledger.entries ?? []),
  ]
  let reproduction: ReproductionReport | null = null
  if (allocations.ok)
    reproduction = reproduceRun(published.run, published.csv, recordInput, currentEngineVersion, {
      cutFrom: published.source_dataset_hash,
    })
  const badDataset = dataset.find((c) => !c.ok)
  const badRun = reproduction?.checks.find((c) => !c.ok)
  const mismatch = reproduction?.mismatches[0]
  const first =
    allocations.first_difference ??
    (badDataset ? `${badDataset.check}: ${badDataset.detail}` : null) ??
    (badRun
      ? `${badRun.check}: ${badRun.detail}${mismatch ? ` (first: ${mismatch.path} is ${JSON.stringify(mismatch.stored)} in the run, ${JSON.stringify(mismatch.recomputed)} recomputed)` : ''}`
      : null)
  return {
    ok: first === null,
    trial_id: published.trial_id,
    first_difference: first,
    allocations,
    dataset,
    reproduction,
  }
}

/** The dataset's rows are the ledger's households, in ledger order, each in its ledger arm. */
function rowsMatchLedger(
  csv: string,
  entries: ReadonlyArray<{ household: string; arm: string }>
): { check: string; ok: boolean; detail: string } {
  const table = parseCsv(csv)
  const ids = (table.columns.id?.values ?? []) as ReadonlyArray<unknown>
  const arms = (table.columns.arm?.values ?? []) as ReadonlyArray<unknown>
  const check = 'dataset_allocations'
  for (let i = 0; i < Math.max(ids.length, entries.length); i++) {
    const entry = entries[i]
    if (entry === undefined)
      return { check, ok: false, detail: `row ${i + 1} (${String(ids[i])}) is not in the ledger` }
    if (i >= ids.length)
      return {
        check,
        ok: false,
        detail: `ledger entry ${i + 1} (${entry.household}) has no row in the dataset`,
      }
    if (String(ids[i]) !== entry.household)
      return {
        check,
        ok: false,
        detail: `row ${i + 1} is household ${String(ids[i])}; ledger entry ${i + 1} is ${entry.household}`,
      }
    if (String(arms[i]) !== entry.arm)
      return {
        check,
        ok: false,
        detail: `row ${i + 1} (${entry.household}) is in arm ${String(arms[i])}; the ledger allocated ${entry.arm}`,
      }
  }
  return {
    check,
    ok: true,
    detail: `${ids.length} rows: the ledger's households in ledger order, each in its allocated arm`,
  }
}
