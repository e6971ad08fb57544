import { sha256Hex } from '../hash'
import type { Protocol } from '../protocol/schema'
import { spreadsheetSafe } from './spreadsheet-safe'
import { formatStratum } from './stratum-label'

/** One enrolled unit as stored: its pseudonymous id, allocation and randomisation-time fields. */
export interface DatasetUnit {
  id: string
  arm: string
  stratum: string | null
  block: number | null
  unit: Record<string, unknown>
}

/** The latest recorded value of one variable for one unit, or its missingness reason. */
export interface DatasetObservation {
  unitId: string
  variable: string
  value: number | string | null
  missingReason: string | null
}

export interface AnalysisDataset {
  header: string[]
  rows: Array<Array<string | number | null>>
  csv: string
  /** SHA-256 of `csv`: the data version an analysis used. */
  sha256: string
}

/** Suffix of the column holding why a variable is missing (`.` cannot occur in protocol names). */
const MISSING_SUFFIX = '.missing'

/**
 * The tidy analysis dataset: one row per enrolled unit in order of presentation, with columns
 * `id, arm, stratum, block`, then every covariate, outcome and process measure of the protocol, then
 * one `<variable>.missing` column per variable giving the recorded reason for a missing value. `stratum` is the randomisation stratum's values joined by `|` (the allocation's
 * JSON key holds commas, which the CSV format does not allow). Empty fields are missing. This is
 * exactly the CSV the `analyse` command reads (text cells that a spreadsheet would run as a formula
 * are written with a leading `'`), so any stored analysis can be rerun outside the
 * server; its SHA-256 identifies the data version.
 *
 * @example
 * buildAnalysisDataset(protocol, units, observations).header.slice(0, 4) // ['id', 'arm', 'stratum', 'block']
 */
export function buildAnalysisDataset(
  protocol: Protocol,
  units: readonly DatasetUnit[],
  observations: readonly DatasetObservation[]
): AnalysisDataset {
  const covariates = protocol.covariates.map((c) => c.name)
  const outcomes = [
    protocol.primary_outcome.name,
    ...protocol.secondary_outcomes.map((o) => o.name),
  ]
  const process = (protocol.process_measures ?? []).map((p) => p.name)
  const followUp = [...outcomes, ...process]
  const recorded = [...covariates, ...followUp]
  const header = [
    'id',
    'arm',
    'stratum',
    'block',
    ...recorded,
    ...recorded.map((v) => v + MISSING_SUFFIX),
  ]
  const strata = protocol.randomisation.strata ?? []

  const byUnit = new Map<string, Map<string, DatasetObservation>>()
  for (const o of observations) {
    let m = byUnit.get(o.unitId)
    if (!m) byUnit.set(o.unitId, (m = new Map()))
    m.set(o.variable, o)
  }
  const rows = units.map((u) => {
    const obs = byUnit.get(u.id)
    const stratum = strata.length ? formatStratum(strata.map((f) => u.unit[f])) : null
    const value = (name: string) => {
      const o = obs?.get(name)
      if (o && o.value !== null) return o.value
      // Randomisation-time fields are recorded with the allocation even when no observation exists.
      const fromUnit = u.unit[name]
      return typeof fromUnit === 'number' || typeof fromUnit === 'string' ? fromUnit : null
    }
    return [
      u.id,
      u.arm,
      stratum,
      u.block,
      ...covariates.map(value),
      ...followUp.map((name) => obs?.get(name)?.value ?? null),
      ...recorded.map((name) => obs?.get(name)?.missingReason ?? null),
    ]
  })
  const csv = [header.join(','), ...rows.map((r) => r.map(csvField).join(','))].join('\n') + '\n'
  return { header, rows, csv, sha256: sha256Hex(csv) }
}

/**
 * One dataset cell as CSV: numbers in shortest round-trip form (ECMAScript); text as is (validated free of
 * commas, quotes and line breaks) unless a spreadsheet would read it as a formula (`=`, `+`, `-`, `@`, TAB,
 * CR first), which gets a leading `'` (OWASP CSV Injection guidance). Numbers are never prefixed, so
 * `-1.5` stays a number for the analysis reader. Missing is empty.
 *
 * @example
 * csvField(-1.5) // '-1.5'
 */
export function csvField(value: string | number | null): string {
  if (value === null) return ''
  return typeof value === 'number' ? String(value) : spreadsheetSafe(value)
}
