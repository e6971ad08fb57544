import type { DataTable } from '../../analysis/data'
import { InvalidInputError } from '../../analysis'
import { TREATMENT_COLUMN } from '../protocol/names'
import type { Protocol } from '../protocol/schema'

/**
 * Clusters per arm as randomised and as analysed (a cluster counts as analysed when at least one of
 * its households has the primary outcome observed, EVIDENCE_RATINGS.md §1).
 *
 * @example
 * const counts: ClusterCounts = { randomised: { treatment: 12, control: 12 }, analysed: { treatment: 12, control: 11 } }
 */
export interface ClusterCounts {
  randomised: { treatment: number; control: number }
  analysed: { treatment: number; control: number }
}

/**
 * Counts the clusters of one comparison in the analysis dataset, from the protocol's cluster field
 * and its primary outcome. Returns null for an individually randomised protocol.
 *
 * @example
 * countClusters(protocol, parseCsv(dataset.csv), 'mediation', 'usual_care')?.analysed.control // 11
 */
export function countClusters(
  protocol: Protocol,
  table: DataTable,
  arm: string,
  control: string
): ClusterCounts | null {
  const field = protocol.randomisation.cluster
  if (protocol.unit_of_randomisation !== 'cluster' || field === undefined) return null
  const clusters = table.columns[field]
  const arms = table.columns[TREATMENT_COLUMN]
  const outcome = table.columns[protocol.primary_outcome.name]
  if (!clusters || !arms || !outcome)
    throw new InvalidInputError(
      `the dataset lacks the ${field}, ${TREATMENT_COLUMN} or primary outcome column`,
      {
        cluster_field: field,
      }
    )
  const sets = {
    randomised: { treatment: new Set<string>(), control: new Set<string>() },
    analysed: { treatment: new Set<string>(), control: new Set<string>() },
  }
  for (let i = 0; i < table.rowCount; i++) {
    const a = arms.values[i]
    const c = clusters.values[i]
    if (c === null || (a !== arm && a !== control)) continue
    const side = a === arm ? 'treatment' : 'control'
    sets.randomised[side].add(String(c))
    if (outcome.values[i] !== null) sets.analysed[side].add(String(c))
  }
  return {
    randomised: {
      treatment: sets.randomised.treatment.size,
      control: sets.randomised.control.size,
    },
    analysed: { treatment: sets.analysed.treatment.size, control: sets.analysed.control.size },
  }
}
