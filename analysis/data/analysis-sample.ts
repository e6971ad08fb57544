import { completeCaseRows, getColumn } from './columns'
import type { DataTable } from './data-table'
import { TreatmentCodingError } from './errors'

/** Which column holds the assignment and, for multi-arm trials, which two of its values are compared. */
export interface ArmSelection {
  readonly treatment: string
  readonly treatment_arm?: number | string
  readonly control_arm?: number | string
}

/** The rows an estimator analyses, with the 0/1 treatment indicator aligned to them. */
export interface AnalysisSample {
  /** Row indices into the table, in file order. */
  readonly rows: readonly number[]
  /** 1 = treatment arm, 0 = control arm, aligned with `rows`. */
  readonly treated: Uint8Array
}

function describeValues(values: Iterable<string>): string {
  const list = [...values].sort()
  return list.length > 8 ? `${list.slice(0, 8).join(', ')}, ...` : list.join(', ')
}

/**
 * Complete cases over `columns` (plus the treatment column), restricted to the two compared arms.
 * Without `treatment_arm`/`control_arm` the treatment must be coded 0/1 exactly (the oracle rule); a
 * column with more values is refused with the values found, so a multi-arm trial names its comparison.
 *
 * @example
 * const { rows, treated } = selectAnalysisSample(table, { treatment: 'arm' }, ['days', 'age'])
 */
export function selectAnalysisSample(
  table: DataTable,
  arms: ArmSelection,
  columns: readonly string[]
): AnalysisSample {
  const column = getColumn(table, arms.treatment)
  const complete = completeCaseRows(table, [arms.treatment, ...columns])
  const label = (r: number): string => String(column.values[r])
  const named = arms.treatment_arm !== undefined && arms.control_arm !== undefined
  const treatmentLabel = named ? String(arms.treatment_arm) : '1'
  const controlLabel = named ? String(arms.control_arm) : '0'
  const others = new Set<string>()
  const rows: number[] = []
  const flags: number[] = []
  for (const r of complete) {
    const value = label(r)
    if (value === treatmentLabel) {
      rows.push(r)
      flags.push(1)
    } else if (value === controlLabel) {
      rows.push(r)
      flags.push(0)
    } else {
      others.add(value)
    }
  }
  if (!named && others.size > 0) {
    const all = new Set([...others, ...flags.map((f) => String(f))])
    const hint =
      all.size > 2
        ? `; it has ${all.size} values (${describeValues(all)}): name the two arms compared with treatment_arm and control_arm`
        : ` (found ${describeValues(others)})`
    throw new TreatmentCodingError(
      `treatment column "${arms.treatment}" must be coded 0/1${hint}`,
      {
        column: arms.treatment,
        values: [...all].sort(),
      }
    )
  }
  const treatedCount = flags.reduce((s, f) => s + f, 0)
  if (treatedCount === 0 || treatedCount === flags.length) {
    const missingArm =
      treatedCount === 0 ? `treatment (${treatmentLabel})` : `control (${controlLabel})`
    throw new TreatmentCodingError(
      `no complete-case rows are in the ${missingArm} arm of "${arms.treatment}"`,
      {
        column: arms.treatment,
      }
    )
  }
  return { rows, treated: Uint8Array.from(flags) }
}
