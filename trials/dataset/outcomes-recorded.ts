import type { Protocol } from '../protocol/schema'
import type { AnalysisDataset } from './analysis-dataset'

/**
 * How many outcome cells of an analysis dataset hold something: a recorded value of a primary or secondary
 * outcome, or a recorded reason why it is missing. Zero means the dataset shows no outcome data yet.
 *
 * @example
 * outcomesRecorded(protocol, buildAnalysisDataset(protocol, units, [])) // 0
 */
export function outcomesRecorded(protocol: Protocol, dataset: AnalysisDataset): number {
  const outcomes = [
    protocol.primary_outcome.name,
    ...protocol.secondary_outcomes.map((o) => o.name),
  ]
  const columns = outcomes.flatMap((name) => [
    dataset.header.indexOf(name),
    dataset.header.indexOf(`${name}.missing`),
  ])
  let count = 0
  for (const row of dataset.rows)
    for (const column of columns) if (column >= 0 && row[column] !== null) count += 1
  return count
}
