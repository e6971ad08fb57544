import type { Protocol } from '../protocol/schema'
import type { BaselineRow } from './trial-report-schema'

export type { BaselineRow } from './trial-report-schema'

/**
 * The analysis dataset as `buildAnalysisDataset` returns it: a header and one row per household.
 *
 * @example
 * const d: DatasetView = { header: ['id', 'arm'], rows: [['hh_1', 'usual_care']] }
 */
export interface DatasetView {
  header: readonly string[]
  rows: ReadonlyArray<ReadonlyArray<string | number | null>>
}

const one = (x: number) => x.toFixed(1)

/**
 * The baseline table by arm (CONSORT 2025 item 25): continuous and count characteristics as mean
 * (SD) with the number recorded; binary ones as n (%) with the value 1; categorical ones as n (%)
 * per level. Percentages are of households with the characteristic recorded. Sample SD with n - 1.
 *
 * @example
 * baselineTable(protocol, dataset)[0].by_arm.usual_care.text // '38.2 (11.0)'
 */
export function baselineTable(protocol: Protocol, dataset: DatasetView): BaselineRow[] {
  const armColumn = dataset.header.indexOf('arm')
  const arms = protocol.arms.map((a) => a.name)
  const rows: BaselineRow[] = []
  for (const c of protocol.covariates) {
    const col = dataset.header.indexOf(c.name)
    if (col < 0) continue
    const label = c.unit ? `${c.label} (${c.unit})` : c.label
    const values = (arm: string) =>
      dataset.rows
        .filter((r) => r[armColumn] === arm)
        .map((r) => r[col])
        .filter((v) => v !== null && v !== '')
    if (c.type === 'continuous' || c.type === 'count') {
      const by_arm: BaselineRow['by_arm'] = {}
      for (const arm of arms) {
        const xs = values(arm).map(Number).filter(Number.isFinite)
        const n = xs.length
        const mean = n ? xs.reduce((a, b) => a + b, 0) / n : NaN
        const sd = n > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1)) : NaN
        by_arm[arm] = n
          ? {
              text: `${one(mean)} (${Number.isFinite(sd) ? one(sd) : '-'})`,
              n,
              mean,
              ...(Number.isFinite(sd) ? { sd } : {}),
            }
          : { text: 'not recorded', n: 0 }
      }
      rows.push({ variable: c.name, label: `${label}, mean (SD)`, level: null, by_arm })
    } else {
      const levels =
        c.type === 'binary'
          ? ['1']
          : (c.levels ??
            [...new Set(dataset.rows.map((r) => String(r[col] ?? '')).filter(Boolean))].sort())
      for (const level of levels) {
        const by_arm: BaselineRow['by_arm'] = {}
        for (const arm of arms) {
          const xs = values(arm).map(String)
          const count = xs.filter((x) => x === level).length
          const percent = xs.length ? (100 * count) / xs.length : 0
          by_arm[arm] = { text: `${count} (${one(percent)}%)`, n: xs.length, count, percent }
        }
        rows.push({
          variable: c.name,
          label:
            c.type === 'binary'
              ? `${c.label}, n (%)`
              : `${c.label}: ${level.replace(/_/g, ' ')}, n (%)`,
          level: c.type === 'binary' ? null : level,
          by_arm,
        })
      }
    }
  }
  return rows
}

/**
 * Per arm, the households with a value of `variable` and its mean (the proportion, for 0/1 outcomes).
 *
 * @example
 * armSummaries(protocol, dataset, 'homeless_6m').usual_care // { n: 165, mean: 0.31 }
 */
export function armSummaries(
  protocol: Protocol,
  dataset: DatasetView,
  variable: string
): Record<string, { n: number; mean: number | null }> {
  const armColumn = dataset.header.indexOf('arm')
  const col = dataset.header.indexOf(variable)
  const out: Record<string, { n: number; mean: number | null }> = {}
  for (const arm of protocol.arms.map((a) => a.name)) {
    const xs =
      col < 0
        ? []
        : dataset.rows
            .filter((r) => r[armColumn] === arm)
            .map((r) => r[col])
            .filter((v): v is number => typeof v === 'number')
    out[arm] = { n: xs.length, mean: xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null }
  }
  return out
}
