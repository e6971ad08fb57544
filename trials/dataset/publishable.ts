import { sha256Hex } from '../hash'
import { executableSpecs } from '../protocol/executable-specs'
import type { Protocol } from '../protocol/schema'
import { csvField, type AnalysisDataset } from './analysis-dataset'

/**
 * Tag of the publishable dataset format (`GET /registry/{id}/dataset.json`). Its type is the literal,
 * so a document carrying it matches the `z.literal` of its schema.
 *
 * @example
 * PUBLIC_DATASET_FORMAT // 'trialworks-public-dataset/1'
 */
export const PUBLIC_DATASET_FORMAT: 'trialworks-public-dataset/1' = 'trialworks-public-dataset/1'

/** Columns every publishable dataset has: the ledger's pseudonym, the arm and the randomisation bookkeeping. */
const ALLOCATION_COLUMNS = ['id', 'arm', 'stratum', 'block']

function stringsIn(value: unknown, into: Set<string>): Set<string> {
  if (typeof value === 'string') into.add(value)
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into)
  else if (value !== null && typeof value === 'object')
    for (const v of Object.values(value)) stringsIn(v, into)
  return into
}

/**
 * The columns of the analysis dataset a council may publish: the pseudonymous household (the same pseudonym
 * as in the public allocation ledger), its arm, stratum and block, and every variable the registered analysis
 * plan reads: the primary and secondary outcomes (attrition is reported for each), the numeric covariates
 * (the balance check reads them) and any column an analysis names (adjustment covariates, cluster, take-up).
 * Everything else stays with the evaluator: the reasons why a value is missing (a household's circumstances:
 * moved away, withdrew consent, died), and covariates and process measures no registered analysis reads.
 *
 * @example
 * publishableColumns(protocol, dataset.header).includes('homeless_6m.missing') // false
 */
export function publishableColumns(protocol: Protocol, header: readonly string[]): string[] {
  const read = new Set<string>([
    ...ALLOCATION_COLUMNS,
    protocol.primary_outcome.name,
    ...protocol.secondary_outcomes.map((o) => o.name),
    ...protocol.covariates.filter((c) => c.type !== 'categorical').map((c) => c.name),
  ])
  for (const { spec } of executableSpecs(protocol)) stringsIn(spec, read)
  return header.filter((column) => read.has(column) && !column.endsWith('.missing'))
}

/**
 * The publishable dataset: the analysis dataset restricted to `publishableColumns`, rows in order of
 * presentation (the ledger's order), as CSV with its SHA-256, and the columns withheld. The registered
 * analysis plan gives the same numbers on it as on the full dataset, since it reads no withheld column.
 *
 * @example
 * publishableDataset(protocol, dataset).withheld // ['homeless_6m.missing', ...]
 */
export function publishableDataset(
  protocol: Protocol,
  dataset: AnalysisDataset
): { header: string[]; csv: string; sha256: string; rows: number; withheld: string[] } {
  const header = publishableColumns(protocol, dataset.header)
  const keep = header.map((column) => dataset.header.indexOf(column))
  const lines = dataset.rows.map((row) => keep.map((i) => csvField(row[i] ?? null)).join(','))
  const csv = [header.join(','), ...lines].join('\n') + '\n'
  return {
    header,
    csv,
    sha256: sha256Hex(csv),
    rows: dataset.rows.length,
    withheld: dataset.header.filter((column) => !header.includes(column)),
  }
}
